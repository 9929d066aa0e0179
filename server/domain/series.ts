/**
 * Borough-level series, such as households in temporary accommodation: a figure per snapshot for the
 * borough beside London and England. There is no sub-borough figure, and the API says so.
 */
import { series, type SeriesDescriptor } from '../catalogue/series'
import { datasets } from '../db/catalogue'
import type { Database } from '../db/connect'
import { seriesValues } from '../db/series'

export interface SeriesResult {
  note: string
  series: Array<SeriesDescriptor & {
    source: { title: string; publisher: string; licence: string; attribution: string; url: string; vintage: string } | null
    areas: Array<{ code: string; name: string; role: 'borough' | 'london' | 'england'; points: Array<{ period: string; value: number | null }> }>
  }>
}

const role = (code: string): 'borough' | 'london' | 'england' => (code === 'E12000007' ? 'london' : code === 'E92000001' ? 'england' : 'borough')

export async function getSeries(db: Database): Promise<SeriesResult> {
  const [points, ds] = [await seriesValues(db.knex, series.map((s) => s.id)), await datasets(db.knex)]
  return {
    note: 'Published for whole local authorities only: no ward or LSOA figures exist in these tables.',
    series: series.map((s) => {
      const d = ds.find((x) => x.id === s.dataset)
      const mine = points.filter((p) => p.indicator_id === s.id)
      const codes = [...new Set(mine.map((p) => p.area_code))].sort((a, b) => ['borough', 'london', 'england'].indexOf(role(a)) - ['borough', 'london', 'england'].indexOf(role(b)))
      return {
        ...s,
        source: d ? { title: d.title, publisher: d.publisher, licence: d.licence, attribution: d.attribution, url: d.source_url, vintage: d.vintage } : null,
        areas: codes.map((code) => ({
          code, name: mine.find((p) => p.area_code === code)!.area_name, role: role(code),
          points: mine.filter((p) => p.area_code === code).map((p) => ({ period: p.period, value: p.value })),
        })),
      }
    }),
  }
}
