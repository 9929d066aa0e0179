/** GET /api/targeting/reach: a catchment measured from any asset, a postcode or a point. */
import { z } from 'zod'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { contextParam } from './params'

export type { ReachFrom } from '../../domain/reach'

export const reachQuery = z.strictObject({
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
  context: contextParam,
  format: formatParam(['json', ...RESOURCE_FORMATS.reach]),
}).superRefine((q, ctx) => {
  const given = [q.asset !== undefined, q.postcode !== undefined, q.lon !== undefined || q.lat !== undefined].filter(Boolean).length
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['asset'], message: 'give exactly one of asset, postcode, or lon and lat' })
  else if ((q.lon === undefined) !== (q.lat === undefined)) ctx.addIssue({ code: 'custom', path: [q.lon === undefined ? 'lon' : 'lat'], message: 'give both lon and lat' })
})
