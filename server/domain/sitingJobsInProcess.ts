/**
 * Siting jobs in this process's memory (the embedded backend: one process owns the database):
 *  - at most `maxJobs` are kept; when full, the oldest finished job is forgotten first, and a new
 *    job is refused (503) only if all of them are still running;
 *  - a finished job is forgotten `ttlMs` after it finished;
 *  - solves wait in the pool's queue, shown as running with a "waiting" message.
 */
import { randomUUID } from 'node:crypto'
import { Conflict, NotFound, TooManyJobs } from './errors'
import type { SitingParams } from './siting/params'
import {
  defaultJobOptions, firstProgress, runJob, type JobOptions, type JobStatus, type JobView, type SitingJobs, type SitingJobsDeps,
} from './sitingJobs'

interface Job {
  view: JobView
  finished: number | null
  stop: () => void
}

export class InProcessSitingJobs implements SitingJobs {
  private readonly jobs = new Map<string, Job>()
  private readonly o: JobOptions
  private closed = false

  constructor(private readonly deps: SitingJobsDeps) {
    this.o = { ...defaultJobOptions, ...deps.options }
  }

  async start(params: SitingParams): Promise<JobView> {
    if (this.closed) throw new TooManyJobs(this.o.maxJobs, 'This server is shutting down and takes no new siting jobs; try again in a moment.')
    this.sweep()
    if (this.jobs.size >= this.o.maxJobs) throw new TooManyJobs(this.o.maxJobs)
    const id = randomUUID()
    const view: JobView = { id, status: 'running', createdAt: new Date().toISOString(), finishedAt: null, progress: firstProgress() }
    const run = runJob(this.deps, params, (p) => { view.progress = p })
    const job: Job = { view, finished: null, stop: run.stop }
    this.jobs.set(id, job)
    const finish = (status: JobStatus, extra: Partial<JobView> = {}) => {
      if (view.status !== 'running') return
      Object.assign(view, { status, finishedAt: new Date().toISOString(), ...extra })
      job.finished = Date.now()
    }
    void run.outcome.then((o) => {
      if (o.status === 'done') finish('done', { result: o.result, progress: o.progress })
      else if (o.status === 'failed') {
        finish('failed', { error: o.error })
        if (o.unexpected !== undefined) this.deps.onError?.(o.unexpected, id)
      }
    })
    return { ...view }
  }

  async get(id: string): Promise<JobView> {
    this.sweep()
    const job = this.jobs.get(id)
    if (!job) throw new NotFound(`No siting job ${id} (finished jobs are kept for ${this.o.ttlMs / 60_000} minutes)`)
    return { ...job.view }
  }

  async cancel(id: string): Promise<JobView> {
    const job = this.jobs.get(id)
    if (!job) throw new NotFound(`No siting job ${id}`)
    if (job.view.status !== 'running') throw new Conflict(`Siting job ${id} has already finished (${job.view.status}).`)
    job.stop()
    Object.assign(job.view, { status: 'cancelled', finishedAt: new Date().toISOString() })
    job.view.progress = { ...job.view.progress, message: 'cancelled' }
    job.finished = Date.now()
    return { ...job.view }
  }

  /** One process holds these jobs: closing ends the running ones (their solves stop). */
  async close(): Promise<void> {
    this.closed = true
    for (const j of this.jobs.values()) if (j.finished === null) j.stop()
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
