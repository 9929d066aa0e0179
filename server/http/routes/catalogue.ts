import { Router } from 'express'
import { z } from 'zod'
import { getCatalogue } from '../../domain/catalogue'
import type { AppDeps } from '../app'
import { route } from '../route'

export function catalogueRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/catalogue', tags: ['catalogue'],
    summary: 'Every indicator with its descriptor, source, licence and class breaks; localities; asset categories',
    query: z.strictObject({}),
    handler: async (_in, _req, res) => {
      const { value } = await getCatalogue(deps.db)
      res.set('Cache-Control', 'no-cache').json(value)
    },
  })
  return r
}
