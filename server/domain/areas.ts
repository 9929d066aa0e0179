/**
 * Areas with indicator values, as RFC 7946 GeoJSON or rows for CSV: the use-case behind the areas
 * API and exports. Validates that each indicator exists and has values at the level asked for.
 */
import { findIndicator } from '../catalogue/indicators'
import { LEVELS, type IndicatorDescriptor, type Level } from '../catalogue/types'
import type { ContextName } from '../catalogue/contexts'
import { countAreas, listAreas, type AreaRecord } from '../db/areas'
import { contextAreaCount } from '../db/context'
import type { Database } from '../db/connect'
import { getCatalogue, type CatalogueIndicator } from './catalogue'
import { InvalidParameter, NotFound } from './errors'

/** No single response carries more areas than this; OGC API items page beyond it. */
export const MAX_AREAS_PER_RESPONSE = 5000

export interface AreasRequest {
  level: Level
  indicators: string[]
  locality?: string
  bbox?: [number, number, number, number]
  /** include the areas held as this context (e.g. 'london') */
  context?: ContextName
  geometry: boolean
}

export interface AreasResult {
  level: Level
  indicators: CatalogueIndicator[]
  areas: AreaRecord[]
  dataVersion: number
}

export function resolveIndicators(ids: string[], level?: Level): IndicatorDescriptor[] {
  return ids.map((id) => {
    const d = findIndicator(id)
    if (!d) throw new NotFound(`Unknown indicator "${id}". GET /api/catalogue lists them.`, { indicator: id })
    if (level && !d.levels.includes(level)) {
      throw new InvalidParameter(`Indicator "${id}" is not available for ${level} (available: ${d.levels.join(', ')}).`, [
        { path: 'query.indicators', message: `not available for ${level}` },
      ])
    }
    return d
  })
}

export async function getAreas(db: Database, req: AreasRequest): Promise<AreasResult> {
  if (!LEVELS.includes(req.level)) throw new NotFound(`Unknown level "${req.level}" (levels: ${LEVELS.join(', ')})`)
  const ds = resolveIndicators(req.indicators, req.level)
  const { value: catalogue, version } = await getCatalogue(db)
  if (req.locality && !catalogue.localities.some((l) => l.code === req.locality)) {
    throw new NotFound(`Unknown locality "${req.locality}" (localities: ${catalogue.localities.map((l) => l.code).join(', ')})`)
  }
  if (req.context) await requireContext(db, req.context, req.level)
  const q = { level: req.level, indicators: ds.map((d) => d.id), locality: req.locality, bbox: req.bbox, geometry: req.geometry, context: req.context !== undefined }
  const n = await countAreas(db.knex, q)
  if (n > MAX_AREAS_PER_RESPONSE) {
    throw new InvalidParameter(
      `${n} areas match, more than ${MAX_AREAS_PER_RESPONSE} in one response: narrow with bbox or locality, or page through /ogc/collections/${req.level}/items.`,
      [{ path: 'query.bbox', message: 'too many areas' }],
    )
  }
  const areas = await listAreas(db.knex, q)
  const indicators = ds.map((d) => catalogue.indicators.find((c) => c.id === d.id)!)
  return { level: req.level, indicators, areas, dataVersion: version }
}

/** A context asked for must be held at that level: an empty answer would read as "no neighbours". */
export async function requireContext(db: Database, context: ContextName, level: string): Promise<void> {
  if ((await contextAreaCount(db.knex, level)) === 0) {
    throw new InvalidParameter(`No ${level} areas are held as context "${context}" (import them with: npm run geodata -- context ${context}).`, [
      { path: 'query.context', message: 'context not imported at this level' },
    ])
  }
}
