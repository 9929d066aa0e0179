import { importAll } from '../../server/import/plan'
import type { Database } from '../../server/db/connect'
import { geodataDir } from './env'

export const TEST_LA = 'E09000002'

/** Imports the B&D data into a migrated test database: the real importers on the real files. */
export async function prepareData(db: Database): Promise<void> {
  const r = await importAll(db.knex, { dir: geodataDir, la: TEST_LA })
  const line = r.datasets.map((d) => `${d.id}:${d.status}${d.loaded !== undefined ? `(${d.loaded})` : ''}`).join(' ')
  process.stdout.write(`[globalSetup] import ${line}${r.derived ? ` derived ${r.derived.ms} ms` : ''}\n`)
}
