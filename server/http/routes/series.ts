import { Router } from 'express'
import { z } from 'zod'
import { getSeries } from '../../domain/series'
import type { AppDeps } from '../app'
import { route } from '../route'

export function seriesRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/series', tags: ['series'],
    summary: 'Borough-level series (temporary accommodation) for the borough, London and England, by period',
    query: z.strictObject({}),
    handler: async (_in, _req, res) => {
      res.json(await getSeries(deps.db))
    },
  })
  return r
}
