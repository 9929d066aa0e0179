/**
 * Runs dataset imports. Each dataset imports in one transaction and replaces its previous version
 * only on success; a dataset whose files are unchanged is skipped, so re-running changes nothing.
 * When anything changed, the derived data (links, carry-over, aggregates) is rebuilt and the data
 * version bumped, in one more transaction.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Knex } from 'knex'
import { indicators } from '../catalogue/indicators'
import { series } from '../catalogue/series'
import { aggregate, carryOverLsoa11, clearDerived, DERIVED, deriveLocalityGeometry, deriveWardLinks } from '../db/derive'
import { deleteDataset, replaceDataset, storedChecksum, touchDataset, updateDatasetCounts } from '../db/importStore'
import { bumpDataVersion, setDerivedPending } from '../db/status'
import { ChecksumMismatch, checksumMismatches, datasetChecksum, MissingSourceFile, resolveLayout, type Source } from '../../geodata/manifest'
import { checkInvariants } from './invariants'
import type { ContextScope } from './scope'

export interface ImportContext {
  trx: Knex.Transaction
  /** absolute path of the dataset's n-th file (manifest order, in the layout found) */
  file(n: number): string
  /** absolute paths of all the dataset's files in the layout found */
  files: string[]
  /** ONS code of the local authority being imported (the focus) */
  la: string
  /** set when the import fills the context around the focus (see scope.ts): other levels and datasets */
  context?: ContextScope
  note(message: string): void
  progress(done: number, total: number): void
}

export interface ImportOutcome {
  read: number
  loaded: number
  rejected: number
}

export type ImportFn = (ctx: ImportContext) => Promise<ImportOutcome>

export interface Reporter {
  start(id: string, title: string): void
  progress(id: string, done: number, total: number): void
  done(id: string, r: DatasetResult): void
}

export interface DatasetResult {
  id: string
  status: 'imported' | 'unchanged' | 'failed' | 'missing'
  read?: number
  loaded?: number
  rejected?: number
  notes?: string[]
  ms: number
  error?: string
}

/**
 * Bump when an importer's output changes for the same files (a new column read, a fixed rule), so
 * existing databases re-import that data instead of keeping what the old code made of it.
 */
export const IMPORT_FORMAT_VERSION = 1

/** Hash of everything in the catalogue that decides what a dataset's import stores. */
export function definitionHash(datasetId: string): string {
  const defs = [...indicators.filter((d) => d.dataset === datasetId), ...series.filter((d) => d.dataset === datasetId)]
  return createHash('sha256').update(JSON.stringify({ v: IMPORT_FORMAT_VERSION, defs })).digest('hex').slice(0, 16)
}

export const silentReporter: Reporter = { start() {}, progress() {}, done() {} }

export interface ImportDatasetOptions {
  /** import even if the files are the ones already imported */
  force?: boolean
  /** import files whose checksums differ from the manifest's (a newer publisher file) */
  acceptChanged?: boolean
  /** the data is in hand, not in files (an editor's definition): its checksum, in place of the files' */
  inline?: { checksum: string }
  /** fill the context around the focus instead of the focus (rows stored under context.datasetId) */
  context?: ContextScope
}

/**
 * Imports one dataset atomically. Its files must match the manifest's checksums (unless
 * `acceptChanged`) and what they load must pass the dataset's invariants; otherwise, or when the
 * importer fails, it throws and the previous version stays.
 */
export async function importDataset(
  knex: Knex, source: Source, dir: string, la: string, run: ImportFn, reporter: Reporter = silentReporter, opts: ImportDatasetOptions = {},
): Promise<DatasetResult> {
  const t0 = Date.now()
  reporter.start(source.id, source.title)
  const found = opts.inline ? source : resolveLayout(dir, source, la)
  if (!found) throw new MissingSourceFile(source.id, source.files.map((f) => path.resolve(dir, f.path)).filter((f) => !existsSync(f)).join(', '))
  // A context import is recorded as a dataset of its own, with the source's provenance.
  const s = opts.context ? { ...found, id: opts.context.datasetId, title: `${found.title} (context: ${opts.context.name})` } : found
  const { checksum, files } = opts.inline ? { checksum: opts.inline.checksum, files: [] } : await datasetChecksum(dir, s)
  // What was imported depends on the files, the authority (the same files for another borough are
  // new data) and what the code makes of them: the dataset's descriptors and the import format.
  const versionKey = `${checksum}:${la}:${definitionHash(found.id)}${opts.context ? `:${opts.context.lads?.join(',') ?? 'all'}` : ''}`
  if (!opts.force && (await storedChecksum(knex, s.id)) === versionKey) {
    const r: DatasetResult = { id: s.id, status: 'unchanged', ms: Date.now() - t0 }
    reporter.done(s.id, r)
    return r
  }
  const changed = checksumMismatches(s.files, files)
  if (changed.length && !opts.acceptChanged) throw new ChecksumMismatch(s.id, changed)
  const notes: string[] = changed.map((f) => `${f.path}: accepted with a checksum that differs from the manifest (sha256 ${f.actual})`)
  const outcome = await knex.transaction(async (trx) => {
    await replaceDataset(trx, {
      id: s.id, title: s.title, publisher: s.publisher, licence: s.licence, attribution: s.attribution, source_url: s.url,
      vintage: s.vintage, files, checksum: versionKey, rows_read: 0, rows_loaded: 0, rows_rejected: 0, notes: [],
    })
    const o = await run({
      trx, la, context: opts.context, file: (n) => path.resolve(dir, s.files[n].path), files: s.files.map((f) => path.resolve(dir, f.path)), note: (m) => notes.push(m),
      progress: (d, t) => reporter.progress(s.id, d, t),
    })
    await checkInvariants(trx, s.id, la)
    await updateDatasetCounts(trx, s.id, { rows_read: o.read, rows_loaded: o.loaded, rows_rejected: o.rejected, notes })
    await setDerivedPending(trx, true) // cleared by rebuildDerived: a crash before it leaves the rebuild owed
    await bumpDataVersion(trx)
    return o
  })
  const r: DatasetResult = { id: s.id, status: 'imported', ...outcome, notes, ms: Date.now() - t0 }
  reporter.done(s.id, r)
  return r
}

export const derivedSource: Source = {
  id: DERIVED,
  title: 'Derived: best-fit ward links, LSOA 2011 to 2021 carry-over, aggregates',
  publisher: 'locality-atlas',
  licence: 'as its inputs',
  attribution: 'Computed by locality-atlas from the datasets listed with each figure',
  url: 'https://github.com/',
  vintage: 'as its inputs',
  files: [{ path: '.', sha256: null }],
}

/** Rebuilds everything derived from the imported datasets, in one transaction. */
export async function rebuildDerived(knex: Knex, la: string): Promise<{ wardLinks: number; ms: number }> {
  const t0 = Date.now()
  const wardLinks = await knex.transaction(async (trx) => {
    await touchDataset(trx, {
      id: DERIVED, title: derivedSource.title, publisher: derivedSource.publisher, licence: derivedSource.licence,
      attribution: derivedSource.attribution, source_url: derivedSource.url, vintage: derivedSource.vintage, checksum: '-',
    })
    await clearDerived(trx)
    const n = await deriveWardLinks(trx)
    await deriveLocalityGeometry(trx)
    await carryOverLsoa11(trx, indicators, 'iod_pop_total_2019', 'census_pop_total')
    await aggregate(trx, indicators, la)
    await setDerivedPending(trx, false)
    await bumpDataVersion(trx)
    return n
  })
  return { wardLinks, ms: Date.now() - t0 }
}

/** Removes an imported dataset and everything it loaded, then rebuilds the derived data. */
export async function removeDataset(knex: Knex, id: string, la: string): Promise<boolean> {
  const n = await knex.transaction(async (trx) => {
    const deleted = await deleteDataset(trx, id)
    if (deleted) {
      await setDerivedPending(trx, true)
      await bumpDataVersion(trx)
    }
    return deleted
  })
  if (n) await rebuildDerived(knex, la)
  return n > 0
}
