/**
 * Writes of the importers. Every function takes the import's transaction, so a dataset replaces its
 * previous version only when the whole import succeeds. Rows travel as one JSON parameter per chunk
 * (json_to_recordset), which keeps statements bound and is fast on both backends.
 */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

const CHUNK = 1000

async function inChunks<T>(rows: T[], fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await fn(rows.slice(i, i + CHUNK))
}

export interface DatasetRecord {
  id: string
  title: string
  publisher: string
  licence: string
  attribution: string
  source_url: string
  vintage: string
  files: Array<{ path: string; sha256: string }>
  checksum: string
  rows_read: number
  rows_loaded: number
  rows_rejected: number
  notes: string[]
}

/** The stored checksum of a dataset, or null if it was never imported. */
export async function storedChecksum(db: Db, id: string): Promise<string | null> {
  const r = await db('datasets').where({ id }).first('checksum')
  return r?.checksum ?? null
}

/**
 * Creates or replaces the dataset row and removes every row the previous version loaded, except its
 * assets: those keep their ids and editors' overrides, and are updated in place by upsertAssets.
 */
export async function replaceDataset(trx: Knex.Transaction, d: DatasetRecord): Promise<void> {
  const row = { ...d, files: JSON.stringify(d.files), notes: JSON.stringify(d.notes), imported_at: trx.fn.now() }
  await trx('datasets').insert(row).onConflict('id').merge()
  for (const t of ['areas', 'area_links', 'lsoa_lookup', 'indicator_values', 'postcodes', 'series_values']) {
    await trx(t).where({ dataset_id: d.id }).delete()
  }
}

export async function updateDatasetCounts(trx: Knex.Transaction, id: string, c: { rows_read: number; rows_loaded: number; rows_rejected: number; notes: string[] }): Promise<void> {
  await trx('datasets').where({ id }).update({ ...c, notes: JSON.stringify(c.notes) })
}

export interface AreaRow {
  level: string
  code: string
  name: string
  attrs?: Record<string, unknown>
  /** GeoJSON Polygon or MultiPolygon in `srid`; null for comparator areas without geometry */
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null
}

/**
 * Inserts areas, storing WGS84 (right-hand rule, for serving) and British National Grid (for metric
 * work) copies and a point on surface. Invalid geometries are repaired with ST_MakeValid; the number
 * repaired is returned so the import can record it.
 */
export async function insertAreas(trx: Knex.Transaction, datasetId: string, srid: 4326 | 27700, rows: AreaRow[]): Promise<{ repaired: number }> {
  let repaired = 0
  await inChunks(rows, async (chunk) => {
    const json = JSON.stringify(chunk.map((r) => ({ ...r, attrs: r.attrs ?? {}, geometry: r.geometry })))
    const res = await trx.raw(
      `WITH src AS (
         SELECT r.level, r.code, r.name, r.attrs,
                CASE WHEN r.geometry IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), ?::int) END AS g
         FROM json_to_recordset(?::json) AS r(level text, code text, name text, attrs jsonb, geometry json)
       ), fixed AS (
         SELECT level, code, name, attrs, g IS NOT NULL AND NOT ST_IsValid(g) AS was_invalid,
                ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) AS g
         FROM src
       ), bng AS (
         SELECT level, code, name, attrs, was_invalid,
                CASE WHEN ?::int = 27700 THEN g ELSE ST_Transform(g, 27700) END AS g
         FROM fixed
       ), ins AS (
         INSERT INTO areas (level, code, name, attrs, dataset_id, geom, geom_bng, point_bng)
         SELECT level, code, name, attrs, ?, ST_ForcePolygonCCW(ST_Transform(g, 4326)), g, ST_PointOnSurface(g) FROM bng
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM bng WHERE was_invalid) AS repaired, (SELECT count(*)::int FROM ins) AS inserted`,
      [srid, json, srid, datasetId],
    )
    repaired += Number(res.rows[0].repaired)
  })
  return { repaired }
}

export interface LinkRow {
  child_level: string
  child_code: string
  parent_level: string
  parent_code: string
  method: 'official' | 'best-fit' | 'config' | 'provisional'
}

export async function insertLinks(trx: Knex.Transaction, datasetId: string, rows: LinkRow[]): Promise<void> {
  await inChunks(rows, (chunk) => trx('area_links').insert(chunk.map((r) => ({ ...r, dataset_id: datasetId }))).then(() => {}))
}

export async function insertLookup(
  trx: Knex.Transaction, datasetId: string, rows: Array<{ lsoa11cd: string; lsoa21cd: string; chgind: string; lad_code: string }>,
): Promise<void> {
  await inChunks(rows, (chunk) => trx('lsoa_lookup').insert(chunk.map((r) => ({ ...r, dataset_id: datasetId }))).then(() => {}))
}

export interface ValueRow {
  indicator_id: string
  level: string
  code: string
  value: number | null
  numerator?: number | null
  denominator?: number | null
  suppressed?: boolean
  method: string
  source_level: string
}

export async function insertValues(trx: Knex.Transaction, datasetId: string, rows: ValueRow[]): Promise<void> {
  await inChunks(rows, (chunk) =>
    trx('indicator_values')
      .insert(chunk.map((r) => ({ numerator: null, denominator: null, suppressed: false, ...r, dataset_id: datasetId })))
      .then(() => {}),
  )
}

export async function insertSeries(
  trx: Knex.Transaction, datasetId: string,
  rows: Array<{ indicator_id: string; area_code: string; area_name: string; period: string; value: number | null; suppressed?: boolean }>,
): Promise<void> {
  await inChunks(rows, (chunk) =>
    trx('series_values').insert(chunk.map((r) => ({ suppressed: false, ...r, dataset_id: datasetId }))).then(() => {}),
  )
}

export async function insertPostcodes(
  trx: Knex.Transaction, datasetId: string,
  rows: Array<{ postcode: string; quality: number; district: string | null; ward: string | null; easting: number; northing: number }>,
): Promise<void> {
  await inChunks(rows, async (chunk) => {
    await trx.raw(
      `INSERT INTO postcodes (postcode, quality, district, ward, geom_bng, dataset_id)
       SELECT postcode, quality, district, ward, ST_SetSRID(ST_MakePoint(easting, northing), 27700), ?
       FROM json_to_recordset(?::json) AS r(postcode text, quality smallint, district text, ward text, easting float8, northing float8)`,
      [datasetId, JSON.stringify(chunk)],
    )
  })
}

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
export async function upsertAssets(trx: Knex.Transaction, datasetId: string, rows: AssetInsert[]): Promise<{ loaded: number; ungeocoded: AssetInsert[] }> {
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
         INSERT INTO assets AS a (category, name, address, postcode, source_ref, precision, status, is_anchor, verified, attrs, dataset_id, geom, geom_bng, seen_at)
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
      [json, datasetId],
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
export async function closeAssetsGoneFromSource(trx: Knex.Transaction, datasetId: string): Promise<number> {
  const r = await trx.raw(
    `UPDATE assets SET status = 'closed', closed_reason = ?, updated_at = now()
     WHERE dataset_id = ? AND seen_at < now()
       AND closed_reason IS DISTINCT FROM ?
       AND NOT (overrides \\? 'status' AND overrides ->> 'status' = 'open')
     RETURNING 1`,
    [REMOVED_FROM_SOURCE, datasetId, REMOVED_FROM_SOURCE],
  )
  return r.rows.length
}

/** Removes a dataset's areas whose point on surface is outside the borough; returns how many. */
export async function deleteAreasOutsideBorough(trx: Knex.Transaction, datasetId: string, level: string, la: string): Promise<number> {
  const r = await trx.raw(
    `DELETE FROM areas a WHERE a.dataset_id = ? AND a.level = ?
       AND NOT EXISTS (SELECT 1 FROM areas b WHERE b.level = 'borough' AND b.code = ? AND ST_Contains(b.geom_bng, a.point_bng))
     RETURNING 1`,
    [datasetId, level, la],
  )
  return r.rows.length
}

/** Codes and names of the areas at one level (e.g. to check a locality file names real wards). */
export async function areaNames(db: Db, level: string): Promise<Map<string, string>> {
  const rows: Array<{ code: string; name: string }> = await db('areas').where({ level }).select('code', 'name')
  return new Map(rows.map((r) => [r.code, r.name]))
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

/** London, England: comparator areas without geometry, shared by every dataset that has figures for them. */
export async function ensureComparatorArea(db: Db, level: 'region' | 'country', code: string, name: string): Promise<void> {
  await db('areas').insert({ level, code, name, attrs: JSON.stringify({ comparator: true }) }).onConflict(['level', 'code']).ignore()
}

export interface LadSummaryRecord {
  edition: string
  lad_code: string
  lad_name: string
  domain: string
  average_rank: number
  rank_of_average_rank: number
  average_score: number
  rank_of_average_score: number
  share_10: number
  rank_of_share_10: number
}

/** The publisher's local-authority summaries (IoD File 10), kept as published. */
export async function insertLadSummaries(trx: Knex.Transaction, datasetId: string, rows: LadSummaryRecord[]): Promise<void> {
  await inChunks(rows, (chunk) => trx('lad_summaries').insert(chunk.map((r) => ({ ...r, dataset_id: datasetId }))).then(() => {}))
}

/** Population-weighted centroids (British National Grid metres) of LSOAs already imported. */
export async function insertCentroids(trx: Knex.Transaction, datasetId: string, rows: Array<{ code: string; x: number; y: number }>): Promise<void> {
  await inChunks(rows, async (chunk) => {
    await trx.raw(
      `INSERT INTO lsoa_centroids (code, geom_bng, dataset_id)
       SELECT r.code, ST_SetSRID(ST_MakePoint(r.x, r.y), 27700), ? FROM json_to_recordset(?::json) AS r(code text, x float8, y float8)`,
      [datasetId, JSON.stringify(chunk)],
    )
  })
}

/** Areas a dataset loaded, per level (for its import's invariants). */
export async function areaCountOfDataset(db: Db, datasetId: string): Promise<Array<{ level: string; n: number }>> {
  const rows = await db('areas').where({ dataset_id: datasetId }).groupBy('level').select('level').count<Array<{ level: string; n: number }>>({ n: '*' })
  return rows.map((r) => ({ level: r.level, n: Number(r.n) }))
}

export async function areaCount(db: Db, level: string): Promise<number> {
  const [r] = await db('areas').where({ level }).count<{ n: number }[]>({ n: '*' })
  return Number(r.n)
}

/**
 * Per indicator and level, how many of the stored areas have a row (a value, or one marked
 * suppressed or missing) from the dataset; the least covered first.
 */
export async function valueCoverage(db: Db, datasetId: string, levels: string[]): Promise<Array<{ indicator: string; level: string; covered: number; areas: number }>> {
  const r = await db.raw(
    `SELECT v.indicator_id AS indicator, v.level, count(DISTINCT v.code)::int AS covered,
            (SELECT count(*)::int FROM areas a WHERE a.level = v.level) AS areas
     FROM indicator_values v
     WHERE v.dataset_id = ? AND v.level = ANY(?) AND EXISTS (SELECT 1 FROM areas a WHERE a.level = v.level AND a.code = v.code)
     GROUP BY v.indicator_id, v.level
     ORDER BY covered, v.indicator_id`,
    [datasetId, levels],
  )
  return r.rows.map((x: { indicator: string; level: string; covered: number; areas: number }) => ({ ...x, covered: Number(x.covered), areas: Number(x.areas) }))
}

/** Distinct LSOA 2021 and 2011 codes in a dataset's lookup rows; null when it loaded none. */
export async function lookupCoverage(db: Db, datasetId: string): Promise<{ lsoa21: number; lsoa11: number } | null> {
  const r = await db.raw(
    `SELECT count(*)::int AS n, count(DISTINCT lsoa21cd)::int AS lsoa21, count(DISTINCT lsoa11cd)::int AS lsoa11 FROM lsoa_lookup WHERE dataset_id = ?`,
    [datasetId],
  )
  const x = r.rows[0]
  return Number(x.n) ? { lsoa21: Number(x.lsoa21), lsoa11: Number(x.lsoa11) } : null
}

/**
 * Per IoD domain with a published local-authority summary (lad_summaries) and LSOA deciles, the
 * share of the authority's LSOAs in decile 1 beside the published share, when the dataset being
 * imported is either side of the comparison.
 */
export async function publishedDecileShares(
  db: Db, datasetId: string, la: string,
): Promise<Array<{ domain: string; published: number; lsoas: number; lsoasInDecile1: number; lsoaShare: number }>> {
  const r = await db.raw(
    `SELECT s.domain, s.share_10 AS published, count(*)::int AS lsoas, count(*) FILTER (WHERE v.value = 1)::int AS d1
     FROM lad_summaries s
     JOIN indicator_values v ON v.indicator_id = s.domain || '_decile_' || s.edition AND v.level = 'lsoa21'
     JOIN areas a ON a.level = 'lsoa21' AND a.code = v.code
     WHERE s.lad_code = ? AND (s.dataset_id = ? OR v.dataset_id = ?)
     GROUP BY s.domain, s.share_10
     ORDER BY s.domain`,
    [la, datasetId, datasetId],
  )
  return r.rows.map((x: { domain: string; published: number; lsoas: number; d1: number }) => ({
    domain: x.domain, published: Number(x.published), lsoas: Number(x.lsoas), lsoasInDecile1: Number(x.d1),
    lsoaShare: Number(x.d1) / Number(x.lsoas),
  }))
}
