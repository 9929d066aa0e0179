/**
 * Siting jobs shared by every node on one PostgreSQL (the server backend). A job is a row in
 * siting_jobs, which clients read through any node, and an entry in a queue (pg-boss, wired in
 * server/queue) that hands it to one node's worker:
 *  - start: insert the row, send the job; the node that takes it writes progress into the row
 *    (at most every PROGRESS_MS) and ends it with the result or the error, kept `ttlMs`;
 *  - cancel (any node): the row ends 'cancelled', the queue drops the job if no node has it, and a
 *    NOTIFY tells the node running it to stop its solve. A node that misses the NOTIFY stops at its
 *    next progress write, which finds the row no longer running;
 *  - a node that stops (close) stops its runs and hands their jobs back to the queue, which gives
 *    them to another node at its next poll; a node that dies leaves them to the queue's expiry
 *    (see JobQueue.retryWithinMs). Each run claims the row with a new attempt number, so a node that
 *    lost a job cannot write over the run that replaced it.
 */
import { randomUUID } from 'node:crypto'
import * as store from '../db/sitingJobs'
import type { Listening } from '../db/notifications'
import { Conflict, NotFound, TooManyJobs } from './errors'
import type { SitingParams } from './siting/params'
import {
  defaultJobOptions, firstProgress, runJob, type JobFailure, type JobOptions, type JobProgress, type JobView, type RunHandle, type SitingJobs, type SitingJobsDeps,
} from './sitingJobs'

/** What the shared jobs need from a queue: one job id in, one node's handler out. */
export interface JobQueue {
  /** Hands the job to some node's worker. */
  send(id: string): Promise<void>
  /** Drops the job if no worker has it yet (a running one is stopped through the cancel NOTIFY). */
  cancel(id: string): Promise<void>
  /**
   * Runs handler for the jobs this node takes. A rejection hands the job back for another try;
   * onLost hears of a job the queue has given up on (its tries spent).
   */
  work(handler: (id: string) => Promise<void>, onLost: (id: string) => Promise<void>): Promise<void>
  /** Stops taking jobs; waits for running handlers to settle (their jobs handed back if they reject). */
  stop(): Promise<void>
}

const GAVE_UP: JobFailure = {
  status: 503, title: 'Service unavailable',
  detail: 'The job was started on a server node several times, and each node stopped before it finished. Try again.',
}

export const CANCEL_CHANNEL = 'atlas_siting_cancel'
const PROGRESS_MS = 200

/** Thrown out of a run that was stopped because this node is closing: the queue retries the job. */
export class HandedBack extends Error {
  constructor() { super('this node is shutting down: the job is handed back to the queue') }
}

export function viewOf(row: store.SitingJobRow): JobView {
  return {
    id: row.id,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    progress: row.progress as JobProgress,
    ...(row.result ? { result: row.result as JobView['result'] } : {}),
    ...(row.error ? { error: row.error as JobFailure } : {}),
  }
}

export class SharedSitingJobs implements SitingJobs {
  private readonly o: JobOptions
  private readonly running = new Map<string, RunHandle>()
  private readonly ready: Promise<void>
  private listening: Listening | undefined
  private closing = false

  constructor(private readonly deps: SitingJobsDeps & { queue: JobQueue }) {
    this.o = { ...defaultJobOptions, ...deps.options }
    this.ready = this.begin()
    // a failed start is reported by every call that needs the queue; here it only must not go unhandled
    this.ready.catch(() => {})
  }

  private async begin(): Promise<void> {
    this.listening = this.deps.db.listen?.(CANCEL_CHANNEL, { notify: (id) => this.running.get(id)?.stop(), state: () => {} })
    await this.deps.queue.work((id) => this.run(id), (id) => this.lost(id))
  }

  /** The queue gave up on a job (every node that took it stopped or died first): the row says so. */
  private async lost(id: string): Promise<void> {
    await store.finishJob(this.deps.db.knex, id, null, this.o.ttlMs, { status: 'failed', error: GAVE_UP })
  }

  async start(params: SitingParams): Promise<JobView> {
    await this.ready
    if (this.closing) throw new TooManyJobs(this.o.maxJobs, 'This server is shutting down and takes no new siting jobs; try again in a moment.')
    const db = this.deps.db.knex
    await store.deleteExpiredJobs(db)
    if ((await store.countRunningJobs(db)) >= this.o.maxJobs) throw new TooManyJobs(this.o.maxJobs)
    const row = await store.insertJob(db, randomUUID(), params, firstProgress())
    await this.deps.queue.send(row.id)
    return viewOf(row)
  }

  async get(id: string): Promise<JobView> {
    const row = await store.readJob(this.deps.db.knex, id)
    if (!row || (row.status !== 'running' && row.finished_at && Date.now() - new Date(row.finished_at).getTime() > this.o.ttlMs)) {
      throw new NotFound(`No siting job ${id} (finished jobs are kept for ${this.o.ttlMs / 60_000} minutes)`)
    }
    return viewOf(row)
  }

  async cancel(id: string): Promise<JobView> {
    const db = this.deps.db.knex
    const row = await store.cancelJob(db, id, this.o.ttlMs)
    if (!row) {
      const now = await store.readJob(db, id)
      if (!now) throw new NotFound(`No siting job ${id}`)
      throw new Conflict(`Siting job ${id} has already finished (${now.status}).`)
    }
    // here at once if this node runs it; every other node hears the NOTIFY
    this.running.get(id)?.stop()
    await store.announceCancel(db, CANCEL_CHANNEL, id)
    await this.deps.queue.cancel(id)
    return viewOf(row)
  }

  private closed: Promise<void> | undefined

  /** Stops this node's runs and hands their jobs back, then stops the queue (once, however often called). */
  close(): Promise<void> {
    return (this.closed ??= (async () => {
      this.closing = true
      for (const r of this.running.values()) r.stop()
      await this.ready.catch(() => {})
      await this.deps.queue.stop()
      await this.listening?.stop()
    })())
  }

  /** One node's run of one job. */
  private async run(id: string): Promise<void> {
    if (this.closing) throw new HandedBack()
    const db = this.deps.db.knex
    const claim = await store.claimJob(db, id)
    if (!claim) return // cancelled (or finished) before this node took it
    const { attempt } = claim
    let latest: JobProgress | null = null
    let writing: Promise<void> | null = null
    let timer: NodeJS.Timeout | undefined
    const flush = () => {
      timer = undefined
      if (!latest || writing) return
      const p = latest
      latest = null
      writing = store.reportProgress(db, id, attempt, p).then(
        (ours) => { if (!ours) handle.stop() }, // cancelled, or another node has it now
        () => {}, // a lost progress write is not worth failing the job for
      ).finally(() => { writing = null; if (latest && !timer) timer = setTimeout(flush, PROGRESS_MS) })
    }
    const handle = runJob(this.deps, claim.params as SitingParams, (p) => {
      latest = p
      if (!timer && !writing) timer = setTimeout(flush, PROGRESS_MS)
    })
    this.running.set(id, handle)
    try {
      const o = await handle.outcome
      clearTimeout(timer)
      if (o.status === 'stopped') {
        if (this.closing) throw new HandedBack()
        return
      }
      if (o.status === 'done') {
        await store.finishJob(db, id, attempt, this.o.ttlMs, { status: 'done', result: o.result, progress: o.progress })
      } else {
        await store.finishJob(db, id, attempt, this.o.ttlMs, { status: 'failed', error: o.error })
        if (o.unexpected !== undefined) this.deps.onError?.(o.unexpected, id)
      }
    } finally {
      this.running.delete(id)
    }
  }
}
