/**
 * Serialisers shared by the API and exports: GeoJSON FeatureCollections and CSV, each carrying the
 * source, vintage and licence of every figure.
 */
import { stringify } from 'csv-stringify/sync'
import type { CatalogueIndicator } from '../domain/catalogue'
import type { AreaRecord } from '../db/areas'

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

/** CSV: a header naming each indicator with unit and vintage; sources and licences after a blank line. */
export function areasCsv(areas: AreaRecord[], indicators: CatalogueIndicator[]): string {
  const header = ['level', 'code', 'name', ...indicators.map((d) => `${d.id}: ${d.title} [${d.unit}] (${d.vintage})`)]
  const rows = areas.map((a) => [
    a.level, a.code, a.name,
    ...indicators.map((d) => (a.suppressed.includes(d.id) ? 'suppressed (1-4)' : (a.values[d.id] ?? ''))),
  ])
  return stringify([header, ...rows]) + sourcesBlock(indicators)
}

export function sourcesBlock(indicators: CatalogueIndicator[]): string {
  const seen = new Map<string, CatalogueIndicator>()
  for (const d of indicators) if (d.source) seen.set(d.source.dataset, d)
  return '\n' + stringify([
    ['Sources'],
    ...[...seen.values()].map((d) => [`${d.source!.title}; ${d.source!.publisher}; vintage ${d.source!.vintage}; licence ${d.source!.licence}; ${d.source!.attribution}; ${d.source!.url}`]),
  ])
}

/** A locality profile as CSV: locality / borough / London / England per indicator, with vintage and source. */
export function profileCsv(p: import('../domain/profile').LocalityProfile): string {
  const header = ['indicator', 'title', 'unit', p.locality.name, 'Borough', 'London', 'England', 'vintage', 'source', 'licence']
  const rows = p.rows.map((r) => [
    r.indicator.id, r.indicator.title, r.indicator.unit, r.locality ?? '', r.borough ?? '', r.london ?? '', r.england ?? '',
    r.indicator.vintage, r.indicator.source ?? '', r.indicator.licence ?? '',
  ])
  return stringify([header, ...rows])
}
