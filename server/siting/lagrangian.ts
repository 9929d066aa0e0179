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
 * Each demand point's allowed sites sorted by weighted cost, held as w_i c_ij next to the site in
 * one flat array (row i at offset[i]..offset[i+1]) so the scan reads memory in order. ρ only
 * gathers terms where w_i c_ij < λ_i, so the scan of a point stops at its first site that is too
 * far. Only the sites within `reach` of a point are sorted up front (the multipliers rarely climb
 * far past the incumbent's travel); a point whose λ_i passes its reach gets its full row on
 * demand, so no term is ever missed.
 */
class Rows {
  readonly offset: Int32Array
  readonly sites: Int32Array
  readonly wc: Float64Array
  /** every allowed site with w_i c_ij < cap[i] is in row i, so a scan with λ_i <= cap[i] is complete */
  readonly cap: Float64Array
  /** w_i × point i's largest allowed cost: no multiplier needs to pass it (see lagrangianBound) */
  readonly top: Float64Array
  /** full rows of the points whose multiplier outgrew their reach */
  readonly full = new Map<number, { sites: Int32Array; wc: Float64Array }>()
  private readonly allowed: Int32Array
  private readonly keys: Float64Array
  private readonly frac: number
  private readonly shift: number

  constructor(private readonly inst: SitingInstance, f: Feasible, reach: Float64Array) {
    const { n, m, cost, weight } = inst
    const allowed: number[] = []
    for (let j = 0; j < m; j++) if (f.allowed[j] || f.fixed.includes(j)) allowed.push(j)
    this.allowed = Int32Array.from(allowed)
    // one pass over the allowed columns (cost is candidate-major): each point's count of near
    // sites, its largest cost, and the first cost past its reach (the row is complete for every
    // λ_i up to w_i times that); zero-weight points take every site
    const lim = Float64Array.from(reach, (r, i) => (weight[i] === 0 ? Infinity : r))
    const offset = new Int32Array(n + 1)
    const beyond = new Float64Array(n).fill(Infinity)
    const top = new Float64Array(n)
    for (const j of allowed) {
      for (let i = 0, o = j * n; i < n; i++) {
        const c = cost[o + i]
        if (c <= lim[i]) offset[i + 1]++
        else if (c < beyond[i]) beyond[i] = c
        if (c > top[i]) top[i] = c
      }
    }
    let maxCost = 0
    for (let i = 0; i < n; i++) {
      offset[i + 1] += offset[i]
      if (top[i] > maxCost) maxCost = top[i]
    }
    const bitsJ = Math.max(1, Math.ceil(Math.log2(m + 1)))
    const bitsC = Math.max(0, Math.ceil(Math.log2(maxCost + 1)))
    this.frac = 2 ** Math.min(30, 52 - bitsJ - bitsC)
    this.shift = 2 ** bitsJ
    this.keys = new Float64Array(allowed.length)
    const sites = new Int32Array(offset[n])
    const fillAt = offset.slice(0, n)
    for (const j of allowed) for (let i = 0, o = j * n; i < n; i++) if (cost[o + i] <= lim[i]) sites[fillAt[i]++] = j
    this.offset = offset
    this.sites = sites
    this.wc = new Float64Array(sites.length)
    this.cap = new Float64Array(n)
    this.top = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      this.sort(i, sites.subarray(offset[i], offset[i + 1]), this.wc.subarray(offset[i], offset[i + 1]))
      this.cap[i] = weight[i] === 0 ? Infinity : weight[i] * beyond[i]
      this.top[i] = weight[i] * top[i]
    }
  }

  /** sort row i's sites in place by (quantised cost, index) with packed keys in one native sort; fill exact w_i c_ij */
  private sort(i: number, sites: Int32Array, wc: Float64Array) {
    const { n, cost, weight } = this.inst
    const k = sites.length
    const keys = this.keys.subarray(0, k)
    for (let t = 0; t < k; t++) keys[t] = Math.floor(cost[sites[t] * n + i] * this.frac) * this.shift + sites[t]
    keys.sort()
    for (let t = 0; t < k; t++) {
      const j = keys[t] % this.shift
      sites[t] = j
      wc[t] = weight[i] * cost[j * n + i]
    }
    // costs that share a quantised key may be out of order: an insertion pass (nearly sorted, so
    // linear) makes the exact order the scan's early stop relies on
    for (let t = 1; t < k; t++) {
      const x = wc[t]
      const j = sites[t]
      let u = t - 1
      for (; u >= 0 && (wc[u] > x || (wc[u] === x && sites[u] > j)); u--) {
        wc[u + 1] = wc[u]
        sites[u + 1] = sites[u]
      }
      wc[u + 1] = x
      sites[u + 1] = j
    }
  }

  /** point i's row with every allowed site */
  extended(i: number) {
    let row = this.full.get(i)
    if (!row) {
      row = { sites: this.allowed.slice(), wc: new Float64Array(this.allowed.length) }
      this.sort(i, row.sites, row.wc)
      this.full.set(i, row)
    }
    return row
  }
}

function evaluate(inst: SitingInstance, f: Feasible, rows: Rows, lambda: Float64Array, rho: Float64Array): Relaxed {
  const { n } = inst
  const { offset, sites, wc, cap } = rows
  let sumLambda = 0
  rho.fill(0)
  for (let i = 0; i < n; i++) {
    const li = lambda[i]
    sumLambda += li
    if (li > cap[i]) {
      const row = rows.extended(i)
      for (let t = 0; t < row.wc.length; t++) {
        const v = row.wc[t] - li
        if (v >= 0) break
        rho[row.sites[t]] += v
      }
      continue
    }
    const end = offset[i + 1]
    for (let t = offset[i]; t < end; t++) {
      const v = wc[t] - li
      if (v >= 0) break
      rho[sites[t]] += v
    }
  }
  const chosen = relaxedChoice(f, rho)
  let value = sumLambda
  for (const j of chosen) value += rho[j]
  return { value, chosen }
}

/** Each demand point's nearest and second-nearest distance among `open`. */
function twoNearest(inst: SitingInstance, open: readonly number[]) {
  const { n, cost } = inst
  const d1 = new Float64Array(n).fill(Infinity)
  const d2 = new Float64Array(n).fill(Infinity)
  for (const j of open) {
    for (let i = 0, o = j * n; i < n; i++) {
      const c = cost[o + i]
      if (c < d1[i]) {
        d2[i] = d1[i]
        d1[i] = c
      } else if (c < d2[i]) d2[i] = c
    }
  }
  return { d1, d2 }
}

/** Sites within this multiple of the starting multiplier's travel are sorted up front (see Rows). */
const REACH = 1.5
/**
 * Warm start: λ_i = w_i (d1_i + START_SHARE (d2_i - d1_i)), d1 and d2 the incumbent's nearest and
 * second-nearest open site. In the LP dual a point pays between its own site and the next one
 * (closing its site would cost it d2 - d1); starting half way cut the London instance's opening
 * gap from 38 % to 23 % and the iterations to 0.5 % from about 250 to under 100.
 */
const START_SHARE = 0.5
/** Polyak step factor at the start, halved after PATIENCE iterations without a better bound (tuned on London, p = 10). */
const THETA_START = 1.5
const PATIENCE = 10

/** Subgradient optimisation of L(λ), warm-started from the incumbent (see START_SHARE). */
export function lagrangianBound(
  inst: SitingInstance, f: Feasible, incumbent: { open: number[]; value: number },
  opts: {
    maxIterations: number
    deadline?: Deadline
    onIteration?: (iterations: number, bound: number, incumbent: number) => void
    /**
     * Asked once when `deadline` passes: a later deadline to go on until (e.g. when the bound is
     * all the certificate there will be, because no exhaustive search could follow), or null.
     */
    overtime?: (sofar: LagrangianResult, incumbent: number) => Deadline | null
  },
): LagrangianResult {
  const { n, cost, weight: w } = inst
  let ub = incumbent.value
  let improved: LagrangianResult['improved'] = null
  const { d1: start, d2 } = twoNearest(inst, incumbent.open)
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) lambda[i] = w[i] * (start[i] + (Number.isFinite(d2[i]) ? START_SHARE * (d2[i] - start[i]) : 0))
  const rho = new Float64Array(inst.m)
  const bestRho = new Float64Array(inst.m)
  const g = new Float64Array(n)
  let best = -Infinity
  let bestChosen: number[] = []
  let theta = THETA_START
  let sinceBest = 0
  let it = 0
  const reach = new Float64Array(n)
  for (let i = 0; i < n; i++) reach[i] = REACH * Math.max(start[i], lambda[i] / (w[i] || 1))
  const rows = new Rows(inst, f, reach)
  let deadline = opts.deadline
  let lastKey = ''
  let overtime = opts.overtime
  for (; it < opts.maxIterations; it++) {
    if (it > 0 && deadline?.expired) { // one evaluation always: a bound, however weak
      const later = overtime?.({ bound: best, rho: bestRho, chosen: bestChosen, iterations: it, improved }, ub) ?? null
      overtime = undefined
      if (!later || later.expired) break
      deadline = later
    }
    const r = evaluate(inst, f, rows, lambda, rho)
    if (best === -Infinity || r.value > best + 1e-12 * Math.max(1, Math.abs(best))) {
      best = r.value
      bestRho.set(rho)
      bestChosen = r.chosen
      sinceBest = 0
    } else if (++sinceBest >= PATIENCE) {
      theta /= 2
      sinceBest = 0
    }
    opts.onIteration?.(it + 1, best, ub)
    // Lagrangian heuristic: the relaxed site choice is itself a feasible set of sites (each set
    // valued once: late iterations mostly repeat the same choice)
    const key = [...r.chosen].sort((a, b) => a - b).join(',')
    if (key !== lastKey) {
      lastKey = key
      const v = aggregateValue(inst, nearest(inst, r.chosen).dist, 'sum')
      if (v < ub - 1e-12 * Math.max(1, ub)) {
        ub = v
        improved = { open: [...r.chosen], value: v }
      }
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
    // λ_i above every w_i c_ij only lowers L (each of the >= 1 chosen sites gives the excess back
    // once, Σλ took it once), so the step is projected onto [0, w_i max_j c_ij]: never a weaker
    // bound, and on 0/1 coverage costs the scans stay within the covering sites
    const { top } = rows
    for (let i = 0; i < n; i++) {
      const x = lambda[i] + step * g[i]
      lambda[i] = x > 0 ? (x < top[i] ? x : top[i]) : 0
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
