/**
 * The import plan: which importer loads which manifest source, in dependency order (the borough
 * before anything clipped to it, postcodes before assets geocoded by them, wards before localities).
 */
import type { Knex } from 'knex'
import { source, type Source } from '../manifest'
import { importGps, importHospitals, importLibraries, importPharmacies, importPlacesOfWorship, importSchools } from './assets'
import { importBorough, importLsoa11, importLsoa21, importMsoa21, importWards } from './boundaries'
import { importIod } from './iod'
import { importLocalities, localitiesSource, PROVISIONAL_LOCALITIES } from './localities'
import { importLsoaLookup } from './lookup'
import { importPostcodes } from './postcodes'
import { importDataset, rebuildDerived, silentReporter, type DatasetResult, type ImportFn, type Reporter } from './runner'

type Step = { source: string; run: (datasetId: string) => ImportFn }

export const plan: Step[] = [
  { source: 'ons_lad22', run: importBorough },
  { source: 'ons_lsoa21', run: importLsoa21 },
  { source: 'ons_lsoa11', run: importLsoa11 },
  { source: 'ons_msoa21', run: importMsoa21 },
  { source: 'ons_wards22', run: importWards },
  { source: 'ons_lsoa_lookup', run: importLsoaLookup },
  { source: 'os_codepoint', run: importPostcodes },
  { source: 'iod2019', run: importIod },
  { source: 'nhs_gp', run: importGps },
  { source: 'nhs_pharmacy', run: importPharmacies },
  { source: 'nhs_hospitals', run: importHospitals },
  { source: 'libraries', run: importLibraries },
  { source: 'schools', run: importSchools },
  { source: 'osm_pofw', run: importPlacesOfWorship },
]

export interface ImportAllOptions {
  dir: string
  la: string
  /** import only these source ids (plus the derived rebuild) */
  only?: string[]
  /** a ward -> locality CSV; default: the provisional localities shipped with the project */
  localities?: string
  reporter?: Reporter
  force?: boolean
}

export interface ImportAllResult {
  datasets: DatasetResult[]
  derived?: { wardLinks: number; ms: number }
  changed: boolean
}

/**
 * Imports every planned dataset that is present, each atomically. A failure stops the run with the
 * failing dataset's message; datasets imported before it are kept (each is complete in itself).
 */
export async function importAll(knex: Knex, o: ImportAllOptions): Promise<ImportAllResult> {
  const reporter = o.reporter ?? silentReporter
  const steps = o.only ? plan.filter((p) => o.only!.includes(p.source)) : plan
  if (o.only) {
    const unknown = o.only.filter((id) => id !== 'localities' && !plan.some((p) => p.source === id))
    if (unknown.length) throw new Error(`unknown source(s): ${unknown.join(', ')} (see npm run geodata -- sources)`)
  }
  const datasets: DatasetResult[] = []
  for (const step of steps) {
    datasets.push(await importDataset(knex, source(step.source), o.dir, o.la, step.run(step.source), reporter, { force: o.force }))
  }
  if (!o.only || o.only.includes('localities') || o.localities) {
    const file = o.localities ?? PROVISIONAL_LOCALITIES
    const s: Source = localitiesSource(file)
    datasets.push(await importDataset(knex, s, o.dir, o.la, importLocalities(s.id, file === PROVISIONAL_LOCALITIES), reporter, { force: o.force }))
  }
  const changed = datasets.some((d) => d.status === 'imported')
  const derived = changed ? await rebuildDerived(knex, o.la) : undefined
  return { datasets, derived, changed }
}
