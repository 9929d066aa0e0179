/**
 * Importers for LSOA statistics: Census 2021, DESNZ fuel poverty, LAEI air quality and TfL PTAL.
 * Each keeps the authority's LSOAs (by the codes of the boundaries already imported, or the file's
 * own authority column) and stores the comparators the file can give (London, England).
 */
import path from 'node:path'
import { readLaeiCsv, type AirQualityRow } from '../read/airQuality'
import { readCensus2021Lsoa } from '../read/census2021'
import { SourceFormatError } from '../read/errors'
import { readFuelPovertyAuthority, readFuelPovertyLsoa } from '../read/fuelPoverty'
import { readPtalLsoa } from '../read/ptal'
import { areaNames, ensureComparatorArea } from '../../server/db/importStore'
import type { ImportContext, ImportFn } from './runner'
import { storeValues, type SourceRow } from './values'
import { ENGLAND, LONDON } from './iod'

const pct = (n: number | null, d: number | null) => (n === null || d === null || d === 0 ? null : (100 * n) / d)

async function lsoa21Codes(ctx: ImportContext, file: string): Promise<Set<string>> {
  const codes = new Set((await areaNames(ctx.trx, 'lsoa21')).keys())
  if (!codes.size) throw new SourceFormatError(file, 'no LSOA 2021 boundaries are imported yet: import ons_lsoa21 first')
  return codes
}


export const importCensus =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const file = ctx.file(0)
    const codes = await lsoa21Codes(ctx, file)
    const prefix = path.basename(file).replace(/ts007a-lsoa\.csv$/, '')
    const rows = await readCensus2021Lsoa(path.dirname(file), { prefix, lsoaCodes: codes })
    const out: SourceRow[] = rows.map((r) => ({
      code: r.lsoa21cd,
      values: {
        ...r,
        bad_health_pct: pct(r.health_bad_or_very_bad, r.health_residents),
        no_quals_pct: pct(r.qual_none, r.qual_residents_16_plus),
        never_worked_pct: pct(r.unemp_never_worked, r.qual_residents_16_plus),
      } as unknown as Record<string, number | null>,
      parts: {
        bad_health_pct: { numerator: r.health_bad_or_very_bad, denominator: r.health_residents },
        no_quals_pct: { numerator: r.qual_none, denominator: r.qual_residents_16_plus },
        never_worked_pct: { numerator: r.unemp_never_worked, denominator: r.qual_residents_16_plus },
      },
    }))
    const missing = [...codes].filter((c) => !rows.some((r) => r.lsoa21cd === c))
    if (missing.length) ctx.note(`${missing.length} LSOAs of the authority have no Census row: ${missing.slice(0, 5).join(', ')}`)
    const loaded = await storeValues(ctx, datasetId, 'lsoa21', out)
    return { read: rows.length, loaded, rejected: 0 }
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
    // Files 0-3 are the LSOA 2021 files (NO2, PM2.5, PM10, PM10d) in manifest order.
    for (let i = 0; i < 4; i++) {
      const rows: AirQualityRow[] = await readLaeiCsv(ctx.file(i), { codes })
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
