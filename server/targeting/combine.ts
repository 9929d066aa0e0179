/**
 * Combines normalised components into one index: a weighted sum with weights rescaled to sum to 1,
 * ranked so that 1 = greatest need. Missing values are dealt with before normalisation by a rule
 * the caller names (see `fillMissing`); nothing is ever treated as zero.
 */
import { normalise, orient, type NormaliseMethod } from './normalise'
import type { Polarity } from '../catalogue/types'

export const MISSING_RULES = ['exclude-area', 'mean-impute'] as const
export type MissingRule = (typeof MISSING_RULES)[number]

export interface ComponentInput {
  id: string
  weight: number
  polarity: Polarity
}

export interface AreaInput {
  code: string
  name: string
  /** raw values by component id; null or absent = missing */
  values: Record<string, number | null | undefined>
}

export interface ScoredComponent {
  id: string
  raw: number | null
  /** true when the raw value was missing and replaced by the mean (mean-impute) */
  imputed: boolean
  normalised: number
  /** weight x normalised: the components' contributions sum to the index */
  contribution: number
}

export interface ScoredArea {
  code: string
  name: string
  index: number
  /** 1 = greatest need; tied indices share the best rank */
  rank: number
  components: ScoredComponent[]
}

export interface Combined {
  areas: ScoredArea[]
  /** areas left out because a component was missing (exclude-area), with the missing ids */
  excluded: Array<{ code: string; name: string; missing: string[] }>
  /** weights rescaled to sum to 1, in component order */
  weights: number[]
  /** normalised values, areas x components, in the order of `areas` before sorting (for stability) */
  matrix: number[][]
}

/** Rescale positive weights to sum to 1. */
export function normaliseWeights(weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  if (!(sum > 0) || weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError('weights must be finite, non-negative and not all zero')
  return weights.map((w) => w / sum)
}

/** Competition ranks (1 = largest); equal values share the best rank. */
export function descendingRanks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0])
  const ranks = new Array<number>(values.length)
  order.forEach(([v, i], k) => (ranks[i] = k > 0 && order[k - 1][0] === v ? ranks[order[k - 1][1]] : k + 1))
  return ranks
}

export function weightedSums(matrix: number[][], weights: number[]): number[] {
  return matrix.map((row) => row.reduce((s, x, j) => s + x * weights[j], 0))
}

function isValue(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/** Apply the missing-value rule: the areas kept, their raw columns, and which cells were imputed. */
export function fillMissing(areas: AreaInput[], ids: string[], rule: MissingRule) {
  const excluded: Combined['excluded'] = []
  const kept: AreaInput[] = []
  for (const a of areas) {
    const missing = ids.filter((id) => !isValue(a.values[id]))
    if (missing.length && (rule === 'exclude-area' || missing.length === ids.length)) excluded.push({ code: a.code, name: a.name, missing })
    else kept.push(a)
  }
  const columns = ids.map((id) => {
    const present = kept.map((a) => a.values[id]).filter(isValue)
    if (!present.length) throw new RangeError(`indicator ${id} has no values for the areas compared`)
    const mean = present.reduce((s, v) => s + v, 0) / present.length
    return kept.map((a) => {
      const v = a.values[id]
      return isValue(v) ? { raw: v, imputed: false, value: v } : { raw: null, imputed: true, value: mean }
    })
  })
  return { kept, excluded, columns }
}

export function combine(areas: AreaInput[], components: ComponentInput[], method: NormaliseMethod, missing: MissingRule): Combined {
  const ids = components.map((c) => c.id)
  const weights = normaliseWeights(components.map((c) => c.weight))
  const { kept, excluded, columns } = fillMissing(areas, ids, missing)
  const normCols = columns.map((col, j) => normalise(orient(col.map((c) => c.value), components[j].polarity), method))
  const matrix = kept.map((_, i) => normCols.map((col) => col[i]))
  const index = weightedSums(matrix, weights)
  const ranks = descendingRanks(index)
  const scored: ScoredArea[] = kept.map((a, i) => ({
    code: a.code, name: a.name, index: index[i], rank: ranks[i],
    components: ids.map((id, j) => ({
      id, raw: columns[j][i].raw, imputed: columns[j][i].imputed, normalised: matrix[i][j], contribution: weights[j] * matrix[i][j],
    })),
  }))
  return { areas: scored, excluded, weights, matrix }
}
