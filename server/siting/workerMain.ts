/**
 * The solver inside a worker thread: one task at a time, progress posted as the solve goes (solve()
 * throttles it), then the result or the error. Cancellation is the pool terminating this thread.
 */
import { parentPort } from 'node:worker_threads'
import { SitingInputError } from './instance'
import { solve } from './solve'
import type { FromWorker, ToWorker } from './workerProtocol'

const port = parentPort
if (!port) throw new Error('workerMain.ts runs inside a worker thread (see workerPool.ts)')

port.on('message', (msg: ToWorker) => {
  const post = (m: FromWorker) => port.postMessage(m)
  try {
    const result = solve(msg.instance, msg.constraints, { ...msg.options, onProgress: (progress) => post({ type: 'progress', id: msg.id, progress }) })
    post({ type: 'result', id: msg.id, result })
  } catch (e) {
    const err = e as Error
    post({ type: 'error', id: msg.id, error: { input: e instanceof SitingInputError, message: err.message, path: e instanceof SitingInputError ? e.path : undefined, stack: err.stack } })
  }
})
