/**
 * One owner per embedded data directory. PGlite is a single-process database: two processes that
 * open the same DATA_DIR each keep their own copy of the pages in memory and overwrite each other's
 * writes (or leave files that no longer open). So whoever opens the directory first writes a lock
 * file into it, created atomically (`open(…, 'wx')` fails if it exists), holding its pid, port, what
 * it is and when it started; everyone else is refused with a message naming that owner. The lock is
 * removed when the database is closed, and at process exit (normal exit, or SIGINT/SIGTERM when no
 * one else handles them). A lock whose pid is no longer alive (a crash, kill -9) is stale: it is
 * taken over, and that is said.
 */
import { randomUUID } from 'node:crypto'
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'

export const LOCK_FILE = 'locality-atlas.lock'

export interface LockOwner {
  pid: number
  /** what holds the directory: 'server', 'admin cli', 'geodata cli', … */
  purpose: string
  /** the HTTP port of a server owner */
  port?: number
  startedAt: string
  token: string
}

export interface OwnerLock {
  readonly file: string
  readonly owner: LockOwner
  /** the previous owner whose stale lock was taken over, if any */
  readonly tookOverFrom?: LockOwner
  release(): void
}

/** The data directory is held by another live process. */
export class DataDirInUse extends Error {
  constructor(public readonly dataDir: string, public readonly owner: Partial<LockOwner>) {
    const who = `${owner.purpose ?? 'another process'} (pid ${owner.pid ?? '?'}${owner.port ? `, port ${owner.port}` : ''}${owner.startedAt ? `, since ${owner.startedAt}` : ''})`
    super(
      `the embedded database in ${dataDir} is in use by locality-atlas ${who}. ` +
        'Only one process may open it: stop that process first' +
        (owner.purpose === 'server' ? ' (or use the admin API of the running server)' : '') +
        `. If no such process is running, remove ${path.join(dataDir, LOCK_FILE)}.`,
    )
    this.name = 'DataDirInUse'
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(file: string): Partial<LockOwner> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    return {} // unreadable or half-written: treated as an owner of unknown pid (so stale)
  }
}

const held = new Map<string, OwnerLock>()
let exitHooked = false

function hookExit(): void {
  if (exitHooked) return
  exitHooked = true
  process.on('exit', () => {
    for (const l of [...held.values()]) l.release()
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      // The server handles these itself (drains requests, closes the database, which releases the
      // lock): leave it to do so. Alone, behave as the default would (die by the signal), lock freed.
      if (process.listenerCount(signal) > 1) return
      for (const l of [...held.values()]) l.release()
      process.removeListener(signal, onSignal)
      process.kill(process.pid, signal)
    }
    process.on(signal, onSignal)
  }
}

/**
 * Takes the owner lock of `dataDir` (which must exist), or throws DataDirInUse naming the owner.
 * `log` hears about a stale lock taken over.
 */
export function acquireOwnerLock(
  dataDir: string, o: { purpose: string; port?: number; log?: (message: string) => void },
): OwnerLock {
  const file = path.join(path.resolve(dataDir), LOCK_FILE)
  const owner: LockOwner = { pid: process.pid, purpose: o.purpose, port: o.port, startedAt: new Date().toISOString(), token: randomUUID() }
  let tookOverFrom: LockOwner | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(file, 'wx', 0o644)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const prev = readOwner(file)
      if (prev === null) continue // released between our open and our read: try again
      if (typeof prev.pid === 'number' && alive(prev.pid)) throw new DataDirInUse(path.dirname(file), prev)
      // Stale: its process is gone. Remove it only if it is still the same file we judged stale.
      const again = readOwner(file)
      if (again && again.token === prev.token) {
        try {
          unlinkSync(file)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
        }
      }
      tookOverFrom = prev as LockOwner
      o.log?.(`took over a stale lock on ${path.dirname(file)}: its owner (${prev.purpose ?? 'unknown'}, pid ${prev.pid ?? '?'}) is no longer running`)
      continue
    }
    try {
      writeSync(fd, JSON.stringify(owner, null, 2) + '\n')
    } finally {
      closeSync(fd)
    }
    const lock: OwnerLock = {
      file, owner, tookOverFrom,
      release() {
        if (held.get(file) !== lock) return
        held.delete(file)
        // Only remove the file if it is still ours (a stale-lock takeover by someone else must survive).
        if (readOwner(file)?.token === owner.token) {
          try {
            unlinkSync(file)
          } catch {
            // already gone
          }
        }
      },
    }
    held.set(file, lock)
    hookExit()
    return lock
  }
  throw new Error(`could not take the lock ${file}: it keeps changing`)
}
