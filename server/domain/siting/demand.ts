/**
 * Demand weights: each LSOA's population (Census 2021) times its need multiplier, which is 1 without
 * need, the IDACI score, a factor from the IDACI decile (2.0 to 1.0), a factor from one indicator
 * (1.0 least needy to 2.0 most), or 1 + the need index.
 */
import type { DemandRow } from '../../db/siting'
import { IDACI_DECILE, IDACI_SCORE, POPULATION, type SitingParams } from './params'

export interface DemandWeights {
  weight: Float64Array
  population: Float64Array
  /** 1 for LSOAs in IDACI deciles 1-2 */
  deprived: Uint8Array
  /** LSOAs without a population or need value (weight 0) */
  missing: string[]
}

/** The indicators a run reads for its demand, besides the population. */
export function needIndicatorIds(params: SitingParams): string[] {
  return params.need.kind === 'idaci-score' ? [IDACI_SCORE] : params.need.kind === 'indicator' ? [params.need.id] : []
}

export function demandWeights(params: SitingParams, demand: DemandRow[], needIndex: Map<string, number> | null): DemandWeights {
  const pop = POPULATION[params.population]
  const n = demand.length
  const weight = new Float64Array(n)
  const population = new Float64Array(n)
  const deprived = new Uint8Array(n)
  const missing: string[] = []
  let needMin = Infinity
  let needMax = -Infinity
  if (params.need.kind === 'indicator') {
    for (const d of demand) {
      const v = d.values[params.need.id]
      if (v !== undefined) { needMin = Math.min(needMin, v); needMax = Math.max(needMax, v) }
    }
  }
  demand.forEach((d, i) => {
    const base = d.values[pop.indicator]
    const decile = d.values[IDACI_DECILE]
    population[i] = base ?? 0
    deprived[i] = decile !== undefined && decile <= 2 ? 1 : 0
    let mult: number | undefined = 1
    if (params.need.kind === 'idaci-score') mult = d.values[IDACI_SCORE]
    else if (params.need.kind === 'idaci-decile') mult = decile === undefined ? undefined : 2 - (decile - 1) / 9
    else if (params.need.kind === 'indicator') {
      const v = d.values[params.need.id]
      mult = v === undefined ? undefined : needMax > needMin ? 1 + (v - needMin) / (needMax - needMin) : 1
    } else if (params.need.kind === 'index') {
      // rank indices run (0, 1], exponential ones (0, 100]: both become a multiplier in (1, 2]
      const v = needIndex!.get(d.code)
      mult = v === undefined ? undefined : 1 + (params.need.method === 'rank' ? v : v / 100)
    }
    if (base === undefined || mult === undefined) missing.push(d.code)
    weight[i] = base === undefined || mult === undefined ? 0 : base * mult
  })
  return { weight, population, deprived, missing }
}
