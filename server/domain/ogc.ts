/**
 * OGC API - Features Part 1 use-cases: the collections the catalogue defines, a page of a
 * collection's items, one item. Areas come through the same query as the areas API, carrying every
 * indicator that holds values at their level; assets are verified community assets. The HTTP layer
 * adds links and encodes features as GeoJSON.
 */
import { LEVELS, type Level } from '../catalogue/types'
import { countAreas, levelExtent, listAreas, type AreaRecord } from '../db/areas'
import type { Database } from '../db/connect'
import { countAssets, listAssets, type AssetRecord } from '../db/assets'
import { areaCodesIntersecting, assetExtent, type Bbox } from '../db/features'
import { getCatalogue } from './catalogue'
import { InvalidParameter, NotFound } from './errors'
import { ASSETS_COLLECTION, COLLECTION_IDS, areaCollection, assetCollection, type AreaCollection, type OgcCollection } from './ogc/collections'

export { ASSETS_COLLECTION, COLLECTION_IDS, CONFORMANCE_CLASSES, CRS84, type OgcCollection } from './ogc/collections'

export interface ItemsRequest {
  limit: number
  offset: number
  bbox?: Bbox
  /** assets only */
  category?: string
  /**
   * areas only: the indicators whose values the features carry (OGC API - Features Part 6, property
   * selection); absent, every indicator of the collection. Code, name and level always come.
   */
  properties?: string[]
}

interface Page<K, T> {
  kind: K
  collection: OgcCollection
  numberMatched: number
  features: T[]
}
/** An area page also names the indicators its features carry (all of the collection's, or those selected). */
export type ItemsPage = (Page<'area', AreaRecord> & { indicators: AreaCollection['indicators'] }) | Page<'asset', AssetRecord>
export type Item = { kind: 'area'; collection: OgcCollection; feature: AreaRecord } | { kind: 'asset'; collection: OgcCollection; feature: AssetRecord }

const isLevel = (id: string): id is Level => (LEVELS as readonly string[]).includes(id)

function unknownCollection(id: string): NotFound {
  return new NotFound(`Unknown collection "${id}" (collections: ${COLLECTION_IDS.join(', ')}).`, { collection: id })
}

export async function listCollections(db: Database): Promise<OgcCollection[]> {
  return Promise.all(COLLECTION_IDS.map((id) => getCollection(db, id)))
}

/**
 * A collection as the catalogue defines it. Its extent (a scan of the level's geometry) is read only
 * when it is described (`extent`): a page of items or one item does not show it.
 */
export async function getCollection(db: Database, id: string, o: { extent?: boolean } = {}): Promise<OgcCollection> {
  const { value: catalogue } = await getCatalogue(db)
  const withExtent = o.extent ?? true
  if (isLevel(id)) return areaCollection(id, catalogue.indicators, withExtent ? await levelExtent(db.knex, id) : null)
  if (id === ASSETS_COLLECTION) {
    const counts = new Map(catalogue.assetCategories.map((c) => [c.id, c.count]))
    return assetCollection(counts, withExtent ? await assetExtent(db.knex) : null)
  }
  throw unknownCollection(id)
}

/** One page of a collection's features, ordered by code (areas) or id (assets) so offsets are stable. */
export async function getItems(db: Database, collectionId: string, req: ItemsRequest): Promise<ItemsPage> {
  const collection = await getCollection(db, collectionId, { extent: false })
  if (collection.kind === 'asset') {
    if (req.properties !== undefined) {
      throw new InvalidParameter(`properties selects the indicators of an area collection, not the ${ASSETS_COLLECTION} collection's fields.`, [
        { path: 'query.properties', message: `not offered by ${ASSETS_COLLECTION}` },
      ])
    }
    // Points: the envelope overlap assets.ts applies is exact intersection.
    const q = { categories: req.category ? [req.category] : undefined, bbox: req.bbox, limit: req.limit }
    const [numberMatched, features] = await Promise.all([
      countAssets(db.knex, q),
      listAssets(db.knex, { ...q, offset: req.offset }),
    ])
    return { kind: 'asset', collection, numberMatched, features }
  }
  if (req.category !== undefined) {
    throw new InvalidParameter(`category filters the ${ASSETS_COLLECTION} collection only, not ${collection.id}.`, [
      { path: 'query.category', message: `not a property of ${collection.id}` },
    ])
  }
  const indicators = selectedIndicators(collection, req.properties)
  // A bbox selects areas whose geometry intersects it (OGC /req/core/fc-bbox-response), which is
  // stricter than the envelope overlap listAreas applies, so the matching codes are found first.
  const codes = req.bbox ? await areaCodesIntersecting(db.knex, collection.id, req.bbox) : undefined
  const q = { level: collection.id, indicators: indicators.map((d) => d.id), codes }
  const [numberMatched, features] = await Promise.all([
    countAreas(db.knex, q),
    listAreas(db.knex, { ...q, geometry: true, limit: req.limit, offset: req.offset }),
  ])
  return { kind: 'area', collection, indicators, numberMatched, features }
}

/** The collection's indicators named by `properties` (in the collection's order), or all of them. */
function selectedIndicators(collection: AreaCollection, properties: string[] | undefined): AreaCollection['indicators'] {
  if (properties === undefined) return collection.indicators
  const known = new Set(collection.indicators.map((d) => d.id))
  const unknown = properties.filter((p) => !known.has(p))
  if (unknown.length) {
    throw new InvalidParameter(`properties names ${unknown.map((p) => `"${p}"`).join(', ')}, not ${unknown.length === 1 ? 'an indicator' : 'indicators'} of ${collection.id} (see /ogc/collections/${collection.id}).`, [
      { path: 'query.properties', message: `unknown at ${collection.id}: ${unknown.join(', ')}` },
    ])
  }
  const wanted = new Set(properties)
  return collection.indicators.filter((d) => wanted.has(d.id))
}

export async function getItem(db: Database, collectionId: string, featureId: string): Promise<Item> {
  const collection = await getCollection(db, collectionId, { extent: false })
  const missing = () => new NotFound(`No feature "${featureId}" in collection "${collectionId}".`, { collection: collectionId, feature: featureId })
  if (collection.kind === 'asset') {
    // Asset ids are bigserial; anything else cannot name one.
    if (!/^[1-9]\d{0,14}$/.test(featureId)) throw missing()
    const [feature] = await listAssets(db.knex, { ids: [Number(featureId)], limit: 1 })
    if (!feature) throw missing()
    return { kind: 'asset', collection, feature }
  }
  const [feature] = await listAreas(db.knex, {
    level: collection.id, indicators: collection.indicators.map((d) => d.id), codes: [featureId], geometry: true,
  })
  if (!feature) throw missing()
  return { kind: 'area', collection, feature }
}
