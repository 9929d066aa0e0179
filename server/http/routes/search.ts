import { Router } from 'express'
import { searchPlaces } from '../../domain/search'
import type { AppDeps } from '../app'
import { route } from '../route'
import { searchQuery } from '../contract/search'

export function searchRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/search', tags: ['search'],
    summary: 'Find a place by postcode, ward, LSOA code or name, locality, place name or asset name: typed results with a point (and a bbox for areas), the area each opens and its ward and locality',
    query: searchQuery,
    handler: async ({ query }, _req, res) => {
      res.json(await searchPlaces(deps.db, { q: query.q, limit: query.limit }))
    },
  })
  return r
}
