/**
 * The OGC API - Features collections, read from the catalogue: one collection per area level
 * (carrying every indicator that holds values at that level) and one of community assets. Nothing
 * here names an indicator; the collection ids are the catalogue's levels plus `assets`.
 */
import { assetCategories } from '../../catalogue/assetCategories'
import { LEVELS, type Level } from '../../catalogue/types'
import type { CatalogueIndicator } from '../catalogue'

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'

/** OGC API - Features Part 1 conformance classes this service implements. */
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const

export const ASSETS_COLLECTION = 'assets'
export const COLLECTION_IDS: readonly string[] = [...LEVELS, ASSETS_COLLECTION]

const LEVEL_TEXT: Record<Level, { title: string; what: string }> = {
  lsoa21: { title: 'Lower layer super output areas (2021)', what: 'The ONS 2021 LSOAs of the borough (about 1,500 residents each).' },
  ward: { title: 'Electoral wards', what: 'The electoral wards of the borough.' },
  locality: { title: 'Localities', what: 'The borough\'s localities, each a group of whole wards.' },
  borough: { title: 'Borough', what: 'The local authority as a whole.' },
}

/** [minLon, minLat, maxLon, maxLat] in CRS84 */
export type Extent = [number, number, number, number]

export interface AreaCollection {
  kind: 'area'
  id: Level
  title: string
  description: string
  extent: Extent | null
  /** indicators carried as feature properties, named by indicator id */
  indicators: CatalogueIndicator[]
}

export interface AssetCollection {
  kind: 'asset'
  id: string
  title: string
  description: string
  extent: Extent | null
  categories: Array<{ id: string; title: string; count: number }>
}

export type OgcCollection = AreaCollection | AssetCollection

/** One indicator in a collection description: what it is, in what unit, of when, from where, under which licence. */
function describeIndicator(d: CatalogueIndicator): string {
  const source = d.source ? `source ${d.source.title} (${d.source.publisher}); licence ${d.source.licence}` : 'source not imported'
  return `${d.id}: ${d.title} [${d.unit}], ${d.vintage}; ${source}`
}

export function areaCollection(level: Level, indicators: CatalogueIndicator[], extent: Extent | null): AreaCollection {
  const carried = indicators.filter((d) => d.available.includes(level))
  const t = LEVEL_TEXT[level]
  const description = [
    `${t.what} Properties: code, name, level, then one property per indicator, named by its id`,
    ` (null where no value; suppressed small counts are null and listed in \`suppressed\`):`,
    carried.length ? `\n- ${carried.map(describeIndicator).join('\n- ')}` : ' none imported yet.',
  ].join('')
  return { kind: 'area', id: level, title: t.title, description, extent, indicators: carried }
}

export function assetCollection(counts: Map<string, number>, extent: Extent | null): AssetCollection {
  const categories = assetCategories.map((c) => ({ id: c.id, title: c.title, count: counts.get(c.id) ?? 0 }))
  const description = [
    'Verified community assets as points. Properties: category, name, address, postcode, precision',
    ' (exact, building or postcode centroid), status (open or closed), anchor (an anchor institution),',
    ' source (dataset title), licence, attribution and vintage.',
    ` Filter with category=<id>; categories: ${categories.map((c) => `${c.id} (${c.title}, ${c.count})`).join(', ')}.`,
  ].join('')
  return { kind: 'asset', id: ASSETS_COLLECTION, title: 'Community assets', description, extent, categories }
}
