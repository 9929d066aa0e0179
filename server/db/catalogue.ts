/** Reads that describe what the database holds: provenance, value distributions, localities, asset counts. */
import type { Knex } from 'knex'
import type { DatasetRecord } from './importStore'

/** A dataset's provenance as read back: the import's record less its file list and counts, plus when. */
export type DatasetRow = Pick<DatasetRecord, 'id' | 'title' | 'publisher' | 'licence' | 'attribution' | 'source_url' | 'vintage' | 'rows_loaded' | 'notes'> & {
  imported_at: string
}

export async function datasets(knex: Knex): Promise<DatasetRow[]> {
  const rows = await knex('datasets').select('id', 'title', 'publisher', 'licence', 'attribution', 'source_url', 'vintage', 'imported_at', 'rows_loaded', 'notes').orderBy('id')
  return rows.map((r) => ({ ...r, imported_at: new Date(r.imported_at).toISOString(), notes: typeof r.notes === 'string' ? JSON.parse(r.notes) : r.notes }))
}

/** What admins see of each imported dataset: its files and checksum, edition, when and how many rows. */
export type DatasetImportRow = Pick<DatasetRecord, 'id' | 'title' | 'vintage' | 'files' | 'checksum' | 'rows_read' | 'rows_loaded' | 'rows_rejected'> & { imported_at: string }

export async function datasetImports(knex: Knex): Promise<DatasetImportRow[]> {
  const rows = await knex('datasets').select('id', 'title', 'vintage', 'files', 'checksum', 'rows_read', 'rows_loaded', 'rows_rejected', 'imported_at').orderBy('id')
  return rows.map((r) => ({
    ...r, files: typeof r.files === 'string' ? JSON.parse(r.files) : r.files, imported_at: new Date(r.imported_at).toISOString(),
    rows_read: Number(r.rows_read), rows_loaded: Number(r.rows_loaded), rows_rejected: Number(r.rows_rejected),
  }))
}

/** Every non-null, unsuppressed value of every indicator at the mapped levels, for class breaks. */
export async function valueDistributions(knex: Knex, levels: string[]): Promise<Map<string, number[]>> {
  const r = await knex.raw(
    `SELECT indicator_id || '|' || level AS k, array_agg(value ORDER BY value) AS vs FROM indicator_values
     WHERE level = ANY(?) AND value IS NOT NULL AND NOT suppressed GROUP BY indicator_id, level`,
    [levels],
  )
  return new Map(r.rows.map((x: { k: string; vs: number[] }) => [x.k, x.vs.map(Number)]))
}

export async function localities(knex: Knex): Promise<Array<{ code: string; name: string; provisional: boolean; wards: number }>> {
  const r = await knex.raw(
    `SELECT a.code, a.name, COALESCE((a.attrs->>'provisional')::boolean, false) AS provisional,
            (SELECT count(*)::int FROM area_links k WHERE k.parent_level = 'locality' AND k.parent_code = a.code) AS wards
     FROM areas a WHERE a.level = 'locality' ORDER BY a.code`,
  )
  return r.rows
}

export async function assetCounts(knex: Knex): Promise<Map<string, number>> {
  const rows = await knex('assets').where({ verified: true }).groupBy('category').select('category', knex.raw('count(*)::int AS n'))
  return new Map(rows.map((r: { category: string; n: number }) => [r.category, Number(r.n)]))
}

export async function borough(knex: Knex): Promise<{ code: string; name: string } | null> {
  return (await knex('areas').where({ level: 'borough' }).first('code', 'name')) ?? null
}
