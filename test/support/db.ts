/**
 * Opens a real PostGIS for a test file: a private copy of the prepared embedded template, or the
 * shared server test database. Either way it is migrated and holds the B&D import.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type Config } from '../../server/config'
import { connectEmbedded, connectServer, type Database } from '../../server/db/connect'
import { backend, geodataDir, serverUrl, templateDir } from './env'

export interface TestDb extends Database {
  config: Config
  dispose(): Promise<void>
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    AUTO_IMPORT: 'false',
    SERVE_CLIENT: 'false',
    GEODATA_DIR: geodataDir,
    // each test file counts its own rate limits (on the server backend they live in the shared database)
    RATE_LIMIT_SCOPE: `test-${process.pid}-${Date.now().toString(36)}`,
    ...(serverUrl ? { DATABASE_URL: serverUrl } : {}),
    ...overrides,
  })
}

export async function openTestDb(): Promise<TestDb> {
  if (backend === 'server') {
    const config = testConfig()
    const db = await connectServer(serverUrl!, { poolMax: 5, statementTimeoutMs: 30_000 })
    return { ...db, config, dispose: () => db.close() }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-test-'))
  cpSync(templateDir(), dir, { recursive: true })
  const config = testConfig({ DATA_DIR: dir })
  const db = await connectEmbedded(dir)
  return {
    ...db,
    config,
    dispose: async () => {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A brand-new, empty database (no migrations): for migration tests. */
export async function openEmptyDb(): Promise<TestDb> {
  if (backend === 'server') {
    const admin = await connectServer(serverUrl!, { poolMax: 1, statementTimeoutMs: 60_000 })
    const name = `atlas_scratch_${process.pid}_${Date.now()}`
    await admin.knex.raw(`CREATE DATABASE ${name}`)
    const u = new URL(serverUrl!)
    u.pathname = `/${name}`
    const db = await connectServer(u.toString(), { poolMax: 2, statementTimeoutMs: 60_000 })
    return {
      ...db,
      config: testConfig({ DATABASE_URL: u.toString() }),
      dispose: async () => {
        await db.close()
        await admin.knex.raw(`DROP DATABASE IF EXISTS ${name}`)
        await admin.close()
      },
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-empty-'))
  const db = await connectEmbedded(dir)
  return {
    ...db,
    config: testConfig({ DATA_DIR: dir }),
    dispose: async () => {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
