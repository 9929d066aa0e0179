import { Router } from 'express'
import { z } from 'zod'
import { DEFAULT_INDICATOR } from '../../catalogue/indicators'
import { getLocalityProfile } from '../../domain/profile'
import { getLocalityOverview } from '../../domain/overview'
import type { AppDeps } from '../app'
import { codeParam, route } from '../route'
import { profileCsv } from '../serialise'

export function localityRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/localities', tags: ['localities'],
    summary: 'The localities ranked by need (worst first) on an indicator, with headline figures and a sentence each',
    query: z.strictObject({ indicator: z.string().max(60).default(DEFAULT_INDICATOR) }),
    handler: async ({ query }, _req, res) => {
      res.json(await getLocalityOverview(deps.db, query.indicator))
    },
  })
  route(r, {
    method: 'get', path: '/api/localities/:code/profile', tags: ['localities'],
    summary: 'A locality beside the borough, London and England for every indicator; its LSOAs ranked; a plain summary',
    params: z.strictObject({ code: codeParam }),
    query: z.strictObject({ rank: z.string().max(60).default(DEFAULT_INDICATOR), format: z.enum(['json', 'csv']).default('json') }),
    produces: ['application/json', 'text/csv'],
    handler: async ({ params, query }, _req, res) => {
      const p = await getLocalityProfile(deps.db, params.code, query.rank)
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="profile-${p.locality.code}.csv"`).send(profileCsv(p))
        return
      }
      res.json(p)
    },
  })
  return r
}
