/**
 * Rate-limit counts in PostgreSQL (schema rate_limit), shared by every node on the database:
 * @acpr/rate-limit-postgresql's aggregated store, one per limiter, named `<scope>:<limit>`.
 *
 * The library starts its own migrations (postgres-migrations, under an advisory lock) from each
 * store's constructor without waiting for them, on a client with no 'error' listener: a connection
 * lost meanwhile ends the process (seen when a test silenced the database mid-migration), and four
 * stores contend for the lock for seconds. So no store is made by the constructor (the class keeps
 * only config, prefix, pool and windowMs): this module runs the library's own migration files once
 * per database URL and process, with the same postgres-migrations, on a client whose errors are
 * reported. A count waits for that run; should it fail, or another process be midway through its
 * own, a count that finds no schema or function yet is retried for a few seconds. Each store has a
 * small pool of its own, ended by `close`.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { PostgresStore } from '@acpr/rate-limit-postgresql'
import pg from 'pg'
import { migrate } from 'postgres-migrations'
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit'

/** schema, function or table not there yet: the library's migrations are still running */
const NOT_YET = new Set(['3F000', '42883', '42P01'])
const WAIT_MS = 10_000

class ReadyStore implements Store {
  /** `migrated`: this process's run of the migrations (settled, never rejected) */
  constructor(private readonly inner: PostgresStore, private readonly migrated: Promise<void>, private readonly onError?: (err: unknown) => void) {}
  get prefix() { return this.inner.prefix }
  init(o: Options) {
    this.inner.init(o)
    // an idle connection the server drops (a restart) is an 'error' on the pool: without a
    // listener it would end the process; the next count reconnects
    ;(this.inner.pool as { on?: (e: string, f: (err: unknown) => void) => void } | undefined)?.on?.('error', (err) => this.onError?.(err))
  }
  private async retry<T>(f: () => Promise<T>): Promise<T> {
    // The library prints every failed query to stderr before rethrowing it: a count made while the
    // migrations run would print "schema rate_limit does not exist" for each try, so none is tried
    // before this process's migrations are through (or failed: then the retries below apply).
    await this.migrated
    const end = Date.now() + WAIT_MS
    for (;;) {
      try {
        return await f()
      } catch (e) {
        if (!NOT_YET.has((e as { code?: string }).code ?? '') || Date.now() > end) throw e
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  }
  increment(key: string): Promise<ClientRateLimitInfo> { return this.retry(() => this.inner.increment(key)) }
  decrement(key: string): Promise<void> { return this.retry(() => this.inner.decrement(key)) }
  resetKey(key: string): Promise<void> { return this.retry(() => this.inner.resetKey(key)) }
  async close(): Promise<void> { await (this.inner.pool as { end?: () => Promise<void> } | undefined)?.end?.() }
}

export interface PgLimitStores {
  /** a new store for one limiter */
  store(name: string): Store
  close(): Promise<void>
}

/** the library's migration files, beside its entry point */
const MIGRATIONS = path.join(path.dirname(createRequire(import.meta.url).resolve('@acpr/rate-limit-postgresql')), 'migrations')

/** database URLs whose store migrations this process has run (or is running) */
const migrated = new Map<string, Promise<void>>()

/** The library's migrations, on a client of ours: a lost connection is reported, not thrown at the process. */
function migrateOnce(url: string, onError?: (err: unknown) => void): Promise<void> {
  let done = migrated.get(url)
  if (!done) {
    done = (async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'locality-atlas-limits' })
      client.on('error', (err) => onError?.(err))
      await client.connect()
      try {
        await migrate({ client }, MIGRATIONS)
      } finally {
        await client.end().catch(() => {})
      }
    })().catch((err: unknown) => {
      migrated.delete(url) // the next node or start tries again; counts meanwhile retry, then fail
      onError?.(err)
    })
    migrated.set(url, done)
  }
  return done
}

function postgresStore(url: string, prefix: string): PostgresStore {
  const config = { connectionString: url, max: 2, application_name: 'locality-atlas-limits' }
  return Object.assign(Object.create(PostgresStore.prototype) as PostgresStore, { config, prefix })
}

export function pgLimitStores(url: string, scope: string, onError?: (err: unknown) => void): PgLimitStores {
  const made: ReadyStore[] = []
  const migrating = migrateOnce(url, onError)
  return {
    store(name) {
      const s = new ReadyStore(postgresStore(url, `${scope}:${name}`), migrating, onError)
      made.push(s)
      return s
    },
    async close() {
      await migrating // its client is ended before this returns
      await Promise.all(made.map((s) => s.close().catch(() => {})))
    },
  }
}
