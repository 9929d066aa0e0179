/**
 * Connect and bring the schema up to date, as every entry point (server, admin and geodata CLIs)
 * must. In production on a server the app's role is not the schema owner: MIGRATION_DATABASE_URL
 * names the owner, which migrates over its own short-lived connection, and the app then connects as
 * DATABASE_URL (a member of atlas_runtime, see migrations/20261202_090_runtime_role.ts).
 */
import type { Config } from '../config'
import { connect, connectServer, type Database, type EmbeddedOwner } from './connect'
import { migrateLatest } from './migrate'

/** `owner` says who holds an embedded DATA_DIR (its owner lock; ignored on the server backend). */
export async function openDatabase(config: Config, owner?: EmbeddedOwner): Promise<{ db: Database; applied: string[] }> {
  let applied: string[]
  if (config.MIGRATION_DATABASE_URL && config.DATABASE_URL) {
    const owner = await connectServer(config.MIGRATION_DATABASE_URL, { poolMax: 1, statementTimeoutMs: 600_000 })
    try {
      applied = await migrateLatest(owner.knex)
    } finally {
      await owner.close()
    }
    return { db: await connect(config), applied }
  }
  const db = await connect(config, owner)
  try {
    applied = await migrateLatest(db.knex)
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }
  return { db, applied }
}
