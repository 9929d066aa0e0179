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
import { ASSETS_COLLECTION, COLLECTION_IDS, areaCollection, assetCollection, type OgcCollection } from './ogc/collections'

export { ASSETS_COLLECTION, COLLECTION_IDS, CONFORMANCE_CLASSES, CRS84, type OgcCollection } from './ogc/collections'

export interface ItemsRequest {
  limit: number
  offset: number
  bbox?: Bbox
  /** assets only */
  category?: string
}

interface Page<K, T> {
  kind: K
  collection: OgcCollection
  numberMatched: number
  features: T[]
}
export type ItemsPage = Page<'area', AreaRecord> | Page<'asset', AssetRecord>
export type Item = { kind: 'area'; collection: OgcCollection; feature: AreaRecord } | { kind: 'asset'; collection: OgcCollection; feature: AssetRecord }

const isLevel = (id: string): id is Level => (LEVELS as readonly string[]).includes(id)

function unknownCollection(id: string): NotFound {
  return new NotFound(`Unknown collection "${id}" (collections: ${COLLECTION_IDS.join(', ')}).`, { collection: id })
}

export async function listCollections(db: Database): Promise<OgcCollection[]> {
  return Promise.all(COLLECTION_IDS.map((id) => getCollection(db, id)))
}

export async function getCollection(db: Database, id: string): Promise<OgcCollection> {
  const { value: catalogue } = await getCatalogue(db)
  if (isLevel(id)) return areaCollection(id, catalogue.indicators, await levelExtent(db.knex, id))
  if (id === ASSETS_COLLECTION) {
    const counts = new Map(catalogue.assetCategories.map((c) => [c.id, c.count]))
    return assetCollection(counts, await assetExtent(db.knex))
  }
  throw unknownCollection(id)
}

/** One page of a collection's features, ordered by code (areas) or id (assets) so offsets are stable. */
export async function getItems(db: Database, collectionId: string, req: ItemsRequest): Promise<ItemsPage> {
  const collection = await getCollection(db, collectionId)
  if (collection.kind === 'asset') {
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
  // A bbox selects areas whose geometry intersects it (OGC /req/core/fc-bbox-response), which is
  // stricter than the envelope overlap listAreas applies, so the matching codes are found first.
  const codes = req.bbox ? await areaCodesIntersecting(db.knex, collection.id, req.bbox) : undefined
  const q = { level: collection.id, indicators: collection.indicators.map((d) => d.id), codes }
  const [numberMatched, features] = await Promise.all([
    countAreas(db.knex, q),
    listAreas(db.knex, { ...q, geometry: true, limit: req.limit, offset: req.offset }),
  ])
  return { kind: 'area', collection, numberMatched, features }
}

export async function getItem(db: Database, collectionId: string, featureId: string): Promise<Item> {
  const collection = await getCollection(db, collectionId)
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
