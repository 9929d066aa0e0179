/**
 * Named prepared statements on the server backend's hot read path (vector tiles), run on a pg.Pool
 * of their own rather than on a connection acquired through knex per statement.
 *
 * Why: knex's acquireConnection goes through tarn (a pending operation with its own timeout timer,
 * validation, knex's bookkeeping) and back on release; measured on a z15 tile that was a sizeable
 * share of the query's own time. pg.Pool's query hands an idle client over and back in a few
 * microseconds, and under sequential load it reuses the same connection (its idle list is LIFO), so
 * each statement is parsed and planned on few connections. pool.query releases a client whose query
 * failed by destroying it, so a connection left waiting after query_timeout is never handed out
 * again (what knex's pool validation does for the rest of the service).
 *
 * The pool is opened with knex's connection settings and pool bounds (connect.ts) and found here by
 * the knex it belongs to, so db code that is handed a knex (server/db/tiles.ts) needs no new
 * parameter. PGlite has none: its statements run through knex.
 */
import type { Knex } from 'knex'
import type { Pool, PoolConfig } from 'pg'

export interface PreparedQuery {
  /** statement name: PostgreSQL parses and plans it once per connection */
  name: string
  /** `$n` placeholders */
  text: string
  values: unknown[]
}

export type RunPrepared = (q: PreparedQuery) => Promise<{ rows: any[] }>

interface PreparedPool {
  run: RunPrepared
  end(): Promise<void>
}

const pools = new WeakMap<Knex, RunPrepared>()

/**
 * Opens (lazily: no connection until the first statement) the pool of `knex`'s database. Errors of
 * idle clients (the server restarting) drop the client; the next statement connects again.
 */
export function openPreparedPool(PoolClass: new (c: PoolConfig) => Pool, knex: Knex, config: PoolConfig): PreparedPool {
  const pool = new PoolClass(config)
  pool.on('error', () => {})
  const run: RunPrepared = (q) => pool.query(q)
  pools.set(knex, run)
  return { run, end: () => { pools.delete(knex); return pool.end() } }
}

/** The prepared-statement pool of a server database's knex; undefined for PGlite (or a transaction). */
export function preparedRunner(knex: Knex): RunPrepared | undefined {
  return pools.get(knex)
}
