/**
 * Runs once per `npm test`: migrates the target database and imports the B&D data into it, so test
 * files start from real data. On the embedded backend the result is a template directory that each
 * test file copies (creating PostGIS in PGlite costs 10-20 s; copying costs well under one).
 */
import { rmSync } from 'node:fs'
import { connectEmbedded, connectServer, type Database } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { prepareData } from './prepareData'
import { backend, serverUrl, templateDir } from './env'

export default async function setup(): Promise<void> {
  const t0 = Date.now()
  let db: Database
  if (backend === 'server') {
    db = await connectServer(serverUrl!, { poolMax: 2, statementTimeoutMs: 300_000 })
  } else {
    rmSync(templateDir, { recursive: true, force: true })
    db = await connectEmbedded(templateDir)
  }
  try {
    await migrateLatest(db.knex)
    await prepareData(db)
  } finally {
    await db.close()
  }
  process.stdout.write(`[globalSetup] ${backend} test database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
}
