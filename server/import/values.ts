/**
 * Turns reader rows into indicator values using the catalogue: every descriptor of a dataset names
 * the reader key it comes from, so importers never list indicator ids themselves.
 */
import { indicators } from '../catalogue/indicators'
import type { IndicatorDescriptor } from '../catalogue/types'
import { areaNames, insertValues, type ValueRow } from '../db/importStore'
import { SourceFormatError } from '../../geodata/read/errors'
import type { ImportContext } from './runner'
import { levelFor, storedAs } from './scope'

/** Descriptors whose values a dataset supplies directly (aggregate-only shares are computed later). */
export function descriptorsOf(datasetId: string, filter: (d: IndicatorDescriptor) => boolean = () => true): IndicatorDescriptor[] {
  return indicators.filter((d) => d.dataset === datasetId && d.aggregate.method !== 'share-of-lsoas' && filter(d))
}

export interface SourceRow {
  code: string
  values: Record<string, number | null | undefined>
  /** numerator/denominator per key, for rates published with their counts */
  parts?: Record<string, { numerator: number | null; denominator: number | null }>
}

/**
 * Inserts one value per descriptor per row at `level` (LSOA 2021 rows of a context import go to its
 * own level and dataset); returns how many values were stored.
 */
export async function storeValues(
  ctx: ImportContext, datasetId: string, level: string, rows: SourceRow[], ds: IndicatorDescriptor[] = descriptorsOf(datasetId),
  method = 'source',
): Promise<number> {
  const out: ValueRow[] = []
  const stored = level === 'lsoa21' ? levelFor(ctx, level) : level
  for (const r of rows) {
    for (const d of ds) {
      if (!(d.sourceKey in r.values)) continue
      const value = r.values[d.sourceKey] ?? null
      const parts = r.parts?.[d.sourceKey]
      out.push({
        indicator_id: d.id, level: stored, code: r.code, value,
        numerator: parts?.numerator ?? null, denominator: parts?.denominator ?? null,
        suppressed: !!d.suppressSmall && value !== null && value >= 1 && value <= 4,
        method, source_level: d.sourceLevel,
      })
    }
  }
  await insertValues(ctx.trx, storedAs(ctx, datasetId), out)
  return out.length
}

/** Population-weighted mean of a set of rows: how comparators (London, England) are computed. */
export function weightedMean(rows: SourceRow[], key: string, weightKey: string): { value: number | null; weight: number } {
  let sw = 0
  let s = 0
  for (const r of rows) {
    const v = r.values[key]
    const w = r.values[weightKey]
    if (v == null || w == null) continue
    s += v * w
    sw += w
  }
  return { value: sw > 0 ? s / sw : null, weight: sw }
}

/** The authority's (or the context's) LSOA 2021 codes: the rows a statistics file may contribute (its boundaries come first). */
export async function lsoa21Codes(ctx: ImportContext, file: string): Promise<Set<string>> {
  const codes = new Set((await areaNames(ctx.trx, levelFor(ctx, 'lsoa21'))).keys())
  if (!codes.size) throw new SourceFormatError(file, 'no LSOA 2021 boundaries are imported yet: import ons_lsoa21 first')
  return codes
}
