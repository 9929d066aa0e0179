/** GET /api/assets and asset edits: community assets as GeoJSON points; editors' changes to assets and the locality definition. */
import type { FeatureCollection, Point } from 'geojson'
import { z } from 'zod'
import type { assetFeature } from '../../domain/exports/features'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { bboxParam, codeParam, idListParam, intParam } from './params'
import { fieldsValue, latValue, lineText, lonValue, postcodeText } from './suggestions'

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

/** PUT /api/localities/definition (editor): ward -> locality */
export const definitionBody = z.strictObject({
  rows: z
    .array(z.strictObject({
      ward_code: z.string().regex(/^E05\d{6}$/, 'must be a ward code of the form E05 + 6 digits'),
      locality_name: lineText(100),
      locality_code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be letters, digits, - or _ (at most 40)').optional(),
    }))
    .min(1, 'list at least one ward')
    .max(500, 'at most 500 rows'),
})

export type AssetPatch = z.input<typeof assetPatch>
export type LocalityDefinitionInput = z.input<typeof definitionBody>

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
  format: formatParam(RESOURCE_FORMATS.assets, 'geojson'),
})
