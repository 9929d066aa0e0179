/**
 * p-center: minimise the worst travel of any demand point with weight > 0. Vertex substitution on
 * the maximum gives the starting incumbent; branch and bound on the worst-served point proves it
 * optimal when it finishes. Otherwise the bound reported is the simple one: no point can do better
 * than its nearest available site.
 */
import { branchAndBound } from './branchAndBound'
import { relGap, type Deadline, type Feasible, type SitingInstance, type SolveOptions } from './instance'
import { heuristic, searchSize, type SumOutcome } from './pmedian'

export const CENTER_SEARCH_LIMIT = 1e12

export function solveCenter(inst: SitingInstance, f: Feasible, o: SolveOptions, deadline: Deadline): SumOutcome {
  const h = heuristic(inst, f, 'max', o, deadline, 0.3 * o.timeLimitMs)
  const notes = [`greedy start and vertex substitution on the worst travel with ${h.restarts} seeded restart${h.restarts === 1 ? '' : 's'}`]
  let best = h.best
  const { n, cost } = inst
  let bound = 0
  for (let i = 0; i < n; i++) {
    let reach = Infinity
    for (let j = 0; j < inst.m; j++) if (f.allowed[j] || f.fixed.includes(j)) reach = Math.min(reach, cost[j * n + i])
    bound = Math.max(bound, reach)
  }
  const base = { nodes: 0, iterations: 0, restarts: h.restarts, timedOut: false }
  if (best.value <= bound) {
    notes.push('the worst-served point is at its nearest possible site: proven optimal')
    return { ...best, ...base, bound: best.value, optimal: true, notes }
  }
  if (o.exact && searchSize(f, new Set()) <= CENTER_SEARCH_LIMIT) {
    const bb = branchAndBound(inst, f, 'max', best, {
      deadline,
      onNodes: o.onProgress && ((nodes, value) => o.onProgress!({
        phase: 'search', fraction: 0.3 + 0.69 * Math.min(1, deadline.elapsed / o.timeLimitMs),
        message: `branch and bound on the worst-served point: ${nodes} nodes searched`, best: value, bound, gap: relGap(value, bound),
      })),
    })
    best = { open: bb.open, value: bb.value }
    if (bb.complete) {
      notes.push(`branch and bound on the worst-served point (${bb.nodes} nodes) proved optimality`)
      return { ...best, ...base, nodes: bb.nodes, bound: best.value, optimal: true, notes }
    }
    notes.push(`branch and bound stopped at the time limit after ${bb.nodes} nodes; bound: each point's nearest available site`)
    return { ...best, ...base, nodes: bb.nodes, bound, optimal: false, timedOut: true, notes }
  }
  notes.push('exhaustive search skipped (too many site sets); bound: each point\'s nearest available site')
  return { ...best, ...base, bound, optimal: false, notes }
}
