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

/**
 * Who holds the data version in this process hears of its own writes before their NOTIFY arrives
 * (which takes a moment, on another connection): `begin` when a write bumps the version inside its
 * transaction, `end` once that transaction has committed or rolled back. Between the two the held
 * version must not be trusted, and after `end` it is read again, so a node serves its own writes at
 * once. Keyed by the knex client's config, which a transaction's client shares with its root.
 */
export interface LocalBumps { begin(): void; end(): void }
const localBumps = new WeakMap<object, Set<LocalBumps>>()

export function onLocalBumps(knex: Knex, h: LocalBumps): () => void {
  const key = knex.client.config as object
  let set = localBumps.get(key)
  if (!set) localBumps.set(key, (set = new Set()))
  set.add(h)
  return () => { set.delete(h) }
}

type Transactor = Knex.Transaction & { parentTransaction?: Transactor; executionPromise?: Promise<unknown> }

/** Bump the data version inside an import's transaction, so readers see the new data and version together. */
export async function bumpDataVersion(trx: Knex.Transaction | Knex): Promise<number> {
  const hearing = [...(localBumps.get(trx.client.config as object) ?? [])]
  for (const h of hearing) h.begin()
  // the outermost transaction's end is the commit (a savepoint's release is not)
  let outer = (trx as Transactor).isTransaction ? trx as Transactor : undefined
  while (outer?.parentTransaction) outer = outer.parentTransaction
  const end = () => { for (const h of hearing) h.end() }
  try {
    const r = await trx.raw<{ rows: Array<{ v: number }> }>(
      'UPDATE data_state SET data_version = data_version + 1, changed_at = now() RETURNING data_version AS v',
    )
    return Number(r.rows[0].v)
  } finally {
    if (outer?.executionPromise) outer.executionPromise.then(end, end)
    else end()
  }
}

/**
 * Record, in a dataset import's transaction, that the derived data is owed a rebuild; the rebuild's
 * own transaction clears it (so a crash between the two leaves it set, and the rebuild is redone).
 */
export async function setDerivedPending(trx: Knex.Transaction | Knex, pending: boolean): Promise<void> {
  await trx.raw('UPDATE data_state SET derived_pending = ?', [pending])
}

/** Is a derived rebuild owed (a dataset committed after the last finished rebuild)? */
export async function derivedPending(knex: Knex): Promise<boolean> {
  const r = await knex.raw<{ rows: Array<{ p: boolean }> }>('SELECT derived_pending AS p FROM data_state')
  return r.rows[0]?.p === true
}

/**
 * Areas that should have a geometry and have none, per level (comparator areas such as London and
 * England have none by design). Localities get theirs from the derived rebuild.
 */
export async function areasWithoutGeometry(knex: Knex): Promise<Array<{ level: string; n: number }>> {
  const r = await knex.raw<{ rows: Array<{ level: string; n: number }> }>(
    `SELECT level, count(*)::int AS n FROM areas
     WHERE geom IS NULL AND NOT COALESCE((attrs ->> 'comparator')::boolean, false)
     GROUP BY level ORDER BY level`,
  )
  return r.rows.map((x) => ({ level: x.level, n: Number(x.n) }))
}

/** The stored vintage of a dataset (null when it is not imported): 'provisional' for the shipped localities. */
export async function datasetVintage(knex: Knex, id: string): Promise<string | null> {
  const row = await knex('datasets').where({ id }).first('vintage')
  return row ? String(row.vintage) : null
}
