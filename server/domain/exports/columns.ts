/** Export columns from the indicator catalogue: the id (which holds its edition) plus its provenance. */
import { findIndicator } from '../../catalogue/indicators'
import type { IndicatorDescriptor } from '../../catalogue/types'
import type { ExportColumn } from '../../exports/table'

export interface SourceLike {
  source?: string | null
  publisher?: string | null
  licence?: string | null
  attribution?: string | null
  url?: string | null
  vintage?: string | null
}

export const SUPPRESSION = 'Counts of 1 to 4 are left empty (suppressed) to protect the households they describe; totals of 1 to 4 too.'

const AGGREGATION: Record<IndicatorDescriptor['aggregate']['method'], string> = {
  sum: 'Areas above LSOA: sum of LSOA counts.',
  ratio: 'Areas above LSOA: rate recomputed from summed numerator and denominator.',
  'weighted-mean': 'Areas above LSOA: population-weighted mean of LSOA values.',
  'share-of-lsoas': 'Share of the LSOAs in the area in the given national decile band.',
  none: 'Published for LSOAs only (ranks and deciles are not aggregated).',
  difference: 'Computed per LSOA 2021 as the difference between two editions.',
}

export function indicatorColumn(id: string, src: SourceLike = {}, name = id): ExportColumn {
  const d = findIndicator(id)
  return {
    name,
    title: d?.title ?? id,
    datatype: d && d.decimals === 0 && (d.kind === 'count' || d.kind === 'rank' || d.kind === 'decile') ? 'integer' : 'number',
    decimals: d?.decimals,
    unit: d?.unit,
    description: d?.description,
    source: src.source ?? undefined,
    publisher: src.publisher ?? undefined,
    vintage: src.vintage ?? d?.vintage,
    licence: src.licence ?? undefined,
    attribution: src.attribution ?? undefined,
    url: src.url ?? undefined,
    method: d ? [d.derived, AGGREGATION[d.aggregate.method], d.caveat].filter(Boolean).join(' ') : undefined,
    suppression: d?.suppressSmall ? SUPPRESSION : undefined,
  }
}

/** A catalogue indicator's source as the API carries it. */
export const catalogueSource = (d: { vintage: string; source: { title: string; publisher: string; licence: string; attribution: string; url: string; vintage: string } | null }): SourceLike => ({
  source: d.source?.title, publisher: d.source?.publisher, licence: d.source?.licence, attribution: d.source?.attribution, url: d.source?.url,
  vintage: d.vintage,
})

export const text = (name: string, title: string, description?: string): ExportColumn => ({ name, title, datatype: 'string', description })
export const integer = (name: string, title: string, unit?: string): ExportColumn => ({ name, title, datatype: 'integer', unit })
export const number = (name: string, title: string, decimals: number, unit?: string, method?: string): ExportColumn => ({ name, title, datatype: 'number', decimals, unit, method })
