/**
 * The data version held in process. Every write that bumps data_state.data_version (imports,
 * derived rebuilds, asset edits, moderation decisions, locality edits: all through
 * db/status.bumpDataVersion) is announced by a trigger with pg_notify on the channel
 * atlas_data_version (migration 120); NOTIFY is delivered at commit, so a listener never hears of a
 * version it cannot yet read. The server backend listens on a dedicated connection (reconnected with
 * backoff, see db/notifications.ts), the embedded one through PGlite's own listen.
 *
 * The version is *held* (answered without a query) only while the listener is connected and the
 * version has been read since it connected: notifications sent while it was disconnected are lost,
 * so each (re)connection reads the version again before trusting it. Otherwise callers fall back to
 * asking the database, as they always did. Caches subscribe to changes and drop what they hold.
 *
 * One watch per Database, shared by whoever opens it (createServices; several app nodes in one
 * process may share a database handle) and stopped when the last handle closes.
 */
import type { Database } from '../db/connect'
import type { Listening } from '../db/notifications'
import { onLocalBumps, dataVersion as readDataVersion } from '../db/status'

export const DATA_VERSION_CHANNEL = 'atlas_data_version'

/** What caches read: one object per database while a watch is open. */
export interface DataVersionSource {
  /** the current version when it is known without asking; undefined while the listener is not live */
  held(): number | undefined
  /** the current version: held, or read from the database */
  current(): Promise<number>
  /** the version read from the database now, even when one is held (a revalidation must not trust a NOTIFY still on its way) */
  read(): Promise<number>
  /** calls fn with each newer version seen (announced, or read); returns the unsubscribe */
  onChange(fn: (version: number) => void): () => void
}

export interface DataVersion extends DataVersionSource {
  /** stops listening once every handle on this database has closed */
  close(): Promise<void>
}

class Watch implements DataVersionSource {
  /** the newest version seen (-1: none yet) */
  version = -1
  /** `version` is current without asking: connected, and read since connecting */
  live = false
  listening = false
  /** bumped whenever the listener connects or is lost: a read across a change is not trusted */
  epoch = 0
  /** this process's writes that bumped the version and have not yet committed or rolled back */
  pendingWrites = 0
  refs = 0
  readonly subscribers = new Set<(version: number) => void>()
  readonly listener: Listening | undefined
  readonly unhook: () => void

  constructor(private readonly db: Database) {
    this.listener = db.listen?.(DATA_VERSION_CHANNEL, {
      notify: (payload) => { const v = Number(payload); if (Number.isFinite(v)) this.observe(v) },
      state: (up) => {
        this.listening = up
        this.live = false
        this.epoch++
        // what was announced while disconnected is lost: read the version again before trusting it
        if (up) void this.current().catch(() => {})
      },
    })
    // this node's own writes: not trusted while they commit, read again once they have
    this.unhook = onLocalBumps(db.knex, {
      begin: () => { this.pendingWrites++; this.live = false; this.epoch++ },
      end: () => { this.pendingWrites--; this.epoch++; void this.current().catch(() => {}) },
    })
  }

  held(): number | undefined {
    return this.live ? this.version : undefined
  }

  async current(): Promise<number> {
    return this.live ? this.version : this.read()
  }

  async read(): Promise<number> {
    const epoch = this.epoch
    const v = await readDataVersion(this.db.knex)
    this.observe(v)
    if (this.listening && this.epoch === epoch && this.pendingWrites === 0 && v >= this.version) this.live = true
    return this.version
  }

  onChange(fn: (version: number) => void): () => void {
    this.subscribers.add(fn)
    return () => { this.subscribers.delete(fn) }
  }

  observe(version: number): void {
    if (version <= this.version) return
    this.version = version
    for (const fn of this.subscribers) fn(version)
  }
}

const watches = new WeakMap<Database, Watch>()

/** Opens a handle on the database's data version (the composition root does, once per node). */
export function watchDataVersion(db: Database): DataVersion {
  let w = watches.get(db)
  if (!w) {
    w = new Watch(db)
    watches.set(db, w)
  }
  const watch = w
  watch.refs++
  let closed = false
  return {
    held: () => watch.held(),
    current: () => watch.current(),
    read: () => watch.read(),
    onChange: (fn) => watch.onChange(fn),
    close: async () => {
      if (closed) return
      closed = true
      if (--watch.refs > 0) return
      if (watches.get(db) === watch) watches.delete(db)
      watch.subscribers.clear()
      watch.live = false
      watch.unhook()
      await watch.listener?.stop()
    },
  }
}

/** The database's watch if one is open (caches subscribe to it), else undefined. */
export function dataVersionOf(db: Database): DataVersionSource | undefined {
  return watches.get(db)
}

/** The version held without a query, if any (no watch open: undefined). */
export function heldDataVersion(db: Database): number | undefined {
  return watches.get(db)?.held()
}

/** The current data version: held when the watch is live, else read from the database (always, with `fresh`). */
export function currentDataVersion(db: Database, o: { fresh?: boolean } = {}): Promise<number> {
  const w = watches.get(db)
  return w ? (o.fresh ? w.read() : w.current()) : readDataVersion(db.knex)
}
