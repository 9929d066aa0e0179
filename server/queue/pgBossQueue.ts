/**
 * The shared siting jobs' queue on pg-boss 10 (schema pgboss, created at start if missing). pg-boss
 * 10 has no heartbeat: a job stays "active" on a node that died until its expiry passes, and the
 * next maintenance run (every maintenanceSeconds, on whichever node holds the maintenance lock)
 * sets it to retry; some node's worker then takes it at its next poll. So a dead node's job starts
 * again elsewhere within expireSeconds + 2 x maintenanceSeconds + the polling interval
 * (`retryWithinMs`). A node that shuts down hands its jobs back at once (the handler rejects).
 * The expiry is also each run's limit on its own node, so it must exceed the longest solve.
 *
 * pg-boss gets a pool of its own (through `db`, so pg-boss never closes it itself): on stop, the
 * hand-backs it sends as its handlers reject are waited for before the pool ends.
 */
import PgBoss from 'pg-boss'
import pg from 'pg'
import type { JobQueue } from '../domain/sitingJobsShared'

export interface PgBossQueueOptions {
  url: string
  /** handlers running at once on this node */
  concurrency: number
  expireSeconds: number
  maintenanceSeconds: number
  retryLimit: number
  /** how long the queue keeps a finished job's own record (the result lives in siting_jobs) */
  retentionMinutes: number
  onError?: (err: unknown) => void
}

const QUEUE = 'siting'
/** where pg-boss moves a job it has given up on (retries spent), so its row can say so */
const LOST = 'siting_lost'
const POLL_SECONDS = 1

/** How soon a job whose node died starts again on another node, at the latest. */
export const retryWithinMs = (o: Pick<PgBossQueueOptions, 'expireSeconds' | 'maintenanceSeconds'>): number =>
  (o.expireSeconds + 2 * o.maintenanceSeconds + POLL_SECONDS) * 1000

/** The queue; `prepare` only creates the schema and the queues (the owner's step at start). */
export function pgBossQueue(o: PgBossQueueOptions): JobQueue & { prepare(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: o.url, max: Math.max(2, o.concurrency + 1), application_name: 'locality-atlas-jobs' })
  pool.on('error', (err) => o.onError?.(err))
  const inFlight = new Set<Promise<unknown>>()
  const db = {
    executeSql: (text: string, values: unknown[]) => {
      const p = pool.query(text, values as unknown[])
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p)).catch(() => {})
      return p
    },
  }
  const boss = new PgBoss({ db, schema: 'pgboss', maintenanceIntervalSeconds: o.maintenanceSeconds, monitorStateIntervalSeconds: Math.max(o.maintenanceSeconds, 10) })
  boss.on('error', (err) => o.onError?.(err))
  const jobOptions = { retryLimit: o.retryLimit, retryDelay: 0, expireInSeconds: o.expireSeconds, retentionMinutes: o.retentionMinutes }
  let started: Promise<unknown> | undefined
  const start = () => (started ??= (async () => {
    await boss.start()
    await boss.createQueue(LOST, { name: LOST, retentionMinutes: o.retentionMinutes })
    await boss.createQueue(QUEUE, { name: QUEUE, ...jobOptions, deadLetter: LOST })
  })())
  const workers: string[] = []
  return {
    async prepare() {
      await start()
    },
    async send(id) {
      await start()
      await boss.send(QUEUE, { id }, { id, ...jobOptions, deadLetter: LOST })
      // a local worker takes it now rather than at its next poll (another node's may still be first)
      for (const w of workers) boss.notifyWorker(w)
    },
    async cancel(id) {
      await start()
      await boss.cancel(QUEUE, id)
    },
    async work(handler, onLost) {
      await start()
      workers.push(await boss.work<{ id: string }>(LOST, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => onLost(job.data.id)))
      for (let k = 0; k < o.concurrency; k++) {
        workers.push(await boss.work(QUEUE, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => handler(job.id)))
      }
    },
    async stop() {
      if (started) {
        await started.catch(() => {})
        await boss.stop({ graceful: true, wait: true, timeout: 5000, close: false })
        while (inFlight.size) await Promise.allSettled([...inFlight])
      }
      await pool.end()
    },
  }
}
