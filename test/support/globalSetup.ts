/**
 * Runs once per `npm test`: migrates the target database and imports the B&D data into it, so test
 * files start from real data. On the embedded backend the result is a template directory that each
 * test file copies (creating PostGIS in PGlite costs 10-20 s; copying costs well under one). The
 * template is private to this run (two runs at once must never share a PGlite directory).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { connectEmbedded, connectServer, type Database } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { prepareData } from './prepareData'
import { backend, serverUrl } from './env'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const t0 = Date.now()
  let db: Database
  const templateDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-template-'))
  if (backend === 'server') {
    db = await connectServer(serverUrl!, { poolMax: 2, statementTimeoutMs: 300_000 })
  } else {
    db = await connectEmbedded(templateDir)
  }
  try {
    await migrateLatest(db.knex)
    await prepareData(db)
  } finally {
    await db.close()
  }
  project.provide('templateDir', templateDir)
  process.stdout.write(`[globalSetup] ${backend} test database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
  return () => rmSync(templateDir, { recursive: true, force: true })
}
