/**
 * Importers for LSOA statistics: Census 2021, DESNZ fuel poverty, LAEI air quality and TfL PTAL.
 * Each keeps the authority's LSOAs (by the codes of the boundaries already imported, or the file's
 * own authority column) and stores the comparators the file can give (London, England).
 */
import path from 'node:path'
import { readLaeiCsv, type AirQualityRow } from '../../geodata/read/airQuality'
import { readNomisTable, TS004, TS006, TS007A, TS037, TS065, TS067 } from '../../geodata/read/census2021'
import { SourceFormatError } from '../../geodata/read/errors'
import { readFuelPovertyAuthority, readFuelPovertyLsoa } from '../../geodata/read/fuelPoverty'
import { readPtalLsoa } from '../../geodata/read/ptal'
import { areaNames, ensureComparatorArea } from '../db/importStore'
import type { ImportFn } from './runner'
import { lsoa21Codes, storeValues, type SourceRow } from './values'
import { ENGLAND, LONDON } from './iod'

const pct = (n: number | null, d: number | null) => (n === null || d === null || d === 0 ? null : (100 * n) / d)



/** Census 2021 tables in the layout found: all six for the borough, or TS007A alone (E&W-wide file). */
const CENSUS_TABLES = [TS007A, TS037, TS065, TS067, TS006, TS004]

export const importCensus =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const codes = await lsoa21Codes(ctx, ctx.file(0))
    const byCode = new Map<string, Record<string, number | null>>()
    let read = 0
    for (const file of ctx.files) {
      const t = CENSUS_TABLES.find((x) => file.endsWith(`${x.id}-lsoa.csv`))
      if (!t) throw new SourceFormatError(file, `not a Census table this importer knows (${CENSUS_TABLES.map((x) => x.id).join(', ')})`)
      const rows = await readNomisTable(file, t as Parameters<typeof readNomisTable>[1], { lsoaCodes: codes })
      read += rows.length
      for (const r of rows as unknown as Array<Record<string, unknown> & { lsoa21cd: string }>) {
        const v = byCode.get(r.lsoa21cd) ?? {}
        for (const [k, x] of Object.entries(r)) if (typeof x === 'number') v[k] = x
        byCode.set(r.lsoa21cd, v)
      }
    }
    const num = (v: Record<string, number | null>, k: string) => (typeof v[k] === 'number' ? (v[k] as number) : null)
    const out: SourceRow[] = [...byCode].map(([code, v]) => {
      const derived: Record<string, number | null> = {}
      const parts: SourceRow['parts'] = {}
      // Rates only where both their counts are in the files read, each over its own table's total.
      for (const [key, n, d] of [
        ['bad_health_pct', 'health_bad_or_very_bad', 'health_residents'],
        ['no_quals_pct', 'qual_none', 'qual_residents_16_plus'],
        ['never_worked_pct', 'unemp_never_worked', 'qual_residents_16_plus'],
      ] as const) {
        if (!(n in v) || !(d in v)) continue
        derived[key] = pct(num(v, n), num(v, d))
        parts[key] = { numerator: num(v, n), denominator: num(v, d) }
      }
      return { code, values: { ...v, ...derived }, parts }
    })
    const missing = [...codes].filter((c) => !byCode.has(c))
    if (missing.length) ctx.note(`${missing.length} LSOAs of the authority have no Census row: ${missing.slice(0, 5).join(', ')}`)
    if (ctx.files.length < CENSUS_TABLES.length) ctx.note(`only ${ctx.files.map((f) => path.basename(f)).join(', ')} in this layout: the other Census indicators are not loaded`)
    const loaded = await storeValues(ctx, datasetId, 'lsoa21', out)
    return { read, loaded, rejected: 0 }
  }

export const importFuelPoverty =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const file = ctx.file(0)
    const rows = await readFuelPovertyLsoa(file, { ladCode: ctx.la })
    if (!rows.length) throw new SourceFormatError(file, `no LSOAs for ${ctx.la} in sheet "Table 3"`)
    const toRow = (code: string, r: { households: number; fuel_poor_households: number; fuel_poor_pct: number }): SourceRow => ({
      code,
      values: { households: r.households, fuel_poor_households: r.fuel_poor_households, fuel_poor_pct: r.fuel_poor_pct },
      parts: { fuel_poor_pct: { numerator: r.fuel_poor_households, denominator: r.households } },
    })
    const loaded = await storeValues(ctx, datasetId, 'lsoa21', rows.map((r) => toRow(r.lsoa21cd, r)))
    // DESNZ publishes the region and England in Table 2: stored as comparators.
    const { authority, region, england } = await readFuelPovertyAuthority(file, ctx.la)
    if (region?.code === LONDON.code) {
      await ensureComparatorArea(ctx.trx, 'region', LONDON.code, LONDON.name)
      await storeValues(ctx, datasetId, 'region', [toRow(LONDON.code, region)], undefined, 'official-table-2')
    }
    if (england) {
      await ensureComparatorArea(ctx.trx, 'country', ENGLAND.code, ENGLAND.name)
      await storeValues(ctx, datasetId, 'country', [toRow(ENGLAND.code, england)], undefined, 'official-table-2')
    }
    ctx.note(`Table 2 ${authority.name}: ${authority.fuel_poor_households} of ${authority.households} households (${authority.fuel_poor_pct.toFixed(1)}%)`)
    return { read: rows.length, loaded, rejected: 0 }
  }

/** LAEI: the LSOA 2021 files of one year; the borough rows are kept as the published areal means. */
export const importAirQuality =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const codes = await lsoa21Codes(ctx, ctx.file(0))
    const byCode = new Map<string, Record<string, number>>()
    let read = 0
    // The LSOA 2021 files of the layout (borough: NO2, PM2.5, PM10, PM10d; London-wide: no PM10d);
    // the borough-wide lad21 files are kept in the manifest for provenance, not loaded.
    for (const file of ctx.files.filter((f) => /lsoa21-\d{4}-[A-Za-z0-9]+\.csv$/.test(f))) {
      const rows: AirQualityRow[] = await readLaeiCsv(file, { codes })
      read += rows.length
      for (const r of rows) {
        const v = byCode.get(r.code) ?? {}
        v[`${r.pollutant.toLowerCase()}_mean`] = r.mean
        byCode.set(r.code, v)
      }
    }
    const loaded = await storeValues(ctx, datasetId, 'lsoa21', [...byCode].map(([code, values]) => ({ code, values })))
    return { read, loaded, rejected: 0 }
  }

export const importPtal =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const lsoa11 = new Set((await areaNames(ctx.trx, 'lsoa11')).keys())
    if (!lsoa11.size) throw new SourceFormatError(ctx.file(0), 'no LSOA 2011 boundaries are imported yet: import ons_lsoa11 first')
    const rows = (await readPtalLsoa(ctx.file(0))).filter((r) => lsoa11.has(r.lsoa11cd))
    const loaded = await storeValues(ctx, datasetId, 'lsoa11', rows.map((r) => ({ code: r.lsoa11cd, values: { av_ptai: r.av_ptai } })))
    return { read: rows.length, loaded, rejected: 0 }
  }
