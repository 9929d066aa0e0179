/**
 * p-center: minimise the worst travel of any demand point with weight > 0. Vertex substitution on
 * the maximum gives the starting incumbent; branch and bound on the worst-served point proves it
 * optimal when it finishes. Otherwise the bound reported is the better of: no point can do better
 * than its nearest available site, and the pigeonhole bound on p + 1 far-apart points (pairBound).
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
  const k = f.fixed.length + f.picks
  const pair = pairBound(inst, f, deadline)
  const pairWords = `${k + 1} demand points no ${k} site${k === 1 ? '' : 's'} can serve pairwise closer`
  if (best.value <= pair) {
    notes.push(`${pairWords} than this: proven optimal`)
    return { ...best, ...base, bound: best.value, optimal: true, notes }
  }
  const boundWords = pair > bound ? `bound: ${pairWords}` : 'bound: each point\'s nearest available site'
  bound = Math.max(bound, pair)
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
    notes.push(`branch and bound stopped at the time limit after ${bb.nodes} nodes; ${boundWords}`)
    return { ...best, ...base, nodes: bb.nodes, bound, optimal: false, timedOut: true, notes }
  }
  notes.push(`exhaustive search skipped (too many site sets); ${boundWords}`)
  return { ...best, ...base, bound, optimal: false, notes }
}

/**
 * Pigeonhole bound: with k open sites, some two of any k + 1 demand points share a site, so the
 * worst travel is at least min over pairs a, b of D(a, b) = min_j max(c_aj, c_bj). The k + 1 points
 * are picked farthest-first in D, starting from the point farthest from every site; each pick costs
 * one pass over the cost matrix. 0 when there are too few points or the deadline passes first.
 */
export function pairBound(inst: SitingInstance, f: Feasible, deadline?: Deadline): number {
  const { n, m, cost } = inst
  const k = f.fixed.length + f.picks
  if (n < k + 1 || k < 1) return 0
  const sites: number[] = []
  for (let j = 0; j < m; j++) if (f.allowed[j] || f.fixed.includes(j)) sites.push(j)
  // score[b]: min over the points picked so far of D(a, b)
  const score = new Float64Array(n).fill(Infinity)
  let a = 0
  let far = -1
  for (let i = 0; i < n; i++) {
    let near = Infinity
    for (const j of sites) if (cost[j * n + i] < near) near = cost[j * n + i]
    if (near > far) {
      far = near
      a = i
    }
  }
  let bound = Infinity
  for (let picked = 1; picked <= k; picked++) {
    if (deadline?.expired) return 0
    score[a] = -Infinity // picked
    for (const j of sites) {
      const o = j * n
      const ca = cost[o + a]
      for (let b = 0; b < n; b++) {
        const c = cost[o + b]
        const v = c > ca ? c : ca
        if (v < score[b]) score[b] = v
      }
    }
    let next = -1
    for (let b = 0; b < n; b++) if (score[b] !== -Infinity && (next < 0 || score[b] > score[next])) next = b
    if (next < 0) return 0
    bound = Math.min(bound, score[next])
    a = next
  }
  return Number.isFinite(bound) ? bound : 0
}
