/**
 * The sorted near-site rows the Lagrangian bound scans (see lagrangian.ts): built once per bound,
 * from the cost matrix and each point's reach.
 */
import type { Feasible, SitingInstance } from './instance'

/**
 * Each demand point's allowed sites sorted by weighted cost, held as w_i c_ij next to the site in
 * one flat array (row i at offset[i]..offset[i+1]) so the scan reads memory in order. ρ only
 * gathers terms where w_i c_ij < λ_i, so the scan of a point stops at its first site that is too
 * far. Only the sites within `reach` of a point are sorted up front (the multipliers rarely climb
 * far past the incumbent's travel); a point whose λ_i passes its reach gets its full row on
 * demand, so no term is ever missed.
 */
export class Rows {
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
