/**
 * GeoJSON features shared by the API and the exports (areas, assets), each carrying the source,
 * vintage and licence of every figure.
 */
import type { AreaRecord } from '../../db/areas'
import type { AssetRecord } from '../../db/assets'
import type { CatalogueIndicator } from '../catalogue'

export function provenance(indicators: CatalogueIndicator[]) {
  return indicators.map((d) => ({
    id: d.id, title: d.title, unit: d.unit, vintage: d.vintage, polarity: d.polarity,
    source: d.source?.title ?? null, publisher: d.source?.publisher ?? null, licence: d.source?.licence ?? null,
    attribution: d.source?.attribution ?? null, url: d.source?.url ?? null,
  }))
}

export function areaFeature(a: AreaRecord) {
  return {
    type: 'Feature' as const,
    id: a.code,
    geometry: a.geometry,
    properties: {
      code: a.code, name: a.name, level: a.level,
      ...(a.attrs.provisional !== undefined ? { provisional: a.attrs.provisional } : {}),
      ...(typeof a.attrs.context === 'string' ? { context: a.attrs.context } : {}),
      ...a.values,
      ...(a.suppressed.length ? { suppressed: a.suppressed } : {}),
    },
  }
}

export function areasGeoJson(areas: AreaRecord[], indicators: CatalogueIndicator[], extra: Record<string, unknown> = {}) {
  return {
    type: 'FeatureCollection' as const,
    ...extra,
    indicators: provenance(indicators),
    features: areas.map(areaFeature),
  }
}

export function assetFeature(a: AssetRecord) {
  return {
    type: 'Feature' as const,
    id: a.id,
    geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    properties: {
      id: a.id, category: a.category, name: a.name, address: a.address, postcode: a.postcode, precision: a.precision,
      status: a.status, ...(a.closed_reason ? { closed_reason: a.closed_reason } : {}), anchor: a.is_anchor, ...(a.distance_m !== null ? { distance_m: Math.round(a.distance_m) } : {}),
      source: a.source, licence: a.licence, attribution: a.attribution, vintage: a.vintage, attrs: a.attrs, ...(a.context ? { context: a.context } : {}),
    },
  }
}
