/** First-start import: an empty database is filled from GEODATA_DIR so `npm start` shows real data. */
import type { Config } from './config'
import type { Database } from './db/connect'
import type { Logger } from './logger'

export async function startupImport(_deps: { config: Config; db: Database; logger: Logger }): Promise<void> {
  // Filled in by the geodata importer (issue 3).
}
