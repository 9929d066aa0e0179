/** What a popup says of an area: its name, the current layer's value (and rank) and vintage. */
import type { MapGeoJSONFeature } from 'maplibre-gl'
import type { CatalogueIndicator } from '../api'
import { formatValue } from '../classes'
import type { ViewState } from '../state'
import type { AreaValues } from '../values'

export function describeArea(f: MapGeoJSONFeature, s: ViewState, ind: CatalogueIndicator, values: AreaValues | null) {
  const code = String(f.properties.code)
  const v = values && values.indicator === ind.id && values.level === s.level ? values.byCode.get(code) : undefined
  const raw = v?.value ?? (typeof f.properties[ind.id] === 'number' ? (f.properties[ind.id] as number) : null)
  return {
    name: areaName(f, values), code, level: s.level, indicator: ind.title,
    value: raw === null ? 'no value' : `${formatValue(raw, ind)}${ind.unit.startsWith('%') ? '' : ` ${ind.unit}`}`,
    rank: v?.rank ? `${v.rank} of ${values!.count} (1 = greatest need)` : null,
    vintage: ind.source?.vintage ?? ind.vintage,
  }
}

/**
 * An area's name: tiles below the values zoom carry the code only, so the name comes from the
 * level's values (/api/areas?geometry=false) there; the code when neither has it.
 */
export function areaName(f: MapGeoJSONFeature, values: AreaValues | null): string {
  const code = String(f.properties.code)
  return f.properties.name != null ? String(f.properties.name) : values?.byCode.get(code)?.name ?? code
}
