/** GET /api/assets and asset edits: community assets as GeoJSON points; editors' changes to assets. */
import type { FeatureCollection, Point } from 'geojson'
import { z } from 'zod'
import type { assetFeature } from '../../domain/exports/features'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { bboxParam, codeParam, contextParam, idListParam, intParam } from './params'
import { fieldsValue, latValue, lineText, lonValue, postcodeText } from './suggestions'

export type { AssetRegisterRow, AssetChangeEntry } from '../../domain/assetRegister'

/** The properties the server writes for an asset (assetFeature): one definition. */
export type AssetProperties = ReturnType<typeof assetFeature>['properties']

export type AssetCollection = FeatureCollection<Point, AssetProperties>

/** PATCH /api/assets/:id (editor) */
export const assetPatch = z
  .strictObject({
    name: lineText(200).optional(),
    category: z.string().max(40).optional(),
    address: lineText(300).nullable().optional(),
    postcode: postcodeText.nullable().optional(),
    status: z.enum(['open', 'closed']).optional(),
    lon: lonValue.optional(),
    lat: latValue.optional(),
    attrs: fieldsValue.optional().meta({ description: 'merged into the asset attributes; a null value removes that key' }),
  })
  .refine((b) => Object.keys(b).length > 0, 'change at least one field')
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lon'], message: 'give both lon and lat, or neither' })

export type AssetPatch = z.input<typeof assetPatch>

/** POST /api/assets (editor): a new asset, placed by lon/lat (a click on the map) or by its postcode. */
export const assetCreate = z
  .strictObject({
    name: lineText(200),
    category: z.string().max(40),
    address: lineText(300).optional(),
    postcode: postcodeText.optional(),
    lon: lonValue.optional(),
    lat: latValue.optional(),
    provenance: lineText(500).meta({ description: 'where the information comes from (a web page, a visit, a phone call)' }),
    note: lineText(500).optional(),
  })
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lon'], message: 'give both lon and lat, or neither' })
  .refine((b) => b.lon !== undefined || b.postcode !== undefined, { path: ['postcode'], message: 'give a postcode or lon and lat' })

export type AssetCreate = z.input<typeof assetCreate>

/** near=lon,lat: a WGS84 point. */
export const pointParam = z.string().transform((s, ctx) => {
  const n = s.split(',').map(Number)
  if (n.length !== 2 || n.some((x) => !Number.isFinite(x)) || Math.abs(n[0]) > 180 || Math.abs(n[1]) > 90) {
    ctx.addIssue({ code: 'custom', message: 'near must be lon,lat in WGS84 degrees' })
    return z.NEVER
  }
  return { lon: n[0], lat: n[1] }
})

/** GET /api/assets */
export const assetQuery = z.strictObject({
  category: idListParam.optional(),
  locality: codeParam.optional(),
  bbox: bboxParam.optional(),
  near: pointParam.optional(),
  radius: intParam(1, 50_000, 1000),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  limit: intParam(1, 2000, 2000),
  context: contextParam,
  format: formatParam(RESOURCE_FORMATS.assets, 'geojson'),
})
