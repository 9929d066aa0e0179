/**
 * The current layer's values at the current level, ranked by need: what the table view and the
 * hover/click info show. Built from /api/areas?geometry=false.
 */
import type { AreaCollection, CatalogueIndicator } from './api'
import type { MapLevel } from './state'

export interface AreaValue {
  code: string
  name: string
  value: number | null
  /** 1 = greatest need (the descriptor's polarity decides which end that is); null without a value */
  rank: number | null
}

export interface AreaValues {
  indicator: string
  level: MapLevel
  rows: AreaValue[]
  byCode: Map<string, AreaValue>
  /** areas with a value */
  count: number
}

export function rankAreas(fc: AreaCollection, ind: Pick<CatalogueIndicator, 'id' | 'polarity'>, level: MapLevel): AreaValues {
  const rows: AreaValue[] = fc.features.map((f) => {
    const v = f.properties[ind.id]
    return { code: f.properties.code, name: f.properties.name, value: typeof v === 'number' && Number.isFinite(v) ? v : null, rank: null }
  })
  const sign = ind.polarity === 'higher-better' ? 1 : -1
  const ranked = rows.filter((r) => r.value !== null).sort((a, b) => sign * (a.value! - b.value!) || a.code.localeCompare(b.code))
  ranked.forEach((r, i) => {
    // ties share the better rank (competition ranking, as the IoD ranks are read)
    r.rank = i > 0 && ranked[i - 1].value === r.value ? ranked[i - 1].rank : i + 1
  })
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name))
  return { indicator: ind.id, level, rows, byCode: new Map(rows.map((r) => [r.code, r])), count: ranked.length }
}
