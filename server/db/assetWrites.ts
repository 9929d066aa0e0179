/**
 * Writes to community assets made by editors (not importers): snapshots for the audit trail,
 * inserts of accepted suggestions, updates, closure and removal. Every function takes the
 * transaction of the use-case that calls it.
 */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

/** The dataset that owns assets added through the API (accepted suggestions). */
export const USER_DATASET = 'community_suggestions'

/** One asset as the audit trail records it: every column an edit can change, plus its provenance. */
export interface AssetSnapshot {
  id: number
  category: string
  name: string
  address: string | null
  postcode: string | null
  precision: 'exact' | 'building' | 'postcode'
  status: 'open' | 'closed'
  verified: boolean
  attrs: Record<string, unknown>
  dataset_id: string | null
  source_ref: string
  lon: number
  lat: number
}

/** Where a new or moved asset is: a WGS84 point, or a postcode to look up in the postcodes table. */
export type AssetLocation = { lon: number; lat: number } | { postcode: string }

const SNAPSHOT_SQL = `SELECT id, category, name, address, postcode, precision, status, verified, attrs, dataset_id, source_ref,
  round(ST_X(geom)::numeric, 6)::float8 AS lon, round(ST_Y(geom)::numeric, 6)::float8 AS lat FROM assets WHERE id = ?`

/** The asset's current state (verified or not), optionally locked for the rest of the transaction. */
export async function assetSnapshot(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<AssetSnapshot | null> {
  const r = await db.raw(SNAPSHOT_SQL + (opts.forUpdate ? ' FOR UPDATE' : ''), [id])
  const row = r.rows[0]
  if (!row) return null
  return {
    ...row, id: Number(row.id), lon: Number(row.lon), lat: Number(row.lat),
    attrs: typeof row.attrs === 'string' ? JSON.parse(row.attrs) : row.attrs,
  }
}

/** BNG point of a postcode from the postcodes table (OS Code-Point Open), as WGS84 lon/lat; null when unknown. */
export async function postcodePoint(db: Db, postcode: string): Promise<{ lon: number; lat: number } | null> {
  const r = await db.raw(
    `SELECT ST_X(g)::float8 AS lon, ST_Y(g)::float8 AS lat FROM (SELECT ST_Transform(geom_bng, 4326) g FROM postcodes WHERE postcode = ?) s`,
    [postcode],
  )
  return r.rows[0] ? { lon: Number(r.rows[0].lon), lat: Number(r.rows[0].lat) } : null
}

/** Creates the dataset row that user-added assets reference, once. */
export async function ensureUserDataset(trx: Db): Promise<void> {
  await trx('datasets')
    .insert({
      id: USER_DATASET,
      title: 'Community suggestions accepted by editors',
      publisher: 'Residents and community organisations, moderated by council editors',
      licence: 'OGL-UK-3.0 (contributed for publication)',
      attribution: 'Community suggestions, verified by locality-atlas editors',
      source_url: 'https://github.com/',
      vintage: 'continuously updated',
      checksum: '-',
    })
    .onConflict('id')
    .ignore()
}

const pointSql = 'ST_SetSRID(ST_MakePoint(?, ?), 4326)'

export interface NewAsset {
  category: string
  name: string
  address: string | null
  postcode: string | null
  precision: 'exact' | 'postcode'
  source_ref: string
  attrs: Record<string, unknown>
  lon: number
  lat: number
}

/** Inserts a verified, open asset in the user dataset; returns its id. */
export async function insertUserAsset(trx: Knex.Transaction, a: NewAsset): Promise<number> {
  await ensureUserDataset(trx)
  const r = await trx.raw(
    `INSERT INTO assets (category, name, address, postcode, source_ref, precision, status, verified, attrs, dataset_id, geom, geom_bng)
     VALUES (?, ?, ?, ?, ?, ?, 'open', true, ?::jsonb, ?, ${pointSql}, ST_Transform(${pointSql}, 27700))
     RETURNING id`,
    [a.category, a.name, a.address, a.postcode, a.source_ref, a.precision, JSON.stringify(a.attrs), USER_DATASET, a.lon, a.lat, a.lon, a.lat],
  )
  return Number(r.rows[0].id)
}

export interface AssetChange {
  category?: string
  name?: string
  address?: string | null
  postcode?: string | null
  status?: 'open' | 'closed'
  attrs?: Record<string, unknown>
  /** a new point, with the precision it has */
  point?: { lon: number; lat: number; precision: 'exact' | 'postcode' }
}

/** The attribute keys `next` sets or removes relative to `prev` (removed: null). */
function attrsDiff(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(prev[k]) !== JSON.stringify(v)) d[k] = v
  for (const k of Object.keys(prev)) if (!(k in next)) d[k] = null
  return d
}

/**
 * Applies an editor's change to one asset (columns absent from `c` keep their value) and records it
 * in the asset's overrides, so that a re-import of its dataset applies it again (see upsertAssets).
 */
export async function updateAsset(trx: Knex.Transaction, id: number, c: AssetChange): Promise<void> {
  const { point, attrs, ...cols } = c
  const set: Record<string, unknown> = { ...cols, updated_at: trx.fn.now() }
  const fields: Record<string, unknown> = { ...cols }
  if (cols.status) set.closed_reason = cols.status === 'closed' ? 'closed by an editor' : null
  let attrsPatch: Record<string, unknown> = {}
  if (attrs) {
    set.attrs = JSON.stringify(attrs)
    const cur = await trx('assets').where({ id }).first('attrs')
    attrsPatch = attrsDiff(typeof cur?.attrs === 'string' ? JSON.parse(cur.attrs) : (cur?.attrs ?? {}), attrs)
  }
  if (point) {
    set.precision = point.precision
    set.geom = trx.raw(pointSql, [point.lon, point.lat])
    set.geom_bng = trx.raw(`ST_Transform(${pointSql}, 27700)`, [point.lon, point.lat])
    fields.point = point
  }
  set.overrides = trx.raw(
    `(overrides || ?::jsonb) || CASE WHEN ?::jsonb = '{}'::jsonb THEN '{}'::jsonb
       ELSE jsonb_build_object('attrs', COALESCE(overrides -> 'attrs', '{}'::jsonb) || ?::jsonb) END`,
    [JSON.stringify(fields), JSON.stringify(attrsPatch), JSON.stringify(attrsPatch)],
  )
  await trx('assets').where({ id }).update(set)
}

export async function deleteAssetRow(trx: Knex.Transaction, id: number): Promise<void> {
  await trx('assets').where({ id }).delete()
}

/** Is the WGS84 point within `metres` of the borough (inside it, or just over the boundary)? */
export async function withinOfBorough(db: Db, la: string, p: { lon: number; lat: number }, metres: number): Promise<boolean> {
  const r = await db.raw(
    `SELECT EXISTS (SELECT 1 FROM areas WHERE level = 'borough' AND code = ?
       AND ST_DWithin(geom_bng, ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700), ?)) AS near`,
    [la, p.lon, p.lat, metres],
  )
  return r.rows[0].near === true
}
