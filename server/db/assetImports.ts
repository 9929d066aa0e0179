/**
 * The asset importers' writes: upserts that keep editors' overrides, closing assets a source no
 * longer lists, and dropping a national file's assets far from the borough.
 */
import type { Knex } from 'knex'
import { inChunks } from './importStore'

/** Where an import's assets go: the borough's table, or the context's (assets held around the borough, read only when asked). */
export type AssetTable = 'assets' | 'context_assets'

export interface AssetInsert {
  category: string
  name: string
  address: string | null
  postcode: string | null
  source_ref: string
  precision: 'exact' | 'building' | 'postcode'
  status: 'open' | 'closed'
  is_anchor?: boolean
  verified?: boolean
  attrs: Record<string, unknown>
  /** exactly one of lon/lat (WGS84) or easting/northing (BNG) */
  lon?: number | null
  lat?: number | null
  easting?: number | null
  northing?: number | null
}

/** A field takes the editor's value when the asset's overrides have one, else the import's (`\\?`: knex's escape of the jsonb `?` operator). */
const kept = (field: string) => `CASE WHEN a.overrides \\? '${field}' THEN a.overrides ->> '${field}' ELSE EXCLUDED.${field} END`

/**
 * Loads a dataset's assets, keeping each one's identity: a row whose source_ref (the publisher's
 * code: ODS code, URN, ...) is already stored for the dataset is updated in place (same id, so
 * links, audit entries and bookmarks still resolve), with the editor's overrides applied over the
 * publisher's values; new codes are inserted. The first row of a code in the file wins. Rows with
 * neither coordinates nor a resolvable postcode are returned, not loaded. Rows the file no longer
 * has are left for closeAssetsGoneFromSource.
 */
export async function upsertAssets(trx: Knex.Transaction, datasetId: string, rows: AssetInsert[], table: AssetTable = 'assets'): Promise<{ loaded: number; ungeocoded: AssetInsert[] }> {
  let loaded = 0
  const ungeocoded: AssetInsert[] = []
  await inChunks(rows, async (chunk) => {
    const json = JSON.stringify(chunk.map((r, i) => ({ i, is_anchor: false, verified: true, lon: null, lat: null, easting: null, northing: null, ...r, attrs: r.attrs ?? {} })))
    const res = await trx.raw(
      `WITH r AS (
         SELECT * FROM json_to_recordset(?::json) AS r(i int, category text, name text, address text, postcode text, source_ref text,
           precision text, status text, is_anchor boolean, verified boolean, attrs jsonb, lon float8, lat float8, easting float8, northing float8)
       ), located AS (
         SELECT r.*, COALESCE(
             CASE WHEN r.easting IS NOT NULL THEN ST_SetSRID(ST_MakePoint(r.easting, r.northing), 27700) END,
             CASE WHEN r.lon IS NOT NULL THEN ST_Transform(ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), 27700) END,
             p.geom_bng) AS g
         FROM r LEFT JOIN postcodes p ON p.postcode = r.postcode
       ), firsts AS (
         SELECT DISTINCT ON (source_ref) * FROM located WHERE g IS NOT NULL ORDER BY source_ref, i
       ), up AS (
         INSERT INTO ?? AS a (category, name, address, postcode, source_ref, precision, status, is_anchor, verified, attrs, dataset_id, geom, geom_bng, seen_at)
         SELECT category, name, address, postcode, source_ref, precision, status, is_anchor, verified, attrs, ?, ST_Transform(g, 4326), g, now()
         FROM firsts
         ON CONFLICT (dataset_id, source_ref) DO UPDATE SET
           category = ${kept('category')}, name = ${kept('name')}, address = ${kept('address')}, postcode = ${kept('postcode')},
           status = ${kept('status')},
           closed_reason = CASE WHEN a.overrides \\? 'status' THEN a.closed_reason END,
           precision = CASE WHEN a.overrides \\? 'point' THEN a.precision ELSE EXCLUDED.precision END,
           geom = CASE WHEN a.overrides \\? 'point' THEN a.geom ELSE EXCLUDED.geom END,
           geom_bng = CASE WHEN a.overrides \\? 'point' THEN a.geom_bng ELSE EXCLUDED.geom_bng END,
           verified = EXCLUDED.verified,
           attrs = COALESCE((
             SELECT jsonb_object_agg(e.key, e.value)
             FROM jsonb_each(EXCLUDED.attrs || COALESCE(a.overrides -> 'attrs', '{}'::jsonb)) e
             WHERE NOT (COALESCE(a.overrides -> 'attrs', '{}'::jsonb) \\? e.key AND jsonb_typeof(e.value) = 'null')
           ), '{}'::jsonb),
           seen_at = EXCLUDED.seen_at, updated_at = now()
         -- a code already loaded by this import (an earlier chunk) keeps its first row
         WHERE a.seen_at < EXCLUDED.seen_at
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM up) AS loaded, COALESCE((SELECT json_agg(i) FROM located WHERE g IS NULL), '[]'::json) AS missing`,
      [json, table, datasetId],
    )
    loaded += Number(res.rows[0].loaded)
    const missing = typeof res.rows[0].missing === 'string' ? JSON.parse(res.rows[0].missing) : res.rows[0].missing
    for (const i of missing as number[]) ungeocoded.push(chunk[i])
  })
  return { loaded, ungeocoded }
}

export const REMOVED_FROM_SOURCE = 'removed from source'

/**
 * Closes the dataset's assets that this import (this transaction) did not read: the publisher no
 * longer lists them. They are closed, not deleted, so their ids, edits and audit entries stay;
 * one an editor has explicitly kept open stays open. Returns how many were closed now.
 */
export async function closeAssetsGoneFromSource(trx: Knex.Transaction, datasetId: string, table: AssetTable = 'assets'): Promise<number> {
  const r = await trx.raw(
    `UPDATE ?? SET status = 'closed', closed_reason = ?, updated_at = now()
     WHERE dataset_id = ? AND seen_at < now()
       AND closed_reason IS DISTINCT FROM ?
       AND NOT (overrides \\? 'status' AND overrides ->> 'status' = 'open')
     RETURNING 1`,
    [table, REMOVED_FROM_SOURCE, datasetId, REMOVED_FROM_SOURCE],
  )
  return r.rows.length
}

/**
 * Removes a dataset's assets further than `metres` from the borough (national files), unless an
 * editor has changed them; returns how many.
 */
export async function deleteAssetsBeyond(trx: Knex.Transaction, datasetId: string, la: string, metres: number): Promise<number> {
  const r = await trx.raw(
    `DELETE FROM assets a WHERE a.dataset_id = ? AND a.overrides = '{}'::jsonb
       AND NOT EXISTS (SELECT 1 FROM areas b WHERE b.level = 'borough' AND b.code = ? AND ST_DWithin(b.geom_bng, a.geom_bng, ?))
     RETURNING 1`,
    [datasetId, la, metres],
  )
  return r.rows.length
}

/**
 * Keeps a context dataset's assets that lie in an area held at `level` (e.g. `context_lsoa21`: the
 * London boroughs around the focus, so an England-wide file keeps London's, the focus's own left to
 * the borough's import); returns how many were removed.
 */
/**
 * Drops a context dataset's points that the borough already holds as its own assets (the same
 * category and source id, e.g. Queen's Hospital, Romford: in Havering, and within the borough's
 * hospital file's reach): one place is one asset, the borough's copy with its edits and anchor mark.
 * A borough copy closed because its own file no longer lists it does not count: the context's file
 * still does, so the context copy is the live one.
 */
export async function deleteContextAssetsHeldByBorough(trx: Knex.Transaction, datasetId: string): Promise<number> {
  const r = await trx.raw(
    `DELETE FROM context_assets c WHERE c.dataset_id = ?
       AND EXISTS (SELECT 1 FROM assets a WHERE a.category = c.category AND a.source_ref = c.source_ref
                     AND a.closed_reason IS DISTINCT FROM ?)
     RETURNING 1`,
    [datasetId, REMOVED_FROM_SOURCE],
  )
  return r.rows.length
}

export async function deleteContextAssetsOutside(trx: Knex.Transaction, datasetId: string, level: string): Promise<number> {
  const r = await trx.raw(
    `DELETE FROM context_assets a WHERE a.dataset_id = ?
       AND NOT EXISTS (SELECT 1 FROM areas l WHERE l.level = ? AND ST_Intersects(l.geom_bng, a.geom_bng))
     RETURNING 1`,
    [datasetId, level],
  )
  return r.rows.length
}
