/**
 * One harness for the tests that go through HTTP: `withApp()` opens a real PostGIS for the file (see
 * openTestDb), serves createApp on it, and closes both after the file. Hooks a test file adds after
 * calling it run inside this lifetime (vitest runs after-hooks in reverse order).
 */
import { afterAll, beforeAll } from 'vitest'
import type { AppDeps } from '../../server/http/app'
import { openTestDb, type TestDb } from './db'
import { serve, type TestServer } from './http'

export interface AppOptions {
  /** Dependencies the app is served with, given the file's database (config overrides, pdf, logger). */
  deps?: (db: TestDb) => Partial<AppDeps>
  /** Runs on the database before the app is served (fixtures the app reads at start). */
  seed?: (db: TestDb) => Promise<void>
  /** false: open the database only (tests that call the db layer or the importer directly). */
  serve?: boolean
}

export interface TestApp {
  readonly db: TestDb
  readonly url: string
  /** Serves a fresh app on the same database (its in-memory state starts again), closing the old one. */
  restart(deps?: Partial<AppDeps>): Promise<void>
}

export function withApp(options: AppOptions = {}): TestApp {
  let db: TestDb | undefined
  let server: TestServer | undefined
  beforeAll(async () => {
    db = await openTestDb()
    await options.seed?.(db)
    if (options.serve !== false) server = await serve(db, options.deps?.(db))
  })
  afterAll(async () => {
    await server?.close()
    await db?.dispose()
  })
  return {
    get db() {
      if (!db) throw new Error('withApp: the database is open only inside tests and hooks')
      return db
    },
    get url() {
      if (!server) throw new Error('withApp: the app is served only inside tests and hooks (and not with serve: false)')
      return server.url
    },
    async restart(deps) {
      await server?.close()
      server = await serve(this.db, deps ?? options.deps?.(this.db))
    },
  }
}
