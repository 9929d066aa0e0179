import { Router } from 'express'
import { z } from 'zod'
import { getPublishedPosition } from '../../domain/published'
import type { AppDeps } from '../app'
import { route } from '../route'

export function publishedRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/borough/published', tags: ['areas'],
    summary: "The borough's IoD 2025 position as published (File 10: ranks of 296 LADs, London position), beside the figures computed from LSOAs",
    query: z.strictObject({}),
    handler: async (_in, _req, res) => {
      res.json(await getPublishedPosition(deps.db, deps.config.LOCAL_AUTHORITY))
    },
  })
  return r
}
