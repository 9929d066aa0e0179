/** Reads of community assets with their source and licence. */
import type { Knex } from 'knex'

export interface AssetQuery {
  categories?: string[]
  locality?: string
  bbox?: [number, number, number, number]
  near?: { lon: number; lat: number; radiusM: number }
  status?: 'open' | 'closed'
  ids?: number[]
  limit: number
  offset?: number
  /** also the assets held as context around the borough (context_assets), served marked */
  context?: boolean
}

export interface AssetRecord {
  id: number
  category: string
  name: string
  address: string | null
  postcode: string | null
  precision: string
  status: string
  /** why it is closed when that is not the publisher's status ('removed from source', 'closed by an editor') */
  closed_reason: string | null
  is_anchor: boolean
  attrs: Record<string, unknown>
  lon: number
  lat: number
  distance_m: number | null
  dataset_id: string | null
  source: string | null
  licence: string | null
  attribution: string | null
  vintage: string | null
  /** set on an asset held as context outside the borough (e.g. 'london') */
  context?: string
}

/**
 * The assets a query reads: the borough's, or with them those held as context (same columns:
 * context_assets is made LIKE assets), each with the context it belongs to (null: the borough's).
 */
export const assetTableSql = (context = false): string =>
  context ? `(SELECT *, NULL::text AS context FROM assets UNION ALL SELECT *, attrs->>'context' AS context FROM context_assets)` : 'assets'

/** The same, as `a` for a query builder. */
export const assetSource = (knex: Knex, context = false): Knex.Raw => knex.raw(`${assetTableSql(context)} AS a`)

function filtered(knex: Knex, q: AssetQuery): Knex.QueryBuilder {
  const b = knex.from(assetSource(knex, q.context)).where('a.verified', true)
  if (q.categories?.length) b.whereIn('a.category', q.categories)
  if (q.status) b.where('a.status', q.status)
  if (q.ids) b.whereIn('a.id', q.ids)
  if (q.bbox) b.whereRaw('a.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [...q.bbox])
  if (q.near) {
    b.whereRaw('ST_DWithin(a.geom_bng, ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700), ?)', [q.near.lon, q.near.lat, q.near.radiusM])
  }
  if (q.locality) {
    b.whereRaw(`EXISTS (SELECT 1 FROM areas l WHERE l.level = 'locality' AND l.code = ? AND ST_Contains(l.geom_bng, a.geom_bng))`, [q.locality])
  }
  return b
}

export async function listAssets(knex: Knex, q: AssetQuery): Promise<AssetRecord[]> {
  const b = filtered(knex, q)
    .leftJoin('datasets as d', 'd.id', 'a.dataset_id')
    .select(
      'a.id', 'a.category', 'a.name', 'a.address', 'a.postcode', 'a.precision', 'a.status', 'a.closed_reason', 'a.is_anchor', 'a.attrs', 'a.dataset_id',
      'd.title as source', 'd.licence', 'd.attribution', 'd.vintage', knex.raw(q.context ? 'a.context' : 'NULL::text AS context'),
      knex.raw('round(ST_X(a.geom)::numeric, 6)::float8 AS lon'), knex.raw('round(ST_Y(a.geom)::numeric, 6)::float8 AS lat'),
    )
    .limit(q.limit)
  if (q.offset) b.offset(q.offset)
  if (q.near) {
    b.select(knex.raw('ST_Distance(a.geom_bng, ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700)) AS distance_m', [q.near.lon, q.near.lat]))
    b.orderBy('distance_m')
  } else {
    b.select(knex.raw('NULL::float8 AS distance_m')).orderBy(['a.category', 'a.name', 'a.id'])
  }
  const rows = await b
  return rows.map(({ context, ...r }: AssetRecord & { attrs: unknown; context: string | null }) => ({
    ...r, ...(context ? { context } : {}), id: Number(r.id), lon: Number(r.lon), lat: Number(r.lat),
    distance_m: r.distance_m === null ? null : Number(r.distance_m),
    attrs: typeof r.attrs === 'string' ? JSON.parse(r.attrs) : (r.attrs as Record<string, unknown>),
  }))
}

export async function countAssets(knex: Knex, q: AssetQuery): Promise<number> {
  const r = await filtered(knex, q).count<{ n: number }[]>({ n: '*' })
  return Number(r[0].n)
}
