/**
 * The targeting API's contract: need index specs (body and shareable query string), saved indices
 * and anchor institutions; the types of their answers.
 */
import { z } from 'zod'
import { INDEX_LEVELS, MAX_COMPONENTS, METHODS, MISSING_RULES } from '../../domain/targeting'
import { INDEX_DEFAULTS } from '../../targeting/spec'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { contextParam } from './params'

export type { IndexArea, IndexComponent, NeedIndexResult, NeedIndexSpec } from '../../domain/targeting'
export type { AnchorRow, Catchment } from '../../domain/anchors'

export const component = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,60}$/, 'must be an indicator id from /api/catalogue'),
  weight: z.number().positive('weights must be positive').max(1e6),
})

export const indexSpec = z.strictObject({
  indicators: z.array(component).min(1, 'choose at least one indicator').max(MAX_COMPONENTS, `at most ${MAX_COMPONENTS} indicators`),
  method: z.enum(METHODS).default(INDEX_DEFAULTS.method),
  level: z.enum(INDEX_LEVELS).default(INDEX_DEFAULTS.level),
  missing: z.enum(MISSING_RULES).default(INDEX_DEFAULTS.missing),
})

/** indicators=idaci_score_2019:2,fp_pct_2021:1 (weight defaults to 1). */
export const componentsParam = z
  .string()
  .max(1000)
  .transform((s, ctx) => {
    const out: Array<{ id: string; weight: number }> = []
    for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
      const [id, w, extra] = part.split(':')
      const weight = w === undefined ? 1 : Number(w)
      if (extra !== undefined || !/^[a-z0-9_]{1,60}$/.test(id) || !(weight > 0) || !Number.isFinite(weight) || weight > 1e6) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not id:weight with a positive weight (e.g. idaci_score_2019:2)` })
        return z.NEVER
      }
      out.push({ id, weight })
    }
    if (!out.length || out.length > MAX_COMPONENTS) {
      ctx.addIssue({ code: 'custom', message: `name 1 to ${MAX_COMPONENTS} indicators as id:weight` })
      return z.NEVER
    }
    return out
  })
  .meta({ description: 'Comma-separated id:weight pairs (weight defaults to 1; weights are rescaled to sum to 1).', example: 'idaci_score_2019:2,fp_pct_2021:1' })

export const saveBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  spec: indexSpec,
})

export const anchorBody = z.union([
  z.strictObject({ asset_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({
    name: z.string().trim().min(1).max(200),
    category: z.string().max(40).default('anchor'),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    address: z.string().max(500).optional(),
  }),
])


/** POST /api/targeting/indices as the client writes it. */
export type SavedIndexInput = z.input<typeof saveBody>
export type AnchorInput = z.input<typeof anchorBody>

/** GET /api/targeting/index: the need index in the query string (shareable), or its export. */
export const needIndexQuery = z.strictObject({
  indicators: componentsParam,
  method: z.enum(METHODS).default(INDEX_DEFAULTS.method),
  level: z.enum(INDEX_LEVELS).default(INDEX_DEFAULTS.level),
  missing: z.enum(MISSING_RULES).default(INDEX_DEFAULTS.missing),
  format: formatParam(['json', ...RESOURCE_FORMATS.needIndex]),
})

/** GET /api/targeting/anchors: context=london adds the anchors held as context (outside the borough). */
export const anchorsQuery = z.strictObject({ context: contextParam })

export const catchmentQuery = z.strictObject({
  distance: z.coerce.number({ error: 'must be metres from 100 to 20000' }).int().min(100).max(20_000).default(3000)
    .meta({ description: 'Travel distance in metres (100 to 20000, default 3000).' }),
  detour: z.coerce.number({ error: 'must be a number from 1 to 3' }).min(1).max(3).default(1.3)
    .meta({ description: 'Detour factor: travel distance = straight-line distance x detour (1 to 3, default 1.3).' }),
  context: contextParam,
  format: formatParam(['json', ...RESOURCE_FORMATS.anchorCatchment]),
})
