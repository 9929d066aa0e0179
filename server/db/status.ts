/** Queries that say what state the database is in (for /health and the importer). */
import type { Knex } from 'knex'

/** PostGIS library version, e.g. "3.6.2"; proves the extension is installed and callable. */
export async function postgisVersion(knex: Knex): Promise<string> {
  const r = await knex.raw<{ rows: Array<{ v: string }> }>('SELECT postgis_lib_version() AS v')
  return r.rows[0].v
}

/** The counter that changes whenever imported data changes. */
export async function dataVersion(knex: Knex): Promise<number> {
  const r = await knex.raw<{ rows: Array<{ v: number }> }>('SELECT data_version AS v FROM data_state')
  return Number(r.rows[0]?.v ?? 0)
}

/** Bump the data version inside an import's transaction, so readers see the new data and version together. */
export async function bumpDataVersion(trx: Knex.Transaction | Knex): Promise<number> {
  const r = await trx.raw<{ rows: Array<{ v: number }> }>(
    'UPDATE data_state SET data_version = data_version + 1, changed_at = now() RETURNING data_version AS v',
  )
  return Number(r.rows[0].v)
}
