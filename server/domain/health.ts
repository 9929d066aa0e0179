/** The service's own account of whether it can serve: backend, PostGIS, migrations, data. */
import type { Database } from '../db/connect'
import { migrationState, type MigrationState } from '../db/migrate'
import { dataVersion, postgisVersion } from '../db/status'

export interface Health {
  status: 'ok' | 'unavailable'
  backend: Database['backend']
  postgis: string | null
  migrations: MigrationState | null
  dataVersion: number | null
  problem?: string
}

/** Answers within `timeoutMs` whatever the database does, so /health never hangs. */
export async function checkHealth(db: Database, timeoutMs = 3000): Promise<Health> {
  const probe = async (): Promise<Health> => {
    const [postgis, migrations, version] = [
      await postgisVersion(db.knex),
      await migrationState(db.knex),
      await dataVersion(db.knex).catch(() => null),
    ]
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
