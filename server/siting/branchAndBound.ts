/**
 * Exact search by branch and bound over which sites to open. Each node holds the nearest-site
 * distance of every demand point for the sites chosen so far. Children are tried best first; after
 * a child is explored its site is forbidden to later siblings, so every set is visited once.
 *
 * Bounds, for `sum` (p-median, and coverage as a p-median on 0/1 costs):
 *  - reach: every demand point at best reaches the nearest still-available site;
 *  - submodular: opening k more sites saves at most the k largest single-site savings (the
 *    facility-location objective is supermodular), so value >= current - Σ top-k savings.
 * For `max` (p-center): the worst-served demand point must get a site closer than the incumbent,
 * so only such sites are branched on (the classic p-center enumeration), plus the reach bound.
 */
import type { Deadline, Feasible, SitingInstance } from './instance'
import type { Aggregate } from './vertexSubstitution'

export interface SearchResult {
  open: number[]
  value: number
  /** false when the deadline stopped the search: the incumbent is then not proven optimal */
  complete: boolean
  nodes: number
}

interface Node {
  d: Float64Array
  chosen: number[]
  /** free mode: sites still allowed; group mode: one list per group still to choose */
  remaining: number[] | number[][]
  picks: number
}

export function branchAndBound(
  inst: SitingInstance, f: Feasible, kind: Aggregate, incumbent: { open: number[]; value: number },
  opts: { skip?: Set<number>; deadline?: Deadline; onNodes?: (nodes: number, incumbent: number) => void } = {},
): SearchResult {
  const { n, cost, weight: w } = inst
  let best = incumbent.value
  let bestOpen = [...incumbent.open]
  let nodes = 0
  let complete = true
  const tol = () => 1e-9 * Math.max(1, Math.abs(best))
  const keep = (j: number) => !opts.skip?.has(j)

  const d0 = new Float64Array(n).fill(Infinity)
  for (const j of f.fixed) for (let i = 0; i < n; i++) if (cost[j * n + i] < d0[i]) d0[i] = cost[j * n + i]

  const valueOf = (d: Float64Array) => {
    let v = 0
    if (kind === 'sum') for (let i = 0; i < n; i++) v += w[i] * d[i]
    else for (let i = 0; i < n; i++) if (d[i] > v) v = d[i]
    return v
  }
  const withSite = (d: Float64Array, j: number) => {
    const o = j * n
    const nd = new Float64Array(n)
    for (let i = 0; i < n; i++) nd[i] = cost[o + i] < d[i] ? cost[o + i] : d[i]
    return nd
  }
  /** fill the remaining picks arbitrarily: opening more sites never worsens either objective */
  const complete1 = (node: Node): number[] => {
    if (f.groups) return [...node.chosen, ...(node.remaining as number[][]).map((g) => g[0])]
    return [...node.chosen, ...(node.remaining as number[]).slice(0, node.picks)]
  }
  const consider = (open: number[], v: number) => {
    if (v < best - tol()) {
      best = v
      bestOpen = [...open]
    }
  }

  const visit = (node: Node): void => {
    nodes++
    if ((nodes & 255) === 0) {
      if (opts.deadline?.expired) complete = false
      opts.onNodes?.(nodes, best)
    }
    if (!complete) return
    const { d, picks } = node
    const cur = valueOf(d)
    if (kind === 'max' && Number.isFinite(cur)) {
      const filled = complete1(node)
      if (cur < best - tol()) consider(filled, valueOf(filled.slice(node.chosen.length).reduce((x, j) => withSite(x, j), d)))
    }
    if (picks === 0) {
      consider(node.chosen, cur)
      return
    }
    const groups = f.groups ? (node.remaining as number[][]) : null
    const options = groups ? groups[0] : (node.remaining as number[])
    const all = groups ? groups.flat() : options
    if (all.length < picks) return

    // One pass over the available sites: value after adding each, and the reach bound.
    const reach = new Float64Array(d)
    const after = new Float64Array(all.length)
    for (let t = 0; t < all.length; t++) {
      const o = all[t] * n
      let v = 0
      for (let i = 0; i < n; i++) {
        const c = cost[o + i]
        const x = c < d[i] ? c : d[i]
        if (c < reach[i]) reach[i] = c
        if (kind === 'sum') v += w[i] * x
        else if (x > v) v = x
      }
      after[t] = v
    }
    const reachBound = valueOf(reach)
    if (reachBound >= best - tol()) return
    if (kind === 'sum' && Number.isFinite(cur) && picks > 1) {
      const savings = Array.from(after, (v) => cur - v)
      let total = 0
      if (groups) {
        let t = 0
        for (const g of groups) {
          let s = 0
          for (let k = 0; k < g.length; k++, t++) s = Math.max(s, savings[t])
          total += s
        }
      } else {
        savings.sort((a, b) => b - a)
        for (let k = 0; k < picks; k++) total += savings[k]
      }
      if (cur - total >= best - tol()) return
    }

    let order: number[]
    if (kind === 'max') {
      let worst = -1
      for (let i = 0; i < n; i++) if (worst < 0 || d[i] > d[worst]) worst = i
      // The worst-served point must be served better than the incumbent: branch on the sites that can.
      order = []
      for (let t = 0; t < all.length; t++) if (cost[all[t] * n + worst] < best - tol()) order.push(t)
    } else {
      order = options.map((_, t) => t)
    }
    order.sort((a, b) => after[a] - after[b] || all[a] - all[b])
    if (kind === 'sum' && picks === 1) {
      if (order.length) consider([...node.chosen, all[order[0]]], after[order[0]])
      return
    }
    const forbidden = new Set<number>()
    for (const t of order) {
      const j = all[t]
      let remaining: number[] | number[][]
      if (groups) {
        const gi = groups.findIndex((g) => g.includes(j))
        remaining = groups.filter((_, k) => k !== gi).map((g) => g.filter((x) => !forbidden.has(x)))
        if ((remaining as number[][]).some((g) => g.length === 0)) {
          forbidden.add(j)
          continue
        }
      } else {
        remaining = options.filter((x) => x !== j && !forbidden.has(x))
      }
      visit({ d: withSite(d, j), chosen: [...node.chosen, j], remaining, picks: picks - 1 })
      if (!complete) return
      forbidden.add(j)
    }
  }

  const remaining = f.groups ? f.groups.map((g) => g.filter(keep)) : f.pool.filter(keep)
  if (f.groups && (remaining as number[][]).some((g) => g.length === 0)) return { open: bestOpen, value: best, complete, nodes }
  visit({ d: d0, chosen: [...f.fixed], remaining, picks: f.picks })
  return { open: bestOpen, value: best, complete, nodes }
}
