/**
 * Reads behind OGC API - Features that server/db/areas.ts does not cover: exact bbox intersection
 * of areas, and community assets as point features with the provenance of the dataset each came from.
 * Only verified assets are public; suggestions awaiting review stay out.
 */
import type { Knex } from 'knex'

/** [minLon, minLat, maxLon, maxLat] in WGS84 */
export type Bbox = [number, number, number, number]

export interface AssetQuery {
  category?: string
  bbox?: Bbox
  limit?: number
  offset?: number
}

export interface AssetRecord {
  id: number
  category: string
  name: string
  address: string | null
  postcode: string | null
  precision: string
  status: string
  /** title of the dataset the asset was imported from */
  source: string | null
  licence: string | null
  geometry: GeoJSON.Point
}

const envelope = (knex: Knex, b: Bbox) => knex.raw('ST_MakeEnvelope(?, ?, ?, ?, 4326)', [...b])

/** Codes of the areas at a level whose geometry intersects a bbox (not merely its envelope), ordered by code. */
export async function areaCodesIntersecting(knex: Knex, level: string, bbox: Bbox): Promise<string[]> {
  const rows = await knex('areas').where('level', level).whereRaw('ST_Intersects(geom, ?)', [envelope(knex, bbox)]).orderBy('code').select('code')
  return rows.map((r: { code: string }) => r.code)
}

function filteredAssets(knex: Knex, q: AssetQuery): Knex.QueryBuilder {
  const b = knex('assets as a').where('a.verified', true)
  if (q.category) b.where('a.category', q.category)
  if (q.bbox) b.whereRaw('ST_Intersects(a.geom, ?)', [envelope(knex, q.bbox)])
  return b
}

function toAsset(r: Record<string, unknown>): AssetRecord {
  return {
    id: Number(r.id),
    category: r.category as string,
    name: r.name as string,
    address: (r.address as string | null) ?? null,
    postcode: (r.postcode as string | null) ?? null,
    precision: r.precision as string,
    status: r.status as string,
    source: (r.source as string | null) ?? null,
    licence: (r.licence as string | null) ?? null,
    geometry: JSON.parse(r.geometry as string) as GeoJSON.Point,
  }
}

function selectAssets(knex: Knex, b: Knex.QueryBuilder): Knex.QueryBuilder {
  return b
    .leftJoin('datasets as d', 'd.id', 'a.dataset_id')
    .select('a.id', 'a.category', 'a.name', 'a.address', 'a.postcode', 'a.precision', 'a.status',
      'd.title as source', 'd.licence', knex.raw('ST_AsGeoJSON(a.geom, 6) AS geometry'))
}

/** Verified assets ordered by id (stable for paging). */
export async function listAssets(knex: Knex, q: AssetQuery): Promise<AssetRecord[]> {
  const b = selectAssets(knex, filteredAssets(knex, q)).orderBy('a.id')
  if (q.limit !== undefined) b.limit(q.limit)
  if (q.offset) b.offset(q.offset)
  return (await b).map(toAsset)
}

export async function countAssets(knex: Knex, q: AssetQuery): Promise<number> {
  const r = await filteredAssets(knex, q).count<{ n: number }[]>({ n: '*' })
  return Number(r[0].n)
}

/** One verified asset by id, or null. */
export async function findAsset(knex: Knex, id: number): Promise<AssetRecord | null> {
  const r = await selectAssets(knex, filteredAssets(knex, {}).where('a.id', id)).first()
  return r ? toAsset(r) : null
}

/** Bounding box of the verified assets (null when there are none). */
export async function assetExtent(knex: Knex): Promise<Bbox | null> {
  const r = await knex.raw(
    `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM assets WHERE verified) s`,
  )
  const e = r.rows[0]
  return e?.x0 == null ? null : ([e.x0, e.y0, e.x1, e.y1].map(Number) as Bbox)
}
