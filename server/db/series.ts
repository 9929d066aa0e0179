/** Borough-level series (temporary accommodation): every period for the borough and its comparators. */
import type { Knex } from 'knex'

export interface SeriesPoint {
  indicator_id: string
  area_code: string
  area_name: string
  period: string
  value: number | null
  dataset_id: string
}

export async function seriesValues(knex: Knex, ids: string[]): Promise<SeriesPoint[]> {
  const rows = await knex('series_values').whereIn('indicator_id', ids).orderBy(['indicator_id', 'area_code', 'period'])
    .select('indicator_id', 'area_code', 'area_name', 'period', knex.raw('CASE WHEN suppressed THEN NULL ELSE value END AS value'), 'dataset_id')
  return rows.map((r: SeriesPoint) => ({ ...r, value: r.value === null ? null : Number(r.value) }))
}
