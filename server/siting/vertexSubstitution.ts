/**
 * Starting solutions (greedy, random) and Teitz-Bart vertex substitution: try each closed candidate
 * in turn against every open site it may replace, keep the best swap if it improves, and stop after
 * a full cycle of candidates brings no improvement (Teitz & Bart 1968). Each candidate is scored in
 * O(n + p) with the nearest and second-nearest open site of every demand point (Whitaker 1983's
 * fast interchange), so a cycle costs O(n m).
 *
 * `kind: 'sum'` minimises Σ w_i d_i (p-median; coverage on 0/1 costs), `kind: 'max'` minimises the
 * worst d_i over demand points with weight > 0 (p-center).
 */
import type { Deadline, Feasible, SitingInstance } from './instance'

export type Aggregate = 'sum' | 'max'

interface Assignment {
  d1: Float64Array
  d2: Float64Array
  /** position (in the open list) of each demand point's nearest open site */
  c1: Int32Array
}

function assign(inst: SitingInstance, open: number[]): Assignment {
  const { n, cost } = inst
  const d1 = new Float64Array(n).fill(Infinity)
  const d2 = new Float64Array(n).fill(Infinity)
  const c1 = new Int32Array(n).fill(-1)
  open.forEach((j, pos) => {
    const o = j * n
    for (let i = 0; i < n; i++) {
      const c = cost[o + i]
      if (c < d1[i]) {
        d2[i] = d1[i]
        d1[i] = c
        c1[i] = pos
      } else if (c < d2[i]) d2[i] = c
    }
  })
  return { d1, d2, c1 }
}

export function aggregateValue(inst: SitingInstance, d: Float64Array, kind: Aggregate): number {
  const w = inst.weight
  let v = 0
  if (kind === 'sum') for (let i = 0; i < inst.n; i++) v += w[i] === 0 ? 0 : w[i] * d[i]
  else for (let i = 0; i < inst.n; i++) if (w[i] > 0 && d[i] > v) v = d[i]
  return v
}

/** Value of adding candidate j to sites whose nearest distances are d. */
function addValue(inst: SitingInstance, d: Float64Array, j: number, kind: Aggregate): number {
  const { n, cost, weight: w } = inst
  const o = j * n
  let v = 0
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue
    const c = cost[o + i] < d[i] ? cost[o + i] : d[i]
    if (kind === 'sum') v += w[i] * c
    else if (c > v) v = c
  }
  return v
}

/**
 * Greedy: open the fixed sites, then repeatedly the candidate that improves the objective most.
 * For sums a candidate's saving can only shrink as more sites open (diminishing returns), so its
 * last computed saving is an upper bound on its saving now: candidates are re-evaluated lazily,
 * largest stale saving first, and the scan stops once no stale saving can match the best fresh
 * one (Minoux's accelerated greedy). Same choice as the plain scan, ties to the earlier option.
 */
export function greedyStart(inst: SitingInstance, f: Feasible, kind: Aggregate): number[] {
  const open = [...f.fixed]
  const d = new Float64Array(inst.n).fill(Infinity)
  for (const j of open) for (let i = 0; i < inst.n; i++) d[i] = Math.min(d[i], inst.cost[j * inst.n + i])
  const usedGroup = new Set<number>()
  /** saving of each candidate when last evaluated */
  const saving = new Map<number, number>()
  for (let k = 0; k < f.picks; k++) {
    let best = -1
    let bestV = Infinity
    const options = (f.groups ? f.groups.filter((_, g) => !usedGroup.has(g)).flat() : f.pool).filter((j) => !open.includes(j))
    const cur = aggregateValue(inst, d, kind)
    const lazy = kind === 'sum' && Number.isFinite(cur) && options.every((j) => saving.has(j))
    const order = options.map((_, t) => t)
    if (lazy) order.sort((a, b) => saving.get(options[b])! - saving.get(options[a])! || a - b)
    let bestT = -1
    for (const t of order) {
      const j = options[t]
      // fresh saving <= stale saving < the best fresh saving (a margin for rounding): j cannot win
      if (lazy && saving.get(j)! < cur - bestV - 1e-9 * Math.max(1, cur)) break
      const v = addValue(inst, d, j, kind)
      saving.set(j, cur - v)
      if (v < bestV || (v === bestV && t < bestT)) {
        bestV = v
        best = j
        bestT = t
      }
    }
    if (best < 0) best = options[0]
    open.push(best)
    if (f.groups) usedGroup.add(f.groups.findIndex((g) => g.includes(best)))
    for (let i = 0; i < inst.n; i++) d[i] = Math.min(d[i], inst.cost[best * inst.n + i])
  }
  return open
}

/** A random feasible start (seeded by the caller's PRNG). */
export function randomStart(f: Feasible, rnd: () => number): number[] {
  if (f.groups) return [...f.fixed, ...f.groups.map((g) => g[Math.floor(rnd() * g.length)])]
  const pool = [...f.pool]
  for (let k = 0; k < f.picks; k++) {
    const r = k + Math.floor(rnd() * (pool.length - k))
    ;[pool[k], pool[r]] = [pool[r], pool[k]]
  }
  return [...f.fixed, ...pool.slice(0, f.picks)]
}

/**
 * Teitz-Bart vertex substitution from `start` until no swap improves (or the deadline passes).
 * Fixed sites are never swapped out; with groups a candidate may only replace its group's site.
 */
export function substitute(
  inst: SitingInstance, f: Feasible, kind: Aggregate, start: number[], deadline?: Deadline,
): { open: number[]; value: number; swaps: number } {
  const { n, cost, weight: w } = inst
  const open = [...start]
  const p = open.length
  const isFixed = new Set(f.fixed)
  const posOf = new Int32Array(inst.m).fill(-1)
  open.forEach((j, pos) => (posOf[j] = pos))
  let a = assign(inst, open)
  let value = aggregateValue(inst, a.d1, kind)
  const loss = new Float64Array(p)
  const maxA = new Float64Array(p)
  const pool = f.pool
  let sinceImprovement = 0
  let swaps = 0
  let t = 0
  if (!pool.length || f.picks === 0) return { open, value, swaps }
  while (sinceImprovement < pool.length) {
    if ((t & 63) === 0 && deadline?.expired) break
    const j = pool[t++ % pool.length]
    sinceImprovement++
    if (posOf[j] >= 0) continue
    const o = j * n
    const gj = f.groups ? inst.group![j] : -1
    let bestPos = -1
    let bestV = value
    if (kind === 'sum') {
      loss.fill(0)
      let gain = 0
      for (let i = 0; i < n; i++) {
        const wi = w[i]
        if (wi === 0) continue
        const c = cost[o + i]
        if (c < a.d1[i]) gain += wi * (a.d1[i] - c)
        else loss[a.c1[i]] += wi * ((c < a.d2[i] ? c : a.d2[i]) - a.d1[i])
      }
      for (let r = 0; r < p; r++) {
        if (isFixed.has(open[r]) || (gj >= 0 && inst.group![open[r]] !== gj)) continue
        const v = value - gain + loss[r]
        if (v < bestV - 1e-12 * Math.max(1, Math.abs(value))) {
          bestV = v
          bestPos = r
        }
      }
    } else {
      maxA.fill(0)
      loss.fill(0) // here: worst distance of the points that lose site r, if r closes
      for (let i = 0; i < n; i++) {
        if (w[i] === 0) continue
        const c = cost[o + i]
        const r = a.c1[i]
        const stay = c < a.d1[i] ? c : a.d1[i]
        if (stay > maxA[r]) maxA[r] = stay
        const moved = c < a.d2[i] ? c : a.d2[i]
        if (moved > loss[r]) loss[r] = moved
      }
      let top1 = 0
      let top1Pos = -1
      let top2 = 0
      for (let r = 0; r < p; r++) {
        if (maxA[r] > top1) {
          top2 = top1
          top1 = maxA[r]
          top1Pos = r
        } else if (maxA[r] > top2) top2 = maxA[r]
      }
      for (let r = 0; r < p; r++) {
        if (isFixed.has(open[r]) || (gj >= 0 && inst.group![open[r]] !== gj)) continue
        const others = r === top1Pos ? top2 : top1
        const v = others > loss[r] ? others : loss[r]
        if (v < bestV - 1e-12 * Math.max(1, value)) {
          bestV = v
          bestPos = r
        }
      }
    }
    if (bestPos >= 0) {
      posOf[open[bestPos]] = -1
      open[bestPos] = j
      posOf[j] = bestPos
      a = assign(inst, open)
      value = aggregateValue(inst, a.d1, kind)
      sinceImprovement = 0
      swaps++
    }
  }
  return { open, value, swaps }
}
