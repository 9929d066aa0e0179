/**
 * First-start import: an empty database is filled from GEODATA_DIR so that `npm start` shows real
 * data on a fresh clone. Later starts find the boundaries and skip this (imports are explicit then:
 * `npm run geodata -- import`).
 */
import type { Config } from './config'
import type { Database } from './db/connect'
import type { Logger } from './logger'
import { derivedPending } from './db/status'
import { areaCount } from './db/importChecks'

/**
 * Finishes a derived rebuild that an earlier process owed: it committed datasets and stopped (a
 * crash, a kill) before rebuilding links, locality outlines and aggregates. Returns whether it did.
 */
export async function finishDerivedRebuild({ config, db, logger }: { config: Config; db: Database; logger: Logger }): Promise<boolean> {
  if (!(await derivedPending(db.knex))) return false
  logger.warn('an earlier import stopped before rebuilding the derived data (links, locality outlines, aggregates): rebuilding now')
  const { rebuildDerived } = await import('./import/runner')
  const r = await rebuildDerived(db.knex, config.LOCAL_AUTHORITY)
  logger.info({ ms: r.ms, wardLinks: r.wardLinks }, 'derived data rebuilt')
  return true
}

export async function startupImport({ config, db, logger }: { config: Config; db: Database; logger: Logger }): Promise<void> {
  if (!config.AUTO_IMPORT) return
  if ((await areaCount(db.knex, 'lsoa21')) > 0) return
  if (!config.geodataDir) {
    logger.warn('the database is empty and no geodata directory was found: set GEODATA_DIR and run npm run geodata -- import')
    return
  }
  // Imported lazily: the importer (and its readers) is only needed on a first start.
  const { importAll } = await import('./import/plan')
  logger.info({ dir: config.geodataDir }, 'empty database: importing the official data (first start only)')
  const t0 = Date.now()
  const r = await importAll(db.knex, {
    dir: config.geodataDir,
    la: config.LOCAL_AUTHORITY,
    reporter: {
      start: () => {},
      progress: () => {},
      done: (id, d) => logger.info({ dataset: id, status: d.status, loaded: d.loaded, ms: d.ms }, `imported ${id}`),
    },
  })
  logger.info({ ms: Date.now() - t0, datasets: r.datasets.length }, 'first import done')
}
