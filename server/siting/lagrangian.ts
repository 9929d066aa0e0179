/**
 * Lagrangian relaxation lower bound for the p-median problem (Beasley 1993): relax "each demand
 * point is served once" with multipliers λ_i. For fixed λ the relaxed problem splits by site:
 * ρ_j = Σ_i min(0, w_i c_ij - λ_i), and the bound is L(λ) = Σ_i λ_i + the cheapest feasible choice
 * of sites by ρ (the p smallest, or the smallest in each group, with fixed sites forced in). Every λ
 * gives a valid bound; subgradient steps (Held-Wolfe-Crowder, Polyak step size) push it up.
 *
 * Because coverage is a p-median on 0/1 costs, the same bound certifies maximal coverage answers.
 */
import type { Deadline, Feasible, SitingInstance } from './instance'
import { aggregateValue } from './vertexSubstitution'
import { nearest } from './instance'

export interface LagrangianResult {
  /** best lower bound found */
  bound: number
  /** ρ_j at the multipliers that gave `bound` (for reduced-cost fixing) */
  rho: Float64Array
  /** the relaxed site choice at those multipliers */
  chosen: number[]
  iterations: number
  /** a feasible solution the relaxation suggested, when better than the incumbent */
  improved: { open: number[]; value: number } | null
}

interface Relaxed {
  value: number
  chosen: number[]
}

function relaxedChoice(f: Feasible, rho: Float64Array): number[] {
  const chosen = [...f.fixed]
  if (f.groups) {
    for (const g of f.groups) {
      let best = g[0]
      for (const j of g) if (rho[j] < rho[best] || (rho[j] === rho[best] && j < best)) best = j
      chosen.push(best)
    }
  } else if (f.picks > 0) {
    const order = [...f.pool].sort((a, b) => rho[a] - rho[b] || a - b)
    chosen.push(...order.slice(0, f.picks))
  }
  return chosen
}

/**
 * Each demand point's allowed sites sorted by cost: ρ only gathers terms where w_i c_ij < λ_i, so
 * the scan of a point stops at its first site that is too far. Sorting uses packed keys
 * (quantised cost, then site index) in one native Float64Array sort per point; the stop test uses
 * the quantised cost, which never exceeds the true cost, so no term is ever skipped.
 */
interface Sorted {
  /** n rows of `width` site indices, nearest first */
  sites: Int32Array
  /** the quantised (rounded down) cost of each entry */
  floor: Float64Array
  width: number
}

function sortedSites(inst: SitingInstance, f: Feasible): Sorted {
  const { n, m, cost } = inst
  const allowed: number[] = []
  for (let j = 0; j < m; j++) if (f.allowed[j] || f.fixed.includes(j)) allowed.push(j)
  const width = allowed.length
  let maxCost = 0
  for (const j of allowed) for (let i = 0; i < n; i++) if (cost[j * n + i] > maxCost) maxCost = cost[j * n + i]
  const bitsJ = Math.max(1, Math.ceil(Math.log2(m + 1)))
  const bitsC = Math.max(0, Math.ceil(Math.log2(maxCost + 1)))
  const frac = Math.min(30, 52 - bitsJ - bitsC)
  const scale = 2 ** frac
  const shift = 2 ** bitsJ
  const sites = new Int32Array(n * width)
  const floor = new Float64Array(n * width)
  const keys = new Float64Array(width)
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < width; t++) keys[t] = Math.floor(cost[allowed[t] * n + i] * scale) * shift + allowed[t]
    keys.sort()
    const o = i * width
    for (let t = 0; t < width; t++) {
      const j = keys[t] % shift
      sites[o + t] = j
      floor[o + t] = (keys[t] - j) / shift / scale
    }
  }
  return { sites, floor, width }
}

function evaluate(inst: SitingInstance, f: Feasible, s: Sorted, lambda: Float64Array, rho: Float64Array): Relaxed {
  const { n, cost, weight: w } = inst
  const { width, sites, floor } = s
  let sumLambda = 0
  rho.fill(0)
  for (let i = 0; i < n; i++) {
    const li = lambda[i]
    const wi = w[i]
    sumLambda += li
    const end = (i + 1) * width
    for (let t = i * width; t < end; t++) {
      if (wi * floor[t] >= li) break
      const j = sites[t]
      const v = wi * cost[j * n + i] - li
      if (v < 0) rho[j] += v
    }
  }
  const chosen = relaxedChoice(f, rho)
  let value = sumLambda
  for (const j of chosen) value += rho[j]
  return { value, chosen }
}

/** Subgradient optimisation of L(λ), starting from λ_i = w_i × (incumbent's travel for i). */
export function lagrangianBound(
  inst: SitingInstance, f: Feasible, incumbent: { open: number[]; value: number },
  opts: { maxIterations: number; deadline?: Deadline; onIteration?: (iterations: number, bound: number, incumbent: number) => void },
): LagrangianResult {
  const { n, cost, weight: w } = inst
  let ub = incumbent.value
  let improved: LagrangianResult['improved'] = null
  const start = nearest(inst, incumbent.open).dist
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) lambda[i] = w[i] * start[i]
  const rho = new Float64Array(inst.m)
  const bestRho = new Float64Array(inst.m)
  const g = new Float64Array(n)
  let best = -Infinity
  let bestChosen: number[] = []
  let theta = 2
  let sinceBest = 0
  let it = 0
  const sorted = sortedSites(inst, f)
  for (; it < opts.maxIterations; it++) {
    if (opts.deadline?.expired) break
    const r = evaluate(inst, f, sorted, lambda, rho)
    if (best === -Infinity || r.value > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = r.value
      bestRho.set(rho)
      bestChosen = r.chosen
      sinceBest = 0
    } else if (++sinceBest >= 30) {
      theta /= 2
      sinceBest = 0
    }
    opts.onIteration?.(it + 1, best, ub)
    // Lagrangian heuristic: the relaxed site choice is itself a feasible set of sites.
    const v = aggregateValue(inst, nearest(inst, r.chosen).dist, 'sum')
    if (v < ub - 1e-12 * Math.max(1, ub)) {
      ub = v
      improved = { open: [...r.chosen], value: v }
    }
    if (ub - best <= 1e-9 * Math.max(1, Math.abs(ub)) || theta < 1e-3) break
    g.fill(1)
    for (const j of r.chosen) {
      const o = j * n
      for (let i = 0; i < n; i++) if (w[i] * cost[o + i] - lambda[i] < 0) g[i] -= 1
    }
    let norm = 0
    for (let i = 0; i < n; i++) norm += g[i] * g[i]
    if (norm === 0) break // the relaxed solution is feasible, so its value is optimal
    const step = (theta * (ub - r.value)) / norm
    for (let i = 0; i < n; i++) {
      const x = lambda[i] + step * g[i]
      lambda[i] = x > 0 ? x : 0
    }
  }
  return { bound: best, rho: bestRho, chosen: bestChosen, iterations: it, improved }
}

/**
 * Reduced-cost test: forcing site j open raises the bound by at least ρ_j minus the ρ it displaces.
 * Sites whose forced bound reaches the incumbent cannot be in any strictly better solution.
 */
export function prunableSites(f: Feasible, lr: LagrangianResult, ub: number): Set<number> {
  const out = new Set<number>()
  if (!Number.isFinite(lr.bound)) return out
  const tol = 1e-9 * Math.max(1, Math.abs(ub))
  const chosen = new Set(lr.chosen)
  if (f.groups) {
    for (const g of f.groups) {
      let minRho = Infinity
      for (const j of g) minRho = Math.min(minRho, lr.rho[j])
      for (const j of g) if (!chosen.has(j) && lr.bound + lr.rho[j] - minRho >= ub - tol) out.add(j)
    }
    return out
  }
  let displaced = -Infinity
  for (const j of lr.chosen) if (!f.fixed.includes(j)) displaced = Math.max(displaced, lr.rho[j])
  if (!Number.isFinite(displaced)) return out
  for (const j of f.pool) if (!chosen.has(j) && lr.bound + lr.rho[j] - displaced >= ub - tol) out.add(j)
  return out
}
