/** GET /api/series: the borough's time series. */
export type { SeriesResult } from '../../domain/series'
