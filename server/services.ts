/**
 * The server's long-lived parts, built once at start (server/main.ts, and the tests' harness) and
 * closed on shutdown: the data version held in process (LISTEN/NOTIFY, so caches follow every
 * node's writes), the solver pool (worker threads), the siting jobs that use it, the admin import
 * runner and the stores the rate limits count in. The backend decides where shared state
 * lives: on the server backend jobs are rows plus a pg-boss queue and limits count in PostgreSQL, so
 * any number of nodes can serve one database; embedded, both stay in this process. Routes receive
 * them in AppDeps and never construct their own.
 */
import type { Config } from './config'
import { connectServer, type Database } from './db/connect'
import { grantSharedSchemas } from './db/sharedSchemas'
import { ImportRunner } from './domain/adminImports'
import { watchDataVersion, type DataVersion } from './domain/dataVersion'
import { DomainError, InvalidParameter } from './domain/errors'
import type { Solver } from './domain/siting/run'
import { poolSolver, type JobFailure, type SitingJobs, type SitingJobsDeps } from './domain/sitingJobs'
import { InProcessSitingJobs } from './domain/sitingJobsInProcess'
import { SharedSitingJobs } from './domain/sitingJobsShared'
import { setTileCacheBytes } from './domain/tiles'
import type { LimitStores } from './http/auth'
import { problemOf } from './http/problem'
import { pgLimitStores } from './limits/pgLimitStore'
import type { Logger } from './logger'
import { pgBossQueue, retryWithinMs } from './queue/pgBossQueue'
import { SolverPool } from './siting/workerPool'

export interface Services {
  /** the data version, held while its listener is live; caches (catalogue, basemap, tiles) and ETags read it */
  dataVersion: DataVersion
  /** solves on the pool's worker threads (POST /api/siting/solve, saving scenarios) */
  solver: Solver
  sitingJobs: SitingJobs
  /** admin imports run from the API (one at a time), with this process's recent jobs for polling */
  imports: ImportRunner
  /** where each rate limit counts (undefined: in this process) */
  limitStores: LimitStores
  /** draining: shutting down (GET /health/ready answers 503 so a load balancer stops sending requests) */
  lifecycle: { draining: boolean }
  /** how soon a job whose node died is started again elsewhere (server backend), for logs and tests */
  jobRetryWithinMs: number | null
  /** waits for a running import, hands running jobs back, stops the workers (pending solves are refused), closes the limit stores and the version listener */
  close(): Promise<void>
}

function describeFailure(e: unknown): JobFailure | undefined {
  if (!(e instanceof DomainError)) return undefined
  const p = problemOf(e)
  return { status: p.status, title: p.title, detail: p.detail, ...(e instanceof InvalidParameter && e.issues.length ? { issues: e.issues } : {}) }
}

export function createServices(deps: { config: Config; db: Database; logger: Logger }): Services {
  const { config: c, db, logger } = deps
  // Solves run in worker threads, so a long one never blocks other requests.
  const pool = new SolverPool(c.SOLVER_WORKERS === 'auto' ? {} : { size: c.SOLVER_WORKERS })
  setTileCacheBytes(db, c.TILE_CACHE_BYTES)
  const dataVersion = watchDataVersion(db)
  const jobDeps: SitingJobsDeps = {
    db,
    pool,
    options: { maxJobs: c.JOB_MAX_RUNNING, ttlMs: c.JOB_RESULT_MINUTES * 60_000 },
    onError: (err, job) => logger.error({ err, job }, 'siting job failed'),
    describeFailure,
  }
  const imports = new ImportRunner(db)
  if (db.backend === 'embedded' || !c.DATABASE_URL) {
    const sitingJobs = new InProcessSitingJobs(jobDeps)
    return {
      dataVersion, solver: poolSolver(pool), sitingJobs, imports, limitStores: () => undefined, jobRetryWithinMs: null, lifecycle: { draining: false },
      close: async () => { await imports.drain(); await sitingJobs.close(); await pool.close(); await dataVersion.close() },
    }
  }
  const q = { expireSeconds: c.JOB_EXPIRE_SECONDS, maintenanceSeconds: c.JOB_MAINTENANCE_SECONDS }
  const queue = pgBossQueue({
    url: c.DATABASE_URL, concurrency: c.JOB_CONCURRENCY, ...q, retryLimit: c.JOB_RETRY_LIMIT,
    retentionMinutes: c.JOB_RESULT_MINUTES, onError: (err) => logger.warn({ err }, 'siting job queue'),
  })
  const sitingJobs = new SharedSitingJobs({ ...jobDeps, queue })
  const stores = pgLimitStores(c.DATABASE_URL, c.RATE_LIMIT_SCOPE, (err) => logger.warn({ err }, 'rate-limit store connection'))
  return {
    dataVersion, solver: poolSolver(pool), sitingJobs, imports, limitStores: (name) => stores.store(name), jobRetryWithinMs: retryWithinMs(q), lifecycle: { draining: false },
    close: async () => {
      await imports.drain()
      await sitingJobs.close()
      await pool.close()
      await stores.close()
      await dataVersion.close()
    },
  }
}

/**
 * With a separate schema owner (MIGRATION_DATABASE_URL), the owner creates the job queue's and the
 * rate limits' schemas and grants atlas_runtime their use, so the app's role needs no DDL. Without
 * one the app's role creates them itself when it first uses them. Run once at start, after the
 * migrations.
 */
export async function prepareSharedSchemas(c: Config): Promise<void> {
  if (!c.MIGRATION_DATABASE_URL || !c.DATABASE_URL) return
  const queue = pgBossQueue({ url: c.MIGRATION_DATABASE_URL, concurrency: 1, expireSeconds: c.JOB_EXPIRE_SECONDS, maintenanceSeconds: c.JOB_MAINTENANCE_SECONDS, retryLimit: c.JOB_RETRY_LIMIT, retentionMinutes: c.JOB_RESULT_MINUTES })
  try {
    await queue.prepare()
  } finally {
    await queue.stop()
  }
  const stores = pgLimitStores(c.MIGRATION_DATABASE_URL, 'setup')
  try {
    const s = stores.store('setup')
    s.init?.({ windowMs: 60_000 } as Parameters<NonNullable<typeof s.init>>[0])
    await s.resetKey('setup') // waits for the store's own migrations
  } finally {
    await stores.close()
  }
  const owner = await connectServer(c.MIGRATION_DATABASE_URL, { poolMax: 1, statementTimeoutMs: 60_000 })
  try {
    await grantSharedSchemas(owner.knex)
  } finally {
    await owner.close()
  }
}
