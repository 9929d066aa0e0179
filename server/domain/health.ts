/** The service's own account of whether it can serve: backend, PostGIS, migrations, data. */
import type { Database } from '../db/connect'
import { migrationState, type MigrationState } from '../db/migrate'
import { areasWithoutGeometry, dataVersion, derivedPending, postgisVersion } from '../db/status'

export interface Health {
  /** degraded: the database answers, but the data fails an invariant (listed in `invariants`) */
  status: 'ok' | 'degraded' | 'unavailable'
  backend: Database['backend']
  postgis: string | null
  migrations: MigrationState | null
  dataVersion: number | null
  /** the data invariants that fail, in words (present when degraded) */
  invariants?: string[]
  problem?: string
}

/** What is wrong with the data, if anything: an owed derived rebuild, areas left without geometry. */
async function failedInvariants(db: Database): Promise<string[]> {
  const out: string[] = []
  if (await derivedPending(db.knex)) out.push('the derived data (links, locality outlines, aggregates) is owed a rebuild after an interrupted import')
  for (const a of await areasWithoutGeometry(db.knex)) out.push(`${a.n} ${a.level} area${a.n === 1 ? ' has' : 's have'} no geometry`)
  return out
}

/** Answers within `timeoutMs` whatever the database does, so /health never hangs. */
export async function checkHealth(db: Database, timeoutMs = 3000): Promise<Health> {
  const probe = async (): Promise<Health> => {
    const [postgis, migrations, version] = [
      await postgisVersion(db.knex),
      await migrationState(db.knex),
      await dataVersion(db.knex).catch(() => null),
    ]
    // Before migrations have run there is no data to judge.
    const invariants = migrations.pending === 0 ? await failedInvariants(db) : []
    if (invariants.length) return { status: 'degraded', backend: db.backend, postgis, migrations, dataVersion: version, invariants }
    return { status: 'ok', backend: db.backend, postgis, migrations, dataVersion: version }
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([probe(), timeout])
  } catch (err) {
    return {
      status: 'unavailable',
      backend: db.backend,
      postgis: null,
      migrations: null,
      dataVersion: null,
      problem: err instanceof Error ? err.message : String(err),
    }
  } finally {
    clearTimeout(timer)
  }
}
