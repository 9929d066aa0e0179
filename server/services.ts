/**
 * The server's long-lived parts, built once at start (server/main.ts, and the tests' harness) and
 * closed on shutdown: the solver pool (worker threads), the siting jobs that use it and the admin
 * import runner. Routes receive them in AppDeps and never construct their own.
 */
import type { Config } from './config'
import type { Database } from './db/connect'
import { ImportRunner } from './domain/adminImports'
import { DomainError, InvalidParameter } from './domain/errors'
import type { Solver } from './domain/siting/run'
import { poolSolver, SitingJobs } from './domain/sitingJobs'
import { problemOf } from './http/problem'
import type { Logger } from './logger'
import { SolverPool } from './siting/workerPool'

export interface Services {
  /** solves on the pool's worker threads (POST /api/siting/solve, saving scenarios) */
  solver: Solver
  sitingJobs: SitingJobs
  /** admin imports run from the API (one at a time), with the recent jobs for polling */
  imports: ImportRunner
  /** waits for a running import, then stops the workers; pending solves are refused */
  close(): Promise<void>
}

export function createServices(deps: { config: Config; db: Database; logger: Logger }): Services {
  // Solves run in worker threads (at most two at once), so a long one never blocks other requests.
  const pool = new SolverPool()
  const sitingJobs = new SitingJobs({
    db: deps.db,
    pool,
    onError: (err, job) => deps.logger.error({ err, job }, 'siting job failed'),
    describeFailure: (e) => {
      if (!(e instanceof DomainError)) return undefined
      const p = problemOf(e)
      return { status: p.status, title: p.title, detail: p.detail, ...(e instanceof InvalidParameter && e.issues.length ? { issues: e.issues } : {}) }
    },
  })
  const imports = new ImportRunner(deps.db)
  return {
    solver: poolSolver(pool), sitingJobs, imports,
    close: async () => {
      await imports.drain()
      await pool.close()
    },
  }
}
