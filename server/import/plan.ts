/**
 * The import plan: which importer loads which manifest source, in dependency order (the borough
 * before anything clipped to it, postcodes before assets geocoded by them, wards before localities).
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { WardLocality } from '../../geodata/read/localities'
import type { Knex } from 'knex'
import { resolveLayout, source, type Source } from '../../geodata/manifest'
import { importAssetList, importGps, importHospitals, importLibraries, importPharmacies, importPlacesOfWorship, importSchools } from './assets'
import { importBasemap } from './basemap'
import { importBorough, importLsoa11, importLsoa21, importMsoa21, importWards } from './boundaries'
import { importIod } from './iod'
import { importCentroids, importIod2025, importIod2025Lad } from './iod2025'
import { importAirQuality, importCensus, importFuelPoverty, importPtal } from './statistics'
import { importLocalTa, importTaSeries } from './temporaryAccommodation'
import { importLocalities, localitiesSource, PROVISIONAL_LOCALITIES } from './localities'
import { importLsoaLookup } from './lookup'
import { importPostcodes } from './postcodes'
import { derivedPending } from '../db/status'
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
  { source: 'census2021', run: importCensus },
  { source: 'ons_pwc21', run: importCentroids },
  { source: 'iod2025', run: importIod2025 },
  { source: 'iod2025_lad', run: importIod2025Lad },
  { source: 'iod2019', run: importIod },
  { source: 'desnz_fuel_poverty_2022', run: importFuelPoverty },
  { source: 'desnz_fuel_poverty', run: importFuelPoverty },
  { source: 'laei2019', run: importAirQuality },
  { source: 'laei2016', run: importAirQuality },
  { source: 'laei2013', run: importAirQuality },
  { source: 'tfl_ptal', run: importPtal },
  { source: 'mhclg_ta', run: importTaSeries },
  { source: 'nhs_gp', run: importGps },
  { source: 'nhs_pharmacy', run: importPharmacies },
  { source: 'nhs_hospitals', run: importHospitals },
  { source: 'libraries', run: importLibraries },
  { source: 'schools', run: importSchools },
  { source: 'osm_pofw', run: importPlacesOfWorship },
  { source: 'basemap', run: importBasemap },
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
  /** import files whose checksums differ from the manifest's (newer publisher files) */
  acceptChanged?: boolean
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
    const s = source(step.source)
    // A folder may hold only some datasets (e.g. the London and England files under raw/scale): absent
    // ones are reported and left as they are, unless they were asked for by name.
    if (!o.only && !resolveLayout(o.dir, s, o.la)) {
      const r: DatasetResult = { id: s.id, status: 'missing', ms: 0, notes: [`not in ${o.dir} (${s.files.length} file${s.files.length > 1 ? 's' : ''}, e.g. ${s.files[0].path})`] }
      reporter.done(s.id, r)
      datasets.push(r)
      continue
    }
    datasets.push(await importDataset(knex, s, o.dir, o.la, step.run(step.source), reporter, { force: o.force, acceptChanged: o.acceptChanged }))
  }
  const haveWards = datasets.some((d) => d.id === 'ons_wards22' && d.status !== 'missing')
  if ((!o.only && haveWards) || o.only?.includes('localities') || o.localities) {
    const file = o.localities ?? PROVISIONAL_LOCALITIES
    const s: Source = localitiesSource(file)
    datasets.push(await importDataset(knex, s, o.dir, o.la, importLocalities(s.id, file === PROVISIONAL_LOCALITIES), reporter, { force: o.force, acceptChanged: o.acceptChanged }))
  }
  // Also when nothing changed now but an earlier run committed datasets and stopped before its rebuild.
  const changed = datasets.some((d) => d.status === 'imported') || (await derivedPending(knex))
  const derived = changed ? await rebuildDerived(knex, o.la) : undefined
  return { datasets, derived, changed }
}

/**
 * An editor's locality definition, as rows (PUT /api/localities/definition): checked and imported
 * as a council's localities CSV would be, without a file; every call imports (and re-aggregates).
 */
export async function importLocalityDefinition(knex: Knex, rows: WardLocality[], la: string, opts: { provisional?: boolean } = {}): Promise<ImportAllResult> {
  const name = 'localities-edited.csv'
  // provisional: an undo back to the shipped grouping, which is labelled (and kept) as provisional again
  const provisional = opts.provisional === true
  const s: Source = { ...localitiesSource(provisional ? PROVISIONAL_LOCALITIES : name), files: [] }
  const checksum = createHash('sha256').update(JSON.stringify(rows)).digest('hex')
  const result = await importDataset(knex, s, '.', la, importLocalities(s.id, provisional, { name, rows }), silentReporter, { force: true, inline: { checksum } })
  const changed = result.status === 'imported' || (await derivedPending(knex))
  const derived = changed ? await rebuildDerived(knex, la) : undefined
  return { datasets: [result], derived, changed }
}

/** A council's own file: localities, an asset list or TA placements. Imported atomically, then re-derived. */
export async function importLocalFile(
  knex: Knex, o: { kind: 'localities' | 'assets' | 'local_ta'; file: string; name?: string; la: string; reporter?: Reporter },
): Promise<ImportAllResult> {
  const file = path.resolve(o.file)
  let s: Source
  let run: ImportFn
  if (o.kind === 'localities') {
    s = localitiesSource(file)
    run = importLocalities(s.id, file === PROVISIONAL_LOCALITIES)
  } else {
    const id = o.kind === 'local_ta' ? 'local_ta' : `council_assets_${(o.name ?? path.basename(file, path.extname(file))).toLowerCase().replace(/[^a-z0-9]+/g, '_')}`
    s = {
      id, title: o.kind === 'local_ta' ? `Temporary accommodation placements (${path.basename(file)})` : `Council asset list (${path.basename(file)})`,
      publisher: 'Local authority', licence: 'as supplied by the council', attribution: 'Local authority data',
      url: 'https://github.com/', vintage: 'as supplied', files: [{ path: file, sha256: null }],
    }
    run = o.kind === 'local_ta' ? importLocalTa(id) : importAssetList(id)
  }
  const result = await importDataset(knex, s, path.dirname(file), o.la, run, o.reporter ?? silentReporter)
  const changed = result.status === 'imported' || (await derivedPending(knex))
  const derived = changed ? await rebuildDerived(knex, o.la) : undefined
  return { datasets: [result], derived, changed }
}
