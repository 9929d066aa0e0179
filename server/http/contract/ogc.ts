/** OGC API - Features: the query and path parameters of the landing page, collections and items. */
import { z } from 'zod'
import { assetCategoryIds } from '../../catalogue/assetCategories'
import { COLLECTION_IDS, CRS84 } from '../../domain/ogc'
import { bboxParam, intParam } from './params'

export const MAX_LIMIT = 1000

export const f = z.enum(['json']).optional().meta({ description: 'Response format: json (the only one offered).' })
export const fGeo = z.enum(['json', 'geojson']).optional().meta({ description: 'Response format: GeoJSON either way.' })
const crs84 = (name: string) =>
  z.literal(CRS84, { error: `${name} must be ${CRS84}: only CRS84 (WGS84 longitude, latitude) is supported` })
    .optional().meta({ description: `Only ${CRS84} is supported.` })
export const collectionId = z.string().max(100).meta({ description: `Collection id: ${COLLECTION_IDS.join(', ')}.` })

/** RFC 3339 instant, or an interval of two instants where either end may be open (`..` or empty). */
const instant = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/
const datetime = z.string().max(100)
  .refine((s) => {
    const parts = s.split('/')
    if (parts.length === 1) return instant.test(s)
    return parts.length === 2 && parts.every((p) => p === '' || p === '..' || instant.test(p)) && parts.some((p) => instant.test(p))
  }, 'datetime must be an RFC 3339 date-time or interval such as 2019-01-01T00:00:00Z/..')
  .optional()
  .meta({ description: 'RFC 3339 date-time or interval. The features carry no temporal geometry, so every feature matches.' })

export const itemsQuery = z.strictObject({
  f: fGeo,
  limit: intParam(1, MAX_LIMIT, 10).meta({ description: `Features per page, 1 to ${MAX_LIMIT} (default 10).` }),
  offset: intParam(0, 1_000_000, 0).meta({ description: 'Features to skip: follow the next and prev links rather than counting.' }),
  bbox: bboxParam.optional(),
  'bbox-crs': crs84('bbox-crs'),
  crs: crs84('crs'),
  datetime,
  properties: z.string().max(4000).regex(/^[A-Za-z0-9_,]*$/, 'properties is a comma-separated list of indicator ids')
    .transform((s) => s.split(',').filter(Boolean)).optional()
    .meta({ description: 'Area collections only: a comma-separated list of the indicator ids the features carry (OGC API - Features Part 6, property selection); empty, none. Code, name and level always come. Absent: every indicator of the collection.' }),
  category: z.enum(assetCategoryIds as [string, ...string[]]).optional()
    .meta({ description: `assets collection only: one category (${assetCategoryIds.join(', ')}).` }),
})

export const featurePath = z.strictObject({
  collectionId,
  featureId: z.string().max(100).regex(/^[^\u0000-\u001f]*$/, 'must not contain control characters').meta({ description: 'Feature id: an area code (E01000027) or an asset number.' }),
})
