/**
 * Runs solves off the main thread: a small pool of worker threads (worker.mjs -> workerMain.ts),
 * at most `size` solving at once, the rest queued in order. Each task's cost matrix is copied into
 * a fresh buffer and transferred, so the caller keeps its instance for explaining the answer.
 * Cancelling a queued task drops it; cancelling a running one terminates its worker (the solver
 * is synchronous and checks nothing), and the next task starts a fresh worker.
 * Idle workers are unref'd: they never keep the process alive.
 *
 * @example
 * const pool = new SolverPool({ size: 2 })
 * const h = pool.run({ instance, constraints, options: { objective: 'p-median', seed: 1 } }, (p) => console.log(p.message))
 * const result = await h.result // or h.cancel()
 */
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { SitingInputError, type SitingConstraints, type SitingInstance, type SolveOptions, type SolveProgress, type SolveResult } from './instance'
import type { FromWorker, ToWorker } from './workerProtocol'

export const defaultPoolOptions = {
  /** workers solving at once: one per core, at most 2 (this is a 2-core deployment; DB work needs the main thread) */
  size: Math.max(1, Math.min(2, os.availableParallelism())),
}

export interface PoolTask {
  instance: SitingInstance
  constraints: SitingConstraints
  options: Partial<Omit<SolveOptions, 'onProgress'>>
}

export interface TaskHandle {
  result: Promise<SolveResult>
  /** true if the task was still queued or running (it then rejects with SolveCancelled) */
  cancel(): boolean
}

export class SolveCancelled extends Error {
  constructor() {
    super('the solve was cancelled')
    this.name = 'SolveCancelled'
  }
}

interface Pending {
  id: number
  task: PoolTask
  onProgress?: (p: SolveProgress) => void
  resolve: (r: SolveResult) => void
  reject: (e: Error) => void
  slot: Slot | null
  settled: boolean
}

interface Slot {
  worker: Worker
  current: Pending | null
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url)

export class SolverPool {
  readonly size: number
  private slots: Slot[] = []
  private queue: Pending[] = []
  private nextId = 1
  private closed = false

  constructor(opts: Partial<typeof defaultPoolOptions> = {}) {
    const o = { ...defaultPoolOptions, ...opts }
    if (!Number.isInteger(o.size) || o.size < 1) throw new RangeError(`pool size must be a positive integer (got ${o.size})`)
    this.size = o.size
  }

  /** workers alive, solving, and tasks waiting for one */
  get stats(): { workers: number; busy: number; queued: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.current).length, queued: this.queue.length }
  }

  run(task: PoolTask, onProgress?: (p: SolveProgress) => void): TaskHandle {
    if (this.closed) throw new Error('the solver pool is closed')
    let pending!: Pending
    const result = new Promise<SolveResult>((resolve, reject) => {
      pending = { id: this.nextId++, task, onProgress, resolve, reject, slot: null, settled: false }
    })
    // a cancelled task's caller may never look at its result: that is not an unhandled rejection
    result.catch(() => {})
    this.queue.push(pending)
    this.pump()
    return { result, cancel: () => this.cancel(pending) }
  }

  /** Terminates every worker; queued and running tasks reject with SolveCancelled. */
  async close(): Promise<void> {
    this.closed = true
    for (const p of this.queue.splice(0)) this.settle(p, new SolveCancelled())
    await Promise.all(this.slots.splice(0).map((s) => {
      if (s.current) this.settle(s.current, new SolveCancelled())
      return s.worker.terminate()
    }))
  }

  private cancel(p: Pending): boolean {
    if (p.settled) return false
    const q = this.queue.indexOf(p)
    if (q >= 0) this.queue.splice(q, 1)
    const slot = p.slot
    this.settle(p, new SolveCancelled())
    if (slot) {
      this.drop(slot)
      void slot.worker.terminate()
    }
    this.pump()
    return true
  }

  private settle(p: Pending, outcome: SolveResult | Error) {
    if (p.settled) return
    p.settled = true
    if (p.slot) {
      p.slot.current = null
      p.slot.worker.unref()
      p.slot = null
    }
    if (outcome instanceof Error) p.reject(outcome)
    else p.resolve(outcome)
  }

  private drop(slot: Slot) {
    const k = this.slots.indexOf(slot)
    if (k >= 0) this.slots.splice(k, 1)
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.current)
      if (!slot) {
        if (this.slots.length >= this.size) return
        slot = this.spawn()
      }
      const p = this.queue.shift()!
      slot.current = p
      p.slot = slot
      slot.worker.ref()
      const { instance: inst } = p.task
      const cost = inst.cost.slice()
      const msg: ToWorker = { id: p.id, instance: { ...inst, cost }, constraints: p.task.constraints, options: p.task.options }
      slot.worker.postMessage(msg, [cost.buffer])
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL)
    const slot: Slot = { worker, current: null }
    worker.unref()
    worker.on('message', (m: FromWorker) => {
      const p = slot.current
      if (!p || p.id !== m.id) return
      if (m.type === 'progress') p.onProgress?.(m.progress)
      else {
        this.settle(p, m.type === 'result' ? m.result : m.error.input ? new SitingInputError(m.error.message, m.error.path) : Object.assign(new Error(m.error.message), { stack: m.error.stack }))
        this.pump()
      }
    })
    const lost = (err: Error) => {
      this.drop(slot)
      if (slot.current) this.settle(slot.current, err)
      this.pump()
    }
    worker.on('error', (err) => lost(err))
    worker.on('exit', (code) => lost(new Error(`solver worker exited (code ${code})`)))
    this.slots.push(slot)
    return slot
  }
}
