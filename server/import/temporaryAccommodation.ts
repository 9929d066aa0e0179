/**
 * Temporary accommodation. MHCLG publishes it for local authorities only, so it is stored as a
 * borough series (one figure per snapshot, with London and England), never spread over LSOAs.
 * A council's own placements CSV by LSOA 2021 or ward loads as an area indicator, with counts of
 * 1-4 suppressed in every output.
 */
import { series } from '../catalogue/series'
import { areaNames, insertSeries } from '../db/importStore'
import { SourceFormatError } from '../../geodata/read/errors'
import { readLocalTaCsv } from '../../geodata/read/localTemporaryAccommodation'
import { readTemporaryAccommodation, type TaRow } from '../../geodata/read/temporaryAccommodation'
import type { ImportFn } from './runner'
import { storeValues } from './values'

const pick = (row: TaRow, key: string): number | null => {
  let v: unknown = row
  for (const k of key.split('.')) v = (v as Record<string, unknown> | null)?.[k]
  return typeof v === 'number' ? v : null
}

export const importTaSeries =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const ds = series.filter((s) => s.dataset === datasetId)
    const rows: Parameters<typeof insertSeries>[2] = []
    let read = 0
    for (let i = 0; i < 2; i++) {
      const ta = await readTemporaryAccommodation(ctx.file(i), { ladCode: ctx.la })
      for (const area of [ta.authority, ta.london, ta.england]) {
        if (!area) continue
        read++
        for (const s of ds) {
          rows.push({ indicator_id: s.id, area_code: area.code, area_name: area.name, period: ta.snapshotDate, value: pick(area, s.sourceKey) })
        }
      }
      ctx.note(`${ta.snapshotDate}: ${ta.authority.name} ${ta.authority.households_in_ta ?? 'n/a'} households in TA (${ta.authority.ta_per_1000_households ?? 'n/a'} per 1,000)`)
    }
    await insertSeries(ctx.trx, datasetId, rows)
    return { read, loaded: rows.length, rejected: 0 }
  }

/** Council TA placements by LSOA 2021 or ward 2022. */
export const importLocalTa =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const file = ctx.file(0)
    const rows = await readLocalTaCsv(file)
    const lsoas = await areaNames(ctx.trx, 'lsoa21')
    const wards = await areaNames(ctx.trx, 'ward')
    const byLevel = { lsoa21: [] as typeof rows, ward: [] as typeof rows }
    rows.forEach((r, i) => {
      if (lsoas.has(r.area_code)) byLevel.lsoa21.push(r)
      else if (wards.has(r.area_code)) byLevel.ward.push(r)
      else throw new SourceFormatError(file, `${r.area_code} is neither an LSOA 2021 nor a ward of this authority`, i + 2, 'area_code')
    })
    if (byLevel.lsoa21.length && byLevel.ward.length) {
      throw new SourceFormatError(file, 'mixes LSOA and ward codes: give one geography per file')
    }
    const level = byLevel.lsoa21.length ? 'lsoa21' : 'ward'
    const loaded = await storeValues(ctx, datasetId, level, rows.map((r) => ({ code: r.area_code, values: { households_in_ta: r.households_in_ta } })))
    return { read: rows.length, loaded, rejected: 0 }
  }
