import { Router } from 'express'
import { z } from 'zod'
import { searchPlaces } from '../../domain/search'
import type { AppDeps } from '../app'
import { intParam, route } from '../route'

export function searchRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/search', tags: ['search'],
    summary: 'Find a place by postcode, ward, LSOA code or name, locality, place name or asset name: typed results with a point (and a bbox for areas), the area each opens and its ward and locality',
    query: z.strictObject({
      q: z.string().trim().min(1, 'type at least one character').max(100, 'at most 100 characters'),
      limit: intParam(1, 20, 10),
    }),
    handler: async ({ query }, _req, res) => {
      res.json(await searchPlaces(deps.db, { q: query.q, limit: query.limit }))
    },
  })
  return r
}
