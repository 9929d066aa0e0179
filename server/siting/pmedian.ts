/**
 * Minimise a weighted sum of travel (p-median; coverage reuses it on 0/1 costs): heuristic upper
 * bound, Lagrangian lower bound, then, when the gap is open and the search is small enough, branch
 * and bound on the sites the reduced-cost test could not rule out.
 */
import { branchAndBound } from './branchAndBound'
import { Deadline, prng, relGap, type Feasible, type SitingInstance, type SolveOptions } from './instance'
import { lagrangianBound, prunableSites } from './lagrangian'
import { greedyStart, randomStart, substitute } from './vertexSubstitution'

export interface SumOutcome {
  open: number[]
  value: number
  bound: number
  optimal: boolean
  timedOut: boolean
  notes: string[]
  nodes: number
  iterations: number
  restarts: number
}

/** Largest search branch and bound is asked to finish (sets of sites, before its own pruning). */
export const EXACT_SEARCH_LIMIT = 5e7

export function searchSize(f: Feasible, skip: Set<number>): number {
  if (f.groups) return f.groups.reduce((s, g) => s * g.filter((j) => !skip.has(j)).length, 1)
  const k = f.picks
  const m = f.pool.filter((j) => !skip.has(j)).length
  let c = 1
  for (let t = 0; t < k; t++) c = (c * (m - t)) / (t + 1)
  return c
}

export function heuristic(inst: SitingInstance, f: Feasible, kind: 'sum' | 'max', o: SolveOptions, deadline: Deadline, until: number) {
  const rnd = prng(o.seed)
  let best = substitute(inst, f, kind, greedyStart(inst, f, kind), deadline)
  let restarts = 0
  const report = () => o.onProgress?.({
    phase: 'heuristic', fraction: (0.3 * (restarts + 1)) / (o.restarts + 1),
    message: `vertex substitution: greedy start and ${restarts} of ${o.restarts} seeded restarts done`,
    best: best.value, bound: null, gap: null,
  })
  report()
  for (let r = 0; r < o.restarts && deadline.elapsed < until && !deadline.expired; r++) {
    const s = substitute(inst, f, kind, randomStart(f, rnd), deadline)
    restarts++
    if (s.value < best.value - 1e-12 * Math.max(1, best.value)) best = s
    report()
  }
  return { best: { open: best.open, value: best.value }, restarts }
}

export function solveSum(inst: SitingInstance, f: Feasible, o: SolveOptions, deadline: Deadline): SumOutcome {
  const notes: string[] = []
  // restarts stop starting at 15 % of the limit: on large instances they rarely beat the greedy
  // start and the bound needs the time (London p = 10: restarts never improved the incumbent)
  const h = heuristic(inst, f, 'sum', o, deadline, 0.15 * o.timeLimitMs)
  let best = h.best
  notes.push(`greedy start and Teitz-Bart vertex substitution with ${h.restarts} seeded restart${h.restarts === 1 ? '' : 's'}`)
  const lrBudget = Math.max(0, 0.85 * o.timeLimitMs - deadline.elapsed)
  const lrDeadline = new Deadline(lrBudget)
  const lr = lagrangianBound(inst, f, best, {
    maxIterations: 1000,
    deadline: lrDeadline,
    // the share kept for branch and bound is wasted when the search will be skipped as too large:
    // then the bound is the whole certificate, so it gets the rest of the time
    overtime: (sofar, ub) => (!o.exact || searchSize(f, prunableSites(f, sofar, ub)) > EXACT_SEARCH_LIMIT ? deadline : null),
    onIteration: o.onProgress && ((it, lb, ub) => o.onProgress!({
      phase: 'bound', fraction: Math.min(0.99, 0.3 + 0.55 * Math.max(Math.min(1, it / 1000), lrBudget > 0 ? lrDeadline.elapsed / lrBudget : 1)), // past 0.85 only in overtime
      message: `Lagrangian lower bound: ${it} subgradient iterations`, best: ub, bound: lb, gap: relGap(ub, lb),
    })),
  })
  if (lr.improved && lr.improved.value < best.value) {
    const s = substitute(inst, f, 'sum', lr.improved.open, deadline)
    best = { open: s.open, value: s.value }
  }
  let bound = Math.min(lr.bound, best.value)
  notes.push(`Lagrangian relaxation bound after ${lr.iterations} subgradient iteration${lr.iterations === 1 ? '' : 's'}`)
  let nodes = 0
  let timedOut = false
  if (relGap(best.value, bound) === 0) {
    notes.push('the bound meets the solution: proven optimal')
    return { ...best, bound: best.value, optimal: true, timedOut, notes, nodes, iterations: lr.iterations, restarts: h.restarts }
  }
  if (o.exact) {
    const skip = prunableSites(f, lr, best.value)
    const size = searchSize(f, skip)
    if (size <= EXACT_SEARCH_LIMIT && !deadline.expired) {
      const lb = bound
      const bb = branchAndBound(inst, f, 'sum', best, {
        skip, deadline,
        onNodes: o.onProgress && ((nodes, value) => o.onProgress!({
          phase: 'search', fraction: 0.85 + 0.14 * Math.min(1, deadline.elapsed / o.timeLimitMs),
          message: `branch and bound: ${nodes} nodes searched`, best: value, bound: lb, gap: relGap(value, lb),
        })),
      })
      nodes = bb.nodes
      best = { open: bb.open, value: bb.value }
      if (bb.complete) {
        notes.push(`branch and bound (${bb.nodes} nodes; reduced costs ruled out ${skip.size} of ${f.pool.length} sites) proved optimality`)
        return { ...best, bound: best.value, optimal: true, timedOut, notes, nodes, iterations: lr.iterations, restarts: h.restarts }
      }
      timedOut = true
      notes.push(`branch and bound stopped at the time limit after ${bb.nodes} nodes`)
    } else {
      notes.push(`exhaustive search skipped (${size.toExponential(1)} site sets after reduced-cost fixing)`)
    }
  }
  bound = Math.min(bound, best.value)
  return { ...best, bound, optimal: relGap(best.value, bound) === 0, timedOut: timedOut || deadline.expired, notes, nodes, iterations: lr.iterations, restarts: h.restarts }
}
