/**
 * Puts indicators on a common scale before they are combined. Every method works on the
 * need-oriented value (higher = more need: see `orient`) and returns higher = more need.
 *
 * - rank: R = r / N, where r is the area's ascending rank (1 = least need, ties share their
 *   average rank) and N the number of areas, so R runs from 1/N to 1 (1 = greatest need).
 * - zscore: (x - mean) / sd with the population standard deviation (divide by N), as the IoD
 *   standardises indicators within a domain; all zero when every value is equal.
 * - exponential: the IoD's exponential transformation of the scaled rank (English Indices of
 *   Deprivation 2019 Technical Report, section 3.5): X = -23 ln(1 - R(1 - exp(-100/23))), which
 *   runs from near 0 to 100 and stretches the most deprived end, so a high value on one component
 *   is only partly cancelled by a low value on another.
 *
 * @example rankScaled([10, 20, 30, 40]) // [0.25, 0.5, 0.75, 1]
 */
import type { Polarity } from '../catalogue/types'

export const METHODS = ['rank', 'zscore', 'exponential'] as const
export type NormaliseMethod = (typeof METHODS)[number]

/** How an indicator's polarity was applied, in words for the response. */
export function orientation(p: Polarity): string {
  if (p === 'higher-worse') return 'higher = more need (as catalogued)'
  if (p === 'higher-better') return 'flipped: the catalogue says higher is better, so lower values count as more need'
  return 'neutral in the catalogue: higher values taken as more need'
}

/** The need-oriented value: higher-better indicators are negated so higher = more need for all. */
export function orient(values: number[], p: Polarity): number[] {
  return p === 'higher-better' ? values.map((v) => -v) : [...values]
}

/** Ascending ranks 1..N (1 = smallest); tied values share the average of their ranks. */
export function averageRanks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++
    const avg = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[order[k][1]] = avg
    i = j + 1
  }
  return ranks
}

/** Rank scaled to (0, 1]: R = rank / N, 1 for the area in greatest need. */
export function rankScaled(values: number[]): number[] {
  const n = values.length
  return averageRanks(values).map((r) => r / n)
}

export function zScores(values: number[]): number[] {
  const n = values.length
  if (n === 0) return []
  const mean = values.reduce((s, v) => s + v, 0) / n
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n)
  return values.map((v) => (sd === 0 ? 0 : (v - mean) / sd))
}

const EXP_CONSTANT = 1 - Math.exp(-100 / 23)

/** The IoD exponential transformation of a scaled rank R in [0, 1]: X = -23 ln(1 - R(1 - exp(-100/23))). */
export function iodExponential(R: number): number {
  return -23 * Math.log(1 - R * EXP_CONSTANT)
}

/** Normalise need-oriented values by a method; output is higher = more need. */
export function normalise(values: number[], method: NormaliseMethod): number[] {
  if (method === 'zscore') return zScores(values)
  const R = rankScaled(values)
  return method === 'rank' ? R : R.map(iodExponential)
}

export const METHOD_NOTES: Record<NormaliseMethod, string> = {
  rank: 'rank: R = rank / N among the areas compared (1 = greatest need; ties share their average rank).',
  zscore: 'zscore: (value - mean) / standard deviation (population SD) among the areas compared; 0 = average.',
  exponential:
    'exponential: the IoD 2019 exponential transformation of the scaled rank, X = -23 ln(1 - R(1 - exp(-100/23))) with R = rank / N (Technical Report, s. 3.5); runs to 100 for the area in greatest need.',
}
