import { z } from 'zod'

// The common row every community-asset reader returns, so the loader and the siting model treat a
// GP surgery, a library or a council-listed family hub alike.

export const ASSET_CATEGORIES = [
  'gp',
  'pharmacy',
  'hospital',
  'library',
  'school',
  'place_of_worship',
  'family_hub',
  'childrens_centre',
  'community_centre',
  'youth_centre',
  'leisure_centre',
  'food_bank',
  'advice_centre',
  'other',
] as const
export type AssetCategory = (typeof ASSET_CATEGORIES)[number]

/**
 * How far to trust the point: 'exact' = surveyed or mapped at the site; 'building' = centroid of
 * the building polygon; 'postcode' = the postcode's centroid (or no point yet: geocode it later).
 */
export type AssetPrecision = 'exact' | 'postcode' | 'building'

export interface AssetRow {
  category: AssetCategory
  name: string
  address: string
  postcode: string | null
  /** The source's own key: ODS code, URN, osm_id, or a row key where the source has none. */
  sourceRef: string
  /** WGS84 position, when the source gives one. */
  lon?: number
  lat?: number
  /** British National Grid position (EPSG:27700), when the source gives one. */
  easting?: number
  northing?: number
  precision: AssetPrecision
  status: 'open' | 'closed'
  /** Source-specific extras (list size, phase, religion, licence ...). */
  attrs: Record<string, unknown>
}

/** The same shape as a zod schema, for tests and for callers that receive rows over a boundary. */
export const assetRowSchema = z.strictObject({
  category: z.enum(ASSET_CATEGORIES),
  name: z.string().min(1),
  address: z.string(),
  postcode: z.string().nullable(),
  sourceRef: z.string().min(1),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  easting: z.number().optional(),
  northing: z.number().optional(),
  precision: z.enum(['exact', 'postcode', 'building']),
  status: z.enum(['open', 'closed']),
  attrs: z.record(z.string(), z.unknown()),
})

/** Joins address parts, dropping empty ones: joinAddress(['2 Town Square', '', 'Barking']) === '2 Town Square, Barking'. */
export function joinAddress(parts: readonly (string | null | undefined)[]): string {
  return parts
    .map((p) => (p ?? '').trim())
    .filter((p) => p !== '')
    .join(', ')
}
