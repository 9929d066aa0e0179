/**
 * Maximal covering location (Church & ReVelle 1974): maximise the weight whose nearest open site is
 * within the threshold. It is a p-median on 0/1 costs (1 = not covered), so the p-median machinery
 * gives both the answer and a proven upper bound on the coverable weight.
 */
import { relGap, type Deadline, type Feasible, type SitingInstance, type SolveOptions, type SolveProgress } from './instance'
import { solveSum, type SumOutcome } from './pmedian'

export function coverageCosts(inst: SitingInstance, threshold: number): SitingInstance {
  const cost = new Float64Array(inst.cost.length)
  for (let k = 0; k < cost.length; k++) cost[k] = inst.cost[k] <= threshold ? 0 : 1
  return { ...inst, cost }
}

/** value and bound are covered weight (bound: upper). */
export function solveCoverage(inst: SitingInstance, f: Feasible, o: SolveOptions, deadline: Deadline): SumOutcome {
  let total = 0
  for (let i = 0; i < inst.n; i++) total += inst.weight[i]
  // the p-median works on uncovered weight: report covered weight, as the result does
  const cov = (x: number | null) => (x === null ? null : total - x)
  const onProgress = o.onProgress && ((p: SolveProgress) => o.onProgress!({
    ...p, best: cov(p.best), bound: cov(p.bound), gap: p.best === null || p.bound === null ? null : relGap(total - p.best, total - p.bound),
  }))
  const r = solveSum(coverageCosts(inst, o.threshold), f, { ...o, onProgress }, deadline)
  return { ...r, value: total - r.value, bound: total - r.bound }
}
