/**
 * Memoises a computation until the data version changes (an import or an edit commits): derived
 * answers such as class breaks are computed once per data version, not per request, and never go
 * stale. The version comes from the in-process watch (dataVersion.ts): a hit asks the database
 * nothing while it is live, and an announced change drops the entry at once rather than on the
 * next call. Without a live watch the version is read per call, as before.
 */
import type { Database } from '../db/connect'
import { currentDataVersion, dataVersionOf, heldDataVersion, type DataVersionSource } from './dataVersion'

interface Entry<T> { version: number; value: Promise<T> }

export function byDataVersion<T>(compute: (db: Database, version: number) => Promise<T>) {
  const cache = new WeakMap<Database, Entry<T>>()
  // one subscription per database watch: a newer version empties this memo's entry
  const bound = new WeakMap<Database, DataVersionSource>()
  const bind = (db: Database) => {
    const source = dataVersionOf(db)
    if (!source || bound.get(db) === source) return
    bound.set(db, source)
    source.onChange((v) => { const e = cache.get(db); if (e && e.version < v) cache.delete(db) })
  }
  return async (db: Database): Promise<{ version: number; value: T }> => {
    bind(db)
    const version = heldDataVersion(db) ?? (await currentDataVersion(db))
    const hit = cache.get(db)
    if (hit && hit.version === version) return { version, value: await hit.value }
    const value = compute(db, version)
    const entry = { version, value }
    cache.set(db, entry)
    value.catch(() => { if (cache.get(db) === entry) cache.delete(db) })
    return { version, value: await value }
  }
}
