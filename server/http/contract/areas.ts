/** GET /api/areas/:level: areas with indicator values, as GeoJSON. */
import type { FeatureCollection, Geometry } from 'geojson'
import type { Level } from '../../catalogue/types'

export interface AreaProperties {
  code: string
  name: string
  level: Level
  provisional?: boolean
  suppressed?: string[]
  [indicator: string]: unknown
}

export type AreaCollection = FeatureCollection<Geometry | null, AreaProperties> & { indicators?: Array<{ id: string; vintage: string; source: string }> }
