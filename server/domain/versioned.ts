/**
 * Memoises a computation until the data version changes (an import commits): derived answers such
 * as class breaks are computed once per data version, not per request, and never go stale.
 */
import type { Database } from '../db/connect'
import { dataVersion } from '../db/status'

export function byDataVersion<T>(compute: (db: Database, version: number) => Promise<T>) {
  const cache = new WeakMap<Database, { version: number; value: Promise<T> }>()
  return async (db: Database): Promise<{ version: number; value: T }> => {
    const version = await dataVersion(db.knex)
    const hit = cache.get(db)
    if (hit && hit.version === version) return { version, value: await hit.value }
    const value = compute(db, version)
    cache.set(db, { version, value })
    value.catch(() => cache.delete(db))
    return { version, value: await value }
  }
}
