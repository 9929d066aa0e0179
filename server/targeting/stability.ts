/**
 * How far each area's rank moves under other reasonable weightings: each weight in turn raised and
 * lowered by 20% (the others unchanged, then all rescaled to sum to 1), equal weights, and each
 * component left out in turn. Normalised values do not depend on the weights, so every scenario
 * only recombines the same matrix. An area whose rank range is narrow is robustly placed.
 */
import { descendingRanks, normaliseWeights, weightedSums } from './combine'

export interface Scenario {
  id: string
  label: string
  /** weights summing to 1, in component order */
  weights: number[]
}

export interface AreaStability {
  rankMin: number
  rankMax: number
  /** rankMax - rankMin */
  rankRange: number
}

/** The scenarios for a set of (already normalised) weights and component ids. */
export function scenarios(ids: string[], weights: number[], step = 0.2): Scenario[] {
  const out: Scenario[] = []
  ids.forEach((id, j) => {
    for (const f of [1 + step, 1 - step]) {
      const w = weights.map((x, k) => (k === j ? x * f : x))
      out.push({ id: `${id}${f > 1 ? '+' : '-'}${Math.round(step * 100)}%`, label: `${id} weight ${f > 1 ? '+' : '-'}${Math.round(step * 100)}%`, weights: normaliseWeights(w) })
    }
  })
  if (ids.length > 1) {
    out.push({ id: 'equal', label: 'equal weights', weights: ids.map(() => 1 / ids.length) })
    ids.forEach((id, j) => {
      out.push({ id: `without-${id}`, label: `leave out ${id}`, weights: normaliseWeights(weights.map((x, k) => (k === j ? 0 : x))) })
    })
  }
  return out.filter((s) => s.weights.every(Number.isFinite))
}

/** Min/max rank of each area (rows of `matrix`) over the base weighting and every scenario. */
export function rankRanges(matrix: number[][], base: number[], scens: Scenario[]): AreaStability[] {
  const all = [base, ...scens.map((s) => s.weights)].map((w) => descendingRanks(weightedSums(matrix, w)))
  return matrix.map((_, i) => {
    const rs = all.map((r) => r[i])
    const rankMin = Math.min(...rs)
    const rankMax = Math.max(...rs)
    return { rankMin, rankMax, rankRange: rankMax - rankMin }
  })
}
