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

/** Readiness: may a load balancer send this node requests now? */
export interface Readiness {
  ready: boolean
  /** why not, in words (absent when ready) */
  reasons?: string[]
  health: Health
}

/**
 * Ready when the database answers, every migration is applied and the node is not shutting down.
 * Data that fails an invariant (degraded) is still served, so it does not make a node unready.
 */
export async function checkReadiness(db: Database, state: { draining: boolean }, timeoutMs = 3000): Promise<Readiness> {
  const health = await checkHealth(db, timeoutMs)
  const reasons: string[] = []
  if (state.draining) reasons.push('shutting down: finishing the requests in flight and handing running jobs back')
  if (health.status === 'unavailable') reasons.push(`the database does not answer: ${health.problem}`)
  else if (health.migrations && health.migrations.pending > 0) reasons.push(`${health.migrations.pending} database migration(s) not yet applied`)
  return reasons.length ? { ready: false, reasons, health } : { ready: true, health }
}
