/**
 * IoD 2019: LSOA 2011 values for the authority, from the GLA London workbook or the national File 7
 * CSV (same measure keys). London (and, from File 7, England) comparators are the population-weighted
 * means of every LSOA in the file, the IoD's own method for area averages.
 */
import { readIodFile7Csv, readIodGlaWorkbook, type IodLsoaRow } from '../../geodata/read/iod2019'
import { SourceFormatError } from '../../geodata/read/errors'
import { ensureComparatorArea, insertValues } from '../db/importStore'
import { indicators } from '../catalogue/indicators'
import type { ImportContext, ImportFn } from './runner'
import { descriptorsOf, storeValues, weightedMean, type SourceRow } from './values'

export const LONDON = { code: 'E12000007', name: 'London' }
export const ENGLAND = { code: 'E92000001', name: 'England' }

export const importIod =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const file = ctx.file(0)
    const all: IodLsoaRow[] = file.endsWith('.csv') ? await readIodFile7Csv(file) : await readIodGlaWorkbook(file)
    const toRow = (r: IodLsoaRow): SourceRow => ({ code: r.lsoa11cd, values: r.values })
    const mine = all.filter((r) => r.ladcd === ctx.la)
    if (!mine.length) throw new SourceFormatError(file, `no LSOAs for local authority ${ctx.la} among ${all.length} rows`)
    const ds = descriptorsOf(datasetId)
    const stored = await storeValues(ctx, datasetId, 'lsoa11', mine.map(toRow), ds)

    // Comparators: population-weighted means over the whole file, for scores only.
    const london = all.filter((r) => r.ladcd.startsWith('E09'))
    const england = london.length === all.length ? [] : all
    const comparators: Array<{ level: string; area: typeof LONDON; rows: IodLsoaRow[] }> = []
    if (london.length > 1000) comparators.push({ level: 'region', area: LONDON, rows: london })
    if (england.length > 30000) comparators.push({ level: 'country', area: ENGLAND, rows: england })
    for (const c of comparators) {
      const rows = c.rows.map(toRow)
      const values: Record<string, number | null> = {}
      for (const d of ds) {
        const a = d.aggregate
        if (d.kind !== 'score' || a.method !== 'weighted-mean') continue
        const weightKey = ds.find((x) => x.id === a.weight)?.sourceKey
        if (weightKey) values[d.sourceKey] = weightedMean(rows, d.sourceKey, weightKey).value
      }
      await ensureComparatorArea(ctx.trx, c.level as 'region' | 'country', c.area.code, c.area.name)
      await storeValues(ctx, datasetId, c.level, [{ code: c.area.code, values }], ds, `comparator-weighted-mean-of-${c.rows.length}-lsoas`)
      // Shares of LSOAs in the national most deprived 10% / 20%, over the comparator's LSOAs.
      const shares = shareRows(c.rows)
      await storeSharesAs(ctx, datasetId, c.level, c.area.code, shares)
    }
    ctx.note(`${mine.length} LSOAs for ${ctx.la}; comparators: ${comparators.map((c) => `${c.area.name} (${c.rows.length} LSOAs)`).join(', ') || 'none'}`)
    return { read: all.length, loaded: stored, rejected: 0 }
  }

function shareRows(rows: IodLsoaRow[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of Object.keys(rows[0]?.values ?? {})) {
    if (!key.endsWith('_decile')) continue
    const prefix = key.slice(0, -'_decile'.length)
    const valid = rows.filter((r) => r.values[key as keyof typeof r.values] != null)
    const count = (k: number) => valid.filter((r) => (r.values[key as keyof typeof r.values] as number) <= k).length
    out[`${prefix}_share_10`] = (100 * count(1)) / valid.length
    out[`${prefix}_share_20`] = (100 * count(2)) / valid.length
  }
  return out
}

async function storeSharesAs(ctx: ImportContext, datasetId: string, level: string, code: string, shares: Record<string, number>): Promise<void> {
  const rows = indicators
    .filter((d) => d.dataset === datasetId && d.aggregate.method === 'share-of-lsoas' && d.id in shares)
    .map((d) => ({ indicator_id: d.id, level, code, value: shares[d.id], method: 'comparator-share-of-lsoas', source_level: d.sourceLevel }))
  await insertValues(ctx.trx, datasetId, rows)
}
