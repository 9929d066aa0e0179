/**
 * One database interface, two backends, both through knex: the embedded PGlite + PostGIS database
 * (default, persisted in DATA_DIR) or a PostgreSQL/PostGIS server (DATABASE_URL) through pg.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import knexFactory, { type Knex } from 'knex'
import type { Config } from '../config'
import { acquireOwnerLock } from './ownerLock'
import { initialCluster, postgisExtension, unpackedPostgis } from './embeddedCluster'
import { migrateLatest } from './migrate'
import { embeddedListen, serverListen, type Listen, type Listening } from './notifications'
import { openPreparedPool } from './preparedPool'

export type Backend = 'embedded' | 'server'

/**
 * A handle the db layer's functions query through: the database itself or an open transaction.
 * Code outside server/db passes it along and never builds queries with it.
 */
export type Queryable = Knex | Knex.Transaction
/** An open transaction (what Database.transaction hands its function). */
export type Transaction = Knex.Transaction

export interface Database {
  readonly knex: Knex
  readonly backend: Backend
  /** runs fn in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(fn: (trx: Transaction) => Promise<T>): Promise<T>
  /** LISTEN on a channel (see notifications.ts); stopped by close() */
  listen?: Listen
  close(): Promise<void>
}

function database(knex: Knex, backend: Backend, listen: Listen | undefined, close: () => Promise<void>): Database {
  return { knex, backend, transaction: (fn) => knex.transaction(fn), listen, close }
}

/** A listen that close() stops, so no listener outlives its database. */
function tracked(listen: Listen): { listen: Listen; stopAll: () => Promise<void> } {
  const open = new Set<Listening>()
  return {
    listen: (channel, h) => {
      const l = listen(channel, h)
      const entry: Listening = { stop: () => { open.delete(entry); return l.stop() } }
      open.add(entry)
      return entry
    },
    stopAll: async () => { await Promise.all([...open].map((l) => l.stop())) },
  }
}

// pg returns bigint and numeric as strings by default; our counts and versions fit in a double.
let pgTypesSet = false
async function setPgTypes(): Promise<void> {
  if (pgTypesSet) return
  const pg = (await import('pg')).default
  pg.types.setTypeParser(20, (v: string) => Number(v))
  pg.types.setTypeParser(1700, (v: string) => Number(v))
  pgTypesSet = true
}

export async function connectServer(url: string, opts: { poolMax: number; statementTimeoutMs: number }): Promise<Database> {
  await setPgTypes()
  const connection = {
    connectionString: url,
    statement_timeout: opts.statementTimeoutMs,
    // A database host that goes silent (rather than refusing) must not hold requests forever:
    // the client gives up a little after the server-side statement timeout would have fired.
    query_timeout: opts.statementTimeoutMs + 2000,
    keepAlive: true,
    connectionTimeoutMillis: 5000,
    application_name: 'locality-atlas',
  }
  const knex = knexFactory({
    client: 'pg',
    connection,
    // acquireTimeout bounds how long a request waits for a pooled connection when the database is down.
    pool: {
      min: 0, max: opts.poolMax, acquireTimeoutMillis: 5000, idleTimeoutMillis: 30_000,
      // After query_timeout pg fails the query but keeps the connection, still waiting for the
      // answer: the next query on it would queue behind that one and time out again. A connection
      // that is not ready for a query when handed out is dropped, so each request waits one bound.
      validate: (conn: { readyForQuery?: boolean }) => conn.readyForQuery !== false,
    },
    acquireConnectionTimeout: 5000,
    // knex prints pool errors to the console; the HTTP layer reports outages as 503 and /health says why.
    log: { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} },
  })
  // Tile statements: the same settings and bounds on a pool of their own (see preparedPool.ts); a
  // request waits for one of its connections as long as for knex's (connectionTimeoutMillis).
  const pg = (await import('pg')).default
  const prepared = openPreparedPool(pg.Pool, knex, { ...connection, max: opts.poolMax, idleTimeoutMillis: 30_000 })
  const l = tracked(serverListen(url))
  return database(knex, 'server', l.listen, () => l.stopAll().then(() => Promise.all([knex.destroy(), prepared.end()])).then(() => {}))
}

/** Who opens an embedded directory: written into its owner lock, named to anyone refused. */
export interface EmbeddedOwner {
  purpose: string
  port?: number
  log?: (message: string) => void
}

export interface EmbeddedStart {
  /**
   * A new (empty) directory starts from the cached initial cluster: PostGIS created and the
   * migrations applied (see embeddedCluster.ts). Off, it starts from initdb (migration tests).
   */
  fromInitialCluster?: boolean
}

export async function connectEmbedded(dataDir: string, owner: EmbeddedOwner = { purpose: 'process' }, start: EmbeddedStart = {}): Promise<Database> {
  mkdirSync(dataDir, { recursive: true })
  // PGlite is single-process: the directory's owner lock is taken before its files are opened.
  const lock = acquireOwnerLock(dataDir, owner)
  let pglite
  try {
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'))
    const loadDataDir = fresh && start.fromInitialCluster ? await initialCluster(buildInitialCluster) : undefined
    pglite = await openPglite(dataDir, loadDataDir)
  } catch (err) {
    lock.release()
    throw err
  }
  return embeddedDatabase(pglite, () => lock.release())
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  return PGlite.create({ dataDir, extensions: { postgis: await postgisExtension() }, ...(loadDataDir ? { loadDataDir } : {}) })
}

async function embeddedDatabase(pglite: PGlite, released: () => void): Promise<Database> {
  const { default: ClientPgLite } = await import('knex-pglite')
  // PGlite answers numeric/bigint as JS numbers already; one connection, so knex-pglite pins the pool at 1.
  const knex = knexFactory({
    client: ClientPgLite as unknown as Knex.Config['client'],
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
  } as Knex.Config)
  // knex.destroy() closes the PGlite instance it was handed; the lock goes once its files are closed.
  const l = tracked(embeddedListen(pglite))
  return database(knex, 'embedded', l.listen, () => l.stopAll().then(() => knex.destroy()).finally(released))
}

/** The initial cluster's making: a new directory, PostGIS and every migration (no owner lock: it is private). */
async function buildInitialCluster(dir: string): Promise<{ pglite: PGlite; close: () => Promise<void> }> {
  const pglite = await openPglite(dir)
  const db = await embeddedDatabase(pglite, () => {})
  try {
    await migrateLatest(db.knex)
  } catch (err) {
    await db.close()
    throw err
  }
  return { pglite, close: () => db.close() }
}

/** `owner` says who holds an embedded DATA_DIR (ignored on the server backend). */
export function connect(cfg: Config, owner?: EmbeddedOwner): Promise<Database> {
  return cfg.DATABASE_URL
    ? connectServer(cfg.DATABASE_URL, { poolMax: cfg.DB_POOL_MAX, statementTimeoutMs: cfg.STATEMENT_TIMEOUT_MS })
    : connectEmbedded(cfg.DATA_DIR, owner, { fromInitialCluster: true })
}

/**
 * Builds what an embedded DATA_DIR opens with (the unpacked PostGIS files) and what a new one starts
 * from (the initial cluster) if they are not cached yet: run at install time (npm postinstall) so
 * the first `npm start` only imports.
 */
export async function prepareEmbedded(): Promise<void> {
  unpackedPostgis()
  await initialCluster(buildInitialCluster)
}
