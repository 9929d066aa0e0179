/**
 * Writes of the importers. Every function takes the import's transaction, so a dataset replaces its
 * previous version only when the whole import succeeds. Rows travel as one JSON parameter per chunk
 * (json_to_recordset), which keeps statements bound and is fast on both backends.
 */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

const CHUNK = 1000

export async function inChunks<T>(rows: T[], fn: (chunk: T[]) => Promise<void>): Promise<void> {
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
  // Every table whose rows belong to one dataset and are rewritten whole by its importer. Assets
  // (editors' changes are merged, not replaced), basemap features (their importer clears its own)
  // and anchor marks (editors' choices) are not here.
  for (const t of ['areas', 'area_links', 'lsoa_lookup', 'indicator_values', 'postcodes', 'series_values', 'lsoa_centroids', 'lad_summaries']) {
    await trx(t).where({ dataset_id: d.id }).delete()
  }
}

export async function updateDatasetCounts(trx: Knex.Transaction, id: string, c: { rows_read: number; rows_loaded: number; rows_rejected: number; notes: string[] }): Promise<void> {
  await trx('datasets').where({ id }).update({ ...c, notes: JSON.stringify(c.notes) })
}

/** Records a dataset that has no rows of its own (the derived data), or marks it imported again now. */
export async function touchDataset(trx: Knex.Transaction, d: { id: string; title: string; publisher: string; licence: string; attribution: string; source_url: string; vintage: string; checksum: string }): Promise<void> {
  await trx('datasets').insert(d).onConflict('id').merge({ imported_at: trx.fn.now() })
}

/** Deletes every dataset whose id matches a LIKE pattern (e.g. a context's), with what they loaded; returns how many. */
export async function deleteDatasetsLike(trx: Knex.Transaction, pattern: string): Promise<number> {
  const r = await trx.raw('DELETE FROM datasets WHERE id LIKE ? RETURNING id', [pattern])
  return r.rows.length
}

/** Deletes a dataset and (by cascade) everything it loaded; returns how many dataset rows went (0 or 1). */
export async function deleteDataset(trx: Knex.Transaction, id: string): Promise<number> {
  return trx('datasets').where({ id }).delete()
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
