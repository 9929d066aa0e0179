/**
 * Maximal covering location (Church & ReVelle 1974): maximise the weight whose nearest open site is
 * within the threshold. It is a p-median on 0/1 costs (1 = not covered), so the p-median machinery
 * gives both the answer and a proven upper bound on the coverable weight.
 */
import type { Deadline, Feasible, SitingInstance, SolveOptions } from './instance'
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
  const r = solveSum(coverageCosts(inst, o.threshold), f, o, deadline)
  return { ...r, value: total - r.value, bound: total - r.bound }
}
