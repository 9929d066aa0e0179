/**
 * Brute force for tests: every feasible set of sites, evaluated directly. Exponential; small
 * instances only. Returns the best objective value (and one set achieving it).
 */
import { feasibility, type SitingConstraints, type SitingInstance } from './instance'
import { better, objectiveValue, worst, type Objective } from './objectives'

export function bruteForce(
  inst: SitingInstance, c: SitingConstraints, objective: Objective, threshold = 15,
): { value: number; open: number[]; sets: number } {
  const f = feasibility(inst, c)
  let best = { value: worst(objective), open: [] as number[], sets: 0 }
  const visit = (open: number[]) => {
    best.sets++
    const v = objectiveValue(inst, open, objective, threshold)
    if (better(objective, v, best.value)) best = { ...best, value: v, open: [...open] }
  }
  if (f.groups) {
    const rec = (g: number, chosen: number[]) => {
      if (g === f.groups!.length) return visit(chosen)
      for (const j of f.groups![g]) rec(g + 1, [...chosen, j])
    }
    rec(0, [...f.fixed])
  } else {
    const rec = (start: number, k: number, chosen: number[]) => {
      if (k === 0) return visit(chosen)
      for (let t = start; t <= f.pool.length - k; t++) rec(t + 1, k - 1, [...chosen, f.pool[t]])
    }
    rec(0, f.picks, [...f.fixed])
  }
  return best
}
