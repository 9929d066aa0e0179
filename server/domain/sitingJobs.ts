/**
 * Siting runs as background jobs: start one (the same parameters as a synchronous solve), poll its
 * progress, read the result, or cancel it. Jobs live in memory only (a restart forgets them):
 *  - at most `maxJobs` are kept; when full, the oldest finished job is forgotten first, and a new
 *    job is refused (503) only if all of them are still running;
 *  - a finished job is forgotten `ttlMs` after it finished;
 *  - solves run in the SolverPool's worker threads (at most pool.size at once, others wait in
 *    order, shown as running with a "waiting" message). The database work either side of the solve
 *    (building the instance, catchment shapes) runs on the main thread as for any request.
 */
import { randomUUID } from 'node:crypto'
import type { Database } from '../db/connect'
import type { SolveProgress } from '../siting/instance'
import { SolveCancelled, type SolverPool } from '../siting/workerPool'
import { Conflict, NotFound, TooManyJobs } from './errors'
import type { SitingParams } from './siting/params'
import type { SitingResult } from './siting/result'
import { prepareSiting, solveChecked, type Solver } from './siting/run'

export const defaultJobOptions = {
  /** jobs remembered (running and finished) */
  maxJobs: 50,
  /** how long a finished job's result stays readable */
  ttlMs: 15 * 60_000,
}

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

export interface SitingJobsDeps {
  db: Database
  pool: SolverPool
  options?: Partial<typeof defaultJobOptions>
  /** where unexpected failures go (the caller's logger); the job itself says only "failed" */
  onError?: (e: unknown, jobId: string) => void
  /** the problem a known error stands for (the problem catalogue); undefined for an unexpected one */
  describeFailure: (e: unknown) => JobFailure | undefined
}

interface Job {
  view: JobView
  finished: number | null
  cancel: () => void
}

/** The pool as a Solver for synchronous use (POST /api/siting/solve, saving scenarios). */
export const poolSolver = (pool: SolverPool): Solver => (task, onProgress) => pool.run(task, onProgress).result

export class SitingJobs {
  private readonly jobs = new Map<string, Job>()
  private readonly o: typeof defaultJobOptions
  private readonly db: Database
  private readonly pool: SolverPool

  constructor(private readonly deps: SitingJobsDeps) {
    this.o = { ...defaultJobOptions, ...deps.options }
    this.db = deps.db
    this.pool = deps.pool
  }

  start(params: SitingParams): JobView {
    this.sweep()
    if (this.jobs.size >= this.o.maxJobs) throw new TooManyJobs(this.o.maxJobs)
    const id = randomUUID()
    const view: JobView = {
      id, status: 'running', createdAt: new Date().toISOString(), finishedAt: null,
      progress: { fraction: 0, message: 'reading demand and candidate sites', best: null, bound: null, gap: null },
    }
    let cancelSolve: (() => void) | null = null
    let cancelled = false
    const job: Job = { view, finished: null, cancel: () => { cancelled = true; cancelSolve?.() } }
    this.jobs.set(id, job)
    const finish = (status: JobStatus, extra: Partial<JobView> = {}) => {
      if (view.status !== 'running') return
      Object.assign(view, { status, finishedAt: new Date().toISOString(), ...extra })
      job.finished = Date.now()
    }
    void (async () => {
      try {
        const prepared = await prepareSiting(this.db, params)
        if (cancelled) return
        view.progress = { ...view.progress, message: 'waiting for a free solver' }
        const onProgress = (p: SolveProgress) => {
          view.progress = { fraction: p.fraction, message: p.message, best: p.best, bound: p.bound, gap: p.gap }
        }
        const solver: Solver = (task, report) => {
          const h = this.pool.run(task, report)
          cancelSolve = () => h.cancel()
          return h.result
        }
        const r = await solveChecked(solver, prepared.task, onProgress)
        if (cancelled) return
        view.progress = { fraction: 0.99, message: 'solved; allocating areas and drawing catchments', best: r.value, bound: r.bound, gap: r.gap }
        const result = await prepared.explain(r)
        finish('done', { result, progress: { fraction: 1, message: result.summary, best: r.value, bound: r.bound, gap: r.gap } })
      } catch (e) {
        if (e instanceof SolveCancelled || cancelled) return
        const known = this.deps.describeFailure(e)
        finish('failed', {
          error: known ?? { status: 500, title: 'Internal error', detail: 'The solve failed; the server log has the details.' },
        })
        if (!known) this.deps.onError?.(e, id)
      }
    })()
    return view
  }

  get(id: string): JobView {
    this.sweep()
    const job = this.jobs.get(id)
    if (!job) throw new NotFound(`No siting job ${id} (finished jobs are kept for ${this.o.ttlMs / 60_000} minutes)`)
    return job.view
  }

  cancel(id: string): JobView {
    const job = this.jobs.get(id)
    if (!job) throw new NotFound(`No siting job ${id}`)
    if (job.view.status !== 'running') throw new Conflict(`Siting job ${id} has already finished (${job.view.status}).`)
    job.cancel()
    Object.assign(job.view, { status: 'cancelled', finishedAt: new Date().toISOString() })
    job.view.progress = { ...job.view.progress, message: 'cancelled' }
    job.finished = Date.now()
    return job.view
  }

  /** Forgets expired jobs, then the oldest finished ones while over the limit. */
  private sweep() {
    const now = Date.now()
    for (const [id, j] of this.jobs) if (j.finished !== null && now - j.finished > this.o.ttlMs) this.jobs.delete(id)
    if (this.jobs.size < this.o.maxJobs) return
    const done = [...this.jobs].filter(([, j]) => j.finished !== null).sort((a, b) => a[1].finished! - b[1].finished!)
    for (const [id] of done) {
      if (this.jobs.size < this.o.maxJobs) break
      this.jobs.delete(id)
    }
  }
}
