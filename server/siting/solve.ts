/**
 * The one entry point: check the constraints, drop demand points with zero weight (they change no
 * objective), run the objective's solver and report value, proven bound, gap and method.
 *
 * @example
 * const r = solve(instance, { p: 3, onePerGroup: true, fixed: [], excluded: [] }, { objective: 'p-median' })
 * r.status // 'optimal'
 */
import {
  Deadline, defaultSolveOptions, feasibility, relGap,
  type ProgressFn, type SitingConstraints, type SitingInstance, type SolveOptions, type SolveResult,
} from './instance'
import { notCertifiedWords } from './certificate'
import { OBJECTIVES } from './objectives'

function positiveWeights(inst: SitingInstance): SitingInstance {
  const keep: number[] = []
  for (let i = 0; i < inst.n; i++) if (inst.weight[i] > 0) keep.push(i)
  if (keep.length === inst.n) return inst
  const n = keep.length
  const cost = new Float64Array(inst.m * n)
  for (let j = 0; j < inst.m; j++) for (let k = 0; k < n; k++) cost[j * n + k] = inst.cost[j * inst.n + keep[k]]
  return { ...inst, n, weight: Float64Array.from(keep, (i) => inst.weight[i]), cost }
}

/** Progress is reported at most this often (the solvers call back far more often than that). */
export const PROGRESS_EVERY_MS = 100

function throttled(fn: ProgressFn): ProgressFn {
  let last = -Infinity
  return (p) => {
    const t = performance.now()
    if (t - last < PROGRESS_EVERY_MS) return
    last = t
    fn(p)
  }
}

export function solve(inst: SitingInstance, constraints: SitingConstraints, options: Partial<SolveOptions> = {}): SolveResult {
  const o: SolveOptions = { ...defaultSolveOptions, ...options }
  if (o.onProgress) o.onProgress = throttled(o.onProgress)
  const deadline = new Deadline(o.timeLimitMs)
  const f = feasibility(inst, constraints)
  const sub = positiveWeights(inst)
  if (sub.n === 0) {
    const open = [...f.fixed, ...(f.groups ? f.groups.map((g) => g[0]) : f.pool.slice(0, f.picks))].sort((a, b) => a - b)
    return {
      open, value: 0, bound: 0, gap: 0, status: 'optimal', method: 'no demand point has weight: any feasible set of sites is optimal',
      stats: { nodes: 0, lagrangianIterations: 0, restarts: 0, ms: deadline.elapsed, timedOut: false },
    }
  }
  const r = OBJECTIVES[o.objective].solver(sub, f, o, deadline)
  const gap = r.optimal ? 0 : relGap(r.value, r.bound)
  const status = r.optimal || gap === 0 ? 'optimal' : 'feasible'
  const not = notCertifiedWords({ status, gap })
  const method = [...r.notes, ...(not ? [not] : [])].join('; ')
  return {
    open: [...r.open].sort((a, b) => a - b),
    value: r.value,
    bound: r.optimal ? r.value : r.bound,
    gap,
    status,
    method: method.charAt(0).toUpperCase() + method.slice(1) + '.',
    stats: { nodes: r.nodes, lagrangianIterations: r.iterations, restarts: r.restarts, ms: deadline.elapsed, timedOut: r.timedOut },
  }
}
