/**
 * The context import: every other London borough's LSOAs 2021 around the focus authority, with the
 * same editions as the borough's own figures (IoD 2025 File 7 and 8, Census 2021 TS007A, LAEI 2019)
 * and the GP practices and NHS hospitals in them (context assets, see migrations/..._context_assets),
 * read by the same importers from the London- and England-wide files (raw/scale), stored at the
 * context levels under datasets of their own (provenance copied from the source), then London
 * comparators computed from the same tables where no published or import-time figure exists.
 * Opt-in (npm run geodata -- context london): LOCAL_AUTHORITY stays the focus.
 */
import type { Knex } from 'knex'
import { source } from '../../geodata/manifest'
import { indicators } from '../catalogue/indicators'
import { insertRegionComparators, type ComparatorJob, type ContextName } from '../db/context'
import { deleteDatasetsLike, replaceDataset } from '../db/importStore'
import { bumpDataVersion, setDerivedPending } from '../db/status'
import { importGps, importHospitals } from './assets'
import { importBorough, importLsoa21 } from './boundaries'
import { importIod2025 } from './iod2025'
import { LONDON } from './iod'
import { importAirQuality, importCensus } from './statistics'
import { importDataset, rebuildDerived, silentReporter, type DatasetResult, type ImportFn, type Reporter } from './runner'

/** Boundaries first (the statistics keep the LSOAs they find), as in the borough's plan. */
const STEPS: Array<{ source: string; run: (id: string) => ImportFn }> = [
  { source: 'ons_lad22', run: importBorough },
  { source: 'ons_lsoa21', run: importLsoa21 },
  { source: 'census2021', run: importCensus },
  { source: 'iod2025', run: importIod2025 },
  { source: 'laei2019', run: importAirQuality },
  // points kept where they fall in the context LSOAs above (the hospitals file is England-wide)
  { source: 'nhs_gp', run: importGps },
  { source: 'nhs_hospitals', run: importHospitals },
]

export const contextDatasetId = (name: ContextName, sourceId: string) => `context_${name}_${sourceId}`

export interface ContextImportOptions {
  /** the folder of the London- and England-wide files (CONTEXT_DIR: raw/scale) */
  dir: string
  /** the focus authority (LOCAL_AUTHORITY): never part of its own context */
  la: string
  name: ContextName
  /** only these authorities (a quick subset); default every London borough but the focus */
  lads?: string[]
  force?: boolean
  reporter?: Reporter
}

export interface ContextImportResult {
  datasets: DatasetResult[]
  /** the London comparators computed from the LSOAs held (none when only a subset was imported) */
  comparators: string[]
  ms: number
}

export async function importContext(knex: Knex, o: ContextImportOptions): Promise<ContextImportResult> {
  const t0 = Date.now()
  const reporter = o.reporter ?? silentReporter
  const lads = o.lads?.length ? [...o.lads].sort() : null
  const datasets: DatasetResult[] = []
  for (const step of STEPS) {
    const context = { name: o.name, datasetId: contextDatasetId(o.name, step.source), lads }
    datasets.push(await importDataset(knex, source(step.source), o.dir, o.la, step.run(step.source), reporter, { force: o.force, context }))
  }
  const changed = datasets.some((d) => d.status === 'imported')
  const comparators = changed ? await londonComparators(knex, o.name, lads === null) : []
  // The focus's derived data does not read the context, but an import marks it owed: settle it.
  if (changed) await rebuildDerived(knex, o.la)
  return { datasets, comparators, ms: Date.now() - t0 }
}

/**
 * London comparators from the same tables: for the context's indicators that sum or average over
 * LSOAs, the London value over the borough's and the context's LSOAs (all 4,994), unless London
 * already has a value. Kept as they are: the IoD 2025 London scores (File 10 LAD summaries weighted
 * the IoD's way at import), IoD 2019 (the GLA workbook's every London LSOA) and fuel poverty (DESNZ
 * Table 2, official). Only with the whole of London: a subset would make a wrong London.
 */
async function londonComparators(knex: Knex, name: ContextName, whole: boolean): Promise<string[]> {
  const id = contextDatasetId(name, 'comparators')
  const ids = new Set(STEPS.map((s) => s.source))
  const jobs: ComparatorJob[] = indicators
    .filter((d) => ids.has(d.dataset) && d.sourceLevel === 'lsoa21' && (d.aggregate.method === 'sum' || d.aggregate.method === 'weighted-mean'))
    .map((d) => ({ id: d.id, method: d.aggregate.method as 'sum' | 'weighted-mean', weight: d.aggregate.method === 'weighted-mean' ? d.aggregate.weight : null, source_level: d.sourceLevel }))
  return knex.transaction(async (trx) => {
    await replaceDataset(trx, {
      id, title: `London comparators from the LSOAs held (context: ${name})`, publisher: 'locality-atlas', licence: 'as its inputs',
      attribution: 'Computed by locality-atlas from the datasets listed with each figure', source_url: 'https://github.com/', vintage: 'as its inputs',
      files: [], checksum: '-', rows_read: 0, rows_loaded: 0, rows_rejected: 0,
      notes: [whole ? 'sums and weighted means over every London LSOA 2021 held (focus and context)' : 'a subset of London was imported: no London comparators computed'],
    })
    const written = whole ? await insertRegionComparators(trx, id, LONDON.code, 'lsoa21', jobs) : []
    await bumpDataVersion(trx)
    return written
  })
}

/** Drops everything a context import loaded (and its London comparators), in one transaction, then settles the derived data. */
export async function removeContext(knex: Knex, name: ContextName, la: string): Promise<number> {
  const n = await knex.transaction(async (trx) => {
    const removed = await deleteDatasetsLike(trx, `${contextDatasetId(name, '')}%`)
    if (removed) {
      await setDerivedPending(trx, true)
      await bumpDataVersion(trx)
    }
    return removed
  })
  if (n) await rebuildDerived(knex, la)
  return n
}
