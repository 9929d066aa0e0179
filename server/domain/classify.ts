/**
 * Class breaks for choropleths. Each method returns k-1 inner breaks for k classes, from the values
 * of one indicator at one level: quantiles (equal counts), natural breaks (Ckmeans, the optimal 1-D
 * clustering that Jenks approximates), equal intervals, or the official deciles 1-10.
 */
import { ckmeans, quantileSorted } from 'simple-statistics'
import type { ClassMethod } from '../catalogue/types'

export function breaks(method: ClassMethod, sorted: number[], k: number): number[] {
  if (method === 'deciles') return [2, 3, 4, 5, 6, 7, 8, 9, 10]
  const distinct = [...new Set(sorted)]
  if (distinct.length <= 1) return []
  const classes = Math.min(k, distinct.length)
  if (method === 'equal') {
    const lo = sorted[0]
    const hi = sorted[sorted.length - 1]
    return Array.from({ length: classes - 1 }, (_, i) => lo + ((i + 1) * (hi - lo)) / classes)
  }
  if (method === 'jenks') return ckmeans(sorted, classes).slice(1).map((c) => c[0])
  return unique(Array.from({ length: classes - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / classes)))
}

const unique = (xs: number[]) => xs.filter((x, i) => i === 0 || x !== xs[i - 1])
