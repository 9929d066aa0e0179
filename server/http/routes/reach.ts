/**
 * GET /api/targeting/reach: the anchor view's catchment measured from any asset, a postcode or a
 * point, with the distance applied as asked (detour 1 = a straight line). Public, like the
 * anchors' own catchments; same exports.
 */
import { Router } from 'express'
import { z } from 'zod'
import { catchmentDataset } from '../../domain/exports/targeting'
import { catchmentFrom, type ReachFrom } from '../../domain/reach'
import { ALL_FORMATS } from '../../exports/formats'
import type { AppDeps } from '../app'
import { formatParam, mediaTypes, sendExport } from '../export'
import { route } from '../route'

const query = z.strictObject({
  asset: z.coerce.number({ error: 'must be an asset number' }).int().positive().optional()
    .meta({ description: 'Measure from this asset (any verified asset, anchor or not).' }),
  postcode: z.string().trim().regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/, 'must be a full postcode, like RM9 6UH').optional()
    .meta({ description: 'Measure from this postcode (OS Code-Point Open).' }),
  lon: z.coerce.number({ error: 'must be a longitude' }).min(-180).max(180).optional(),
  lat: z.coerce.number({ error: 'must be a latitude' }).min(-90).max(90).optional(),
  distance: z.coerce.number({ error: 'must be metres from 100 to 20000' }).int().min(100).max(20_000).default(3000)
    .meta({ description: 'Distance in metres (100 to 20000, default 3000), applied as given.' }),
  detour: z.coerce.number({ error: 'must be a number from 1 to 3' }).min(1).max(3).default(1)
    .meta({ description: '1 (default): the distance is a straight line; above 1: it is a walk, taken as the straight line x this factor.' }),
  format: formatParam(['json', ...ALL_FORMATS]),
}).superRefine((q, ctx) => {
  const given = [q.asset !== undefined, q.postcode !== undefined, q.lon !== undefined || q.lat !== undefined].filter(Boolean).length
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['asset'], message: 'give exactly one of asset, postcode, or lon and lat' })
  else if ((q.lon === undefined) !== (q.lat === undefined)) ctx.addIssue({ code: 'custom', path: [q.lon === undefined ? 'lon' : 'lat'], message: 'give both lon and lat' })
})

export function reachRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/targeting/reach', tags: ['targeting'],
    summary: 'LSOAs within a distance of any asset, a postcode or a point, ranked by employment deprivation (as an anchor\'s catchment)',
    query,
    produces: mediaTypes(['json', ...ALL_FORMATS]),
    handler: async ({ query: q }, req, res) => {
      const from: ReachFrom = q.asset !== undefined ? { asset: q.asset } : q.postcode !== undefined ? { postcode: q.postcode } : { lon: q.lon!, lat: q.lat! }
      const c = await catchmentFrom(deps.db, from, q.distance, q.detour)
      if (q.format === 'json') res.json(c)
      else await sendExport(req, res, q.format, catchmentDataset(c))
    },
  })
  return r
}
