/**
 * Siting runs as background jobs: start one (the same parameters as a synchronous solve), poll its
 * progress, read the result, or cancel it. One interface, two homes chosen by the composition root
 * (server/services.ts):
 *  - embedded: in this process's memory (sitingJobsInProcess.ts): a restart forgets them;
 *  - server: a row in siting_jobs and a pg-boss job (sitingJobsShared.ts), so any node can start,
 *    poll, cancel or finish one, and a node that dies mid-job leaves it to be retried by another.
 * Either way the solve itself runs on this node's SolverPool (worker threads); the database work
 * either side of it (building the instance, catchment shapes) on the main thread.
 */
import type { Database } from '../db/connect'
import type { SolveProgress } from '../siting/instance'
import { SolveCancelled, type SolverPool } from '../siting/workerPool'
import type { SitingParams } from './siting/params'
import type { SitingResult } from './siting/result'
import { prepareSiting, solveChecked, type Solver } from './siting/run'

export const defaultJobOptions = {
  /** jobs remembered (running and finished) in process; on the server, jobs running at once */
  maxJobs: 50,
  /** how long a finished job's result stays readable */
  ttlMs: 15 * 60_000,
}
export type JobOptions = typeof defaultJobOptions

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled'

export interface JobProgress {
  /** rough share done, 0-1 */
  fraction: number
  message: string
  /** the incumbent objective value, the proven bound and their relative gap, once known */
  best: number | null
  bound: number | null
  gap: number | null
}

export interface JobView {
  id: string
  status: JobStatus
  createdAt: string
  finishedAt: string | null
  progress: JobProgress
  result?: SitingResult
  /** failed: what went wrong (a 400-style problem for bad parameters) */
  error?: JobFailure
}

/** A failed job's problem, as the HTTP layer would answer it (status, title, detail). */
export interface JobFailure {
  status: number
  title: string
  detail: string
  /** which request field a refusal concerns (body.hubs), as in problem+json */
  issues?: Array<{ path: string; message: string }>
}

/** What routes use; every call may reach the database, so all are async. */
export interface SitingJobs {
  start(params: SitingParams): Promise<JobView>
  /** NotFound when unknown or expired */
  get(id: string): Promise<JobView>
  /** NotFound when unknown, Conflict when it has already finished */
  cancel(id: string): Promise<JobView>
  /** stops taking jobs; the jobs this node is running are handed back (server) or dropped (embedded) */
  close(): Promise<void>
}

export interface SitingJobsDeps {
  db: Database
  pool: SolverPool
  options?: Partial<JobOptions>
  /** where unexpected failures go (the caller's logger); the job itself says only "failed" */
  onError?: (e: unknown, jobId: string) => void
  /** the problem a known error stands for (the problem catalogue); undefined for an unexpected one */
  describeFailure: (e: unknown) => JobFailure | undefined
}

/** The pool as a Solver for synchronous use (POST /api/siting/solve, saving scenarios). */
export const poolSolver = (pool: SolverPool): Solver => (task, onProgress) => pool.run(task, onProgress).result

export const firstProgress = (): JobProgress => ({ fraction: 0, message: 'reading demand and candidate sites', best: null, bound: null, gap: null })

export const UNEXPECTED: JobFailure = { status: 500, title: 'Internal error', detail: 'The solve failed; the server log has the details.' }

/** How one run ended, for whoever keeps the job. */
export type RunOutcome =
  | { status: 'done'; result: SitingResult; progress: JobProgress }
  | { status: 'failed'; error: JobFailure; unexpected?: unknown }
  | { status: 'stopped' }

export interface RunHandle {
  outcome: Promise<RunOutcome>
  /** stops the run wherever it is (a running solve's worker is terminated); the outcome is 'stopped' */
  stop(): void
}

/**
 * One job's work: build the instance, solve on the pool, explain. Reports progress as it goes;
 * never rejects (a failure is an outcome).
 */
export function runJob(deps: Pick<SitingJobsDeps, 'db' | 'pool' | 'describeFailure'>, params: SitingParams, onProgress: (p: JobProgress) => void): RunHandle {
  let stopped = false
  let cancelSolve: (() => void) | null = null
  const outcome = (async (): Promise<RunOutcome> => {
    try {
      const prepared = await prepareSiting(deps.db, params)
      if (stopped) return { status: 'stopped' }
      onProgress({ ...firstProgress(), message: 'waiting for a free solver' })
      const solver: Solver = (task, report) => {
        const h = deps.pool.run(task, report)
        cancelSolve = () => h.cancel()
        return h.result
      }
      const r = await solveChecked(solver, prepared.task, (p: SolveProgress) => {
        if (!stopped) onProgress({ fraction: p.fraction, message: p.message, best: p.best, bound: p.bound, gap: p.gap })
      })
      if (stopped) return { status: 'stopped' }
      onProgress({ fraction: 0.99, message: 'solved; allocating areas and drawing catchments', best: r.value, bound: r.bound, gap: r.gap })
      const result = await prepared.explain(r)
      if (stopped) return { status: 'stopped' }
      return { status: 'done', result, progress: { fraction: 1, message: result.summary, best: r.value, bound: r.bound, gap: r.gap } }
    } catch (e) {
      if (e instanceof SolveCancelled || stopped) return { status: 'stopped' }
      const known = deps.describeFailure(e)
      return known ? { status: 'failed', error: known } : { status: 'failed', error: UNEXPECTED, unexpected: e }
    }
  })()
  return { outcome, stop: () => { stopped = true; cancelSolve?.() } }
}
