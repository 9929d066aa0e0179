/**
 * Access metrics for a set of open sites: need-weighted mean and worst travel, the share of the
 * weighted population within 10, 15 and 30 minutes and within the chosen threshold, and the share of
 * the population (unweighted) in the most income-deprived LSOAs (IDACI deciles 1-2) within the
 * threshold. Demand points are allocated to their nearest open site by travel time.
 */
import { nearest, type SitingInstance } from './instance'

export interface Metrics {
  /** total demand weight and population (unweighted count) */
  weight: number
  population: number
  meanMinutes: number | null
  maxMinutes: number | null
  /** null when travel times came from a user matrix (no distances) */
  meanMetres: number | null
  maxMetres: number | null
  /** shares (0-1) of the weighted population within 10, 15 and 30 minutes and the threshold */
  within10: number | null
  within15: number | null
  within30: number | null
  withinThreshold: number | null
  /** population in IDACI decile 1-2 LSOAs, and the share of it within the threshold */
  deprivedPopulation: number
  deprivedWithinThreshold: number | null
}

export interface MetricDemand {
  weight: Float64Array
  population: Float64Array
  /** 1 = LSOA in IDACI national decile 1 or 2 */
  deprived: Uint8Array
}

export function metricsFor(
  inst: SitingInstance, metres: Float64Array | null, demand: MetricDemand, open: number[], threshold: number, subset?: number[],
): { metrics: Metrics; site: Int32Array; minutes: Float64Array } {
  const { dist, site } = nearest(inst, open)
  const idx = subset ?? Array.from({ length: inst.n }, (_, i) => i)
  let W = 0, P = 0, sumMin = 0, sumM = 0, maxMin = 0, maxM = 0, w10 = 0, w15 = 0, w30 = 0, wT = 0, dP = 0, dT = 0
  for (const i of idx) {
    const w = demand.weight[i]
    const d = dist[i]
    const m = metres && site[i] >= 0 ? metres[site[i] * inst.n + i] : NaN
    W += w
    P += demand.population[i]
    if (demand.deprived[i]) {
      dP += demand.population[i]
      if (d <= threshold) dT += demand.population[i]
    }
    if (w <= 0) continue
    sumMin += w * d
    sumM += w * m
    if (d > maxMin) maxMin = d
    if (m > maxM) maxM = m
    if (d <= 10) w10 += w
    if (d <= 15) w15 += w
    if (d <= 30) w30 += w
    if (d <= threshold) wT += w
  }
  const share = (x: number) => (W > 0 ? x / W : null)
  const any = W > 0 && open.length > 0
  return {
    site,
    minutes: dist,
    metrics: {
      weight: W, population: P,
      meanMinutes: any ? sumMin / W : null, maxMinutes: any ? maxMin : null,
      meanMetres: any && metres ? sumM / W : null, maxMetres: any && metres ? maxM : null,
      within10: share(w10), within15: share(w15), within30: share(w30), withinThreshold: share(wT),
      deprivedPopulation: dP, deprivedWithinThreshold: dP > 0 ? dT / dP : null,
    },
  }
}

export interface MetricRow {
  key: keyof Metrics
  /** in a comparison table and the exports */
  label: string
  /** in the siting panel's results and comparisons, in planners' words; {threshold} is the user's journey limit (null: the panel leaves the row out) */
  short: string | null
  unit: 'min' | 'm' | 'share'
  better: 'lower' | 'higher' | null
}

/** The metric rows a comparison table shows, in order, with how to read them. */
export const METRIC_ROWS: MetricRow[] = [
  { key: 'meanMinutes', label: 'Need-weighted mean travel', short: 'Average journey, weighted by need', unit: 'min', better: 'lower' },
  { key: 'maxMinutes', label: 'Longest travel (any LSOA with demand)', short: 'Longest journey', unit: 'min', better: 'lower' },
  { key: 'meanMetres', label: 'Need-weighted mean distance', short: null, unit: 'm', better: 'lower' },
  { key: 'maxMetres', label: 'Longest distance', short: null, unit: 'm', better: 'lower' },
  { key: 'within10', label: 'Weighted population within 10 min', short: 'Share within 10 minutes', unit: 'share', better: 'higher' },
  { key: 'within15', label: 'Weighted population within 15 min', short: 'Share within 15 minutes', unit: 'share', better: 'higher' },
  { key: 'within30', label: 'Weighted population within 30 min', short: 'Share within 30 minutes', unit: 'share', better: 'higher' },
  { key: 'withinThreshold', label: 'Weighted population within the threshold', short: 'Share within {threshold} minutes (your limit)', unit: 'share', better: 'higher' },
  { key: 'deprivedWithinThreshold', label: 'Population of IDACI decile 1-2 LSOAs within the threshold', short: "Share of those in England's most deprived 20% of areas (IDACI) within {threshold} minutes", unit: 'share', better: 'higher' },
]
