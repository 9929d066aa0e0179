import type { Database } from '../../server/db/connect'

/** Imports the B&D data into a migrated test database (filled in with the importer). */
export async function prepareData(_db: Database): Promise<void> {}
