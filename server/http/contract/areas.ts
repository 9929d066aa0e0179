/** GET /api/areas/:level: areas with indicator values, as GeoJSON or an export. */
import type { FeatureCollection, Geometry } from 'geojson'
import { z } from 'zod'
import { LEVELS, type Level } from '../../catalogue/types'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { bboxParam, codeParam, contextParam, idListParam } from './params'

export const areaPath = z.strictObject({ level: z.enum(LEVELS) })

export const areaQuery = z.strictObject({
  indicators: idListParam.pipe(z.array(z.string()).min(1, 'name at least one indicator').max(50, 'at most 50 indicators')),
  locality: codeParam.optional(),
  bbox: bboxParam.optional(),
  context: contextParam,
  format: formatParam(RESOURCE_FORMATS.areas, 'geojson'),
  order: z.enum(['need', 'code']).default('need').meta({ description: 'Row order of table exports: greatest need first on the first indicator (as the table view shows), or by code' }),
  geometry: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
})

export interface AreaProperties {
  code: string
  name: string
  level: Level
  provisional?: boolean
  /** set on areas held as context around the borough (e.g. 'london'): drawn muted */
  context?: string
  suppressed?: string[]
  [indicator: string]: unknown
}

export type AreaCollection = FeatureCollection<Geometry | null, AreaProperties> & { indicators?: Array<{ id: string; vintage: string; source: string }> }
