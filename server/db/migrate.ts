/**
 * Runs the knex migrations in /migrations on either backend. A custom migration source imports the
 * TypeScript files directly: under tsx or vitest as any module, and from the server bundle `npm start`
 * runs (plain Node, see server/launch.mjs) through tsx's API, loaded only when a migration is pending.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Knex } from 'knex'
import { projectRoot } from '../config'

const dir = path.join(projectRoot, 'migrations')

interface MigrationModule {
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
}

const source: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(dir).filter((f) => /^\d{8}_\d{3}_[a-z0-9_]+\.ts$/.test(f)).sort()
  },
  getMigrationName: (m) => m,
  async getMigration(m) {
    const url = pathToFileURL(path.join(dir, m)).href
    try {
      return (await import(url)) as MigrationModule
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err
      const { tsImport } = await import('tsx/esm/api')
      return (await tsImport(url, import.meta.url)) as MigrationModule
    }
  },
}

const options: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' }

export async function migrateLatest(knex: Knex): Promise<string[]> {
  if (await allApplied(knex)) return []
  const [, applied] = (await knex.migrate.latest(options)) as [number, string[]]
  return applied
}

/**
 * Whether the database has recorded exactly the migrations on disk: then there is nothing to do, and
 * a start skips knex's migrator (its lock and information_schema queries cost a few hundred ms on
 * the embedded database). Anything else (pending files, or a recorded migration whose file is gone,
 * which knex refuses) goes through the migrator.
 */
async function allApplied(knex: Knex): Promise<boolean> {
  const files = await source.getMigrations([])
  const [{ present }] = (await knex.raw(`select to_regclass('knex_migrations') is not null as present`)).rows as Array<{ present: boolean }>
  if (!present) return false
  const done = new Set((await knex('knex_migrations').select('name')).map((r: { name: string }) => r.name))
  return done.size === files.length && files.every((f) => done.has(f))
}

export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback(options, true)) as [number, string[]]
  return undone
}

export interface MigrationState {
  applied: number
  pending: number
  latest: string | null
}

export async function migrationState(knex: Knex): Promise<MigrationState> {
  const [done, pending] = (await knex.migrate.list(options)) as [Array<{ name: string }>, Array<{ file: string }>]
  return { applied: done.length, pending: pending.length, latest: done.at(-1)?.name ?? null }
}
