/**
 * GET /api/targeting/reach: the anchor view's catchment measured from any asset, a postcode or a
 * point, with the distance applied as asked (detour 1 = a straight line). Public, like the
 * anchors' own catchments; same exports.
 */
import { Router } from 'express'
import { catchmentDataset } from '../../domain/exports/targeting'
import { catchmentFrom, type ReachFrom } from '../../domain/reach'
import { RESOURCE_FORMATS } from '../../exports/formats'
import type { AppDeps } from '../app'
import { mediaTypes, sendExport } from '../export'
import { reachQuery } from '../contract/reach'
import { route } from '../route'

export function reachRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/targeting/reach', tags: ['targeting'],
    summary: 'LSOAs within a distance of any asset, a postcode or a point, ranked by employment deprivation (as an anchor\'s catchment)',
    query: reachQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.reach]),
    handler: async ({ query: q }, req, res) => {
      const from: ReachFrom = q.asset !== undefined ? { asset: q.asset } : q.postcode !== undefined ? { postcode: q.postcode } : { lon: q.lon!, lat: q.lat! }
      const c = await catchmentFrom(deps.db, from, q.distance, q.detour, q.context)
      if (q.format === 'json') res.json(c)
      else await sendExport(req, res, q.format, catchmentDataset(c))
    },
  })
  return r
}
