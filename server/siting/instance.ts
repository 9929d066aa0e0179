/**
 * A location-allocation instance as the solvers see it: demand points i = 0..n-1 with weights,
 * candidate sites j = 0..m-1, and one travel cost per pair. Pure data and helpers: no database, no
 * HTTP. Costs are stored candidate-major (`cost[j * n + i]`) because every solver loop walks one
 * candidate's column of demand points.
 */
import type { Objective } from './objectives'

export type { Objective }

export interface SitingInstance {
  /** demand points */
  n: number
  /** candidate sites */
  m: number
  /** demand weights (>= 0) */
  weight: Float64Array
  /** travel cost in minutes, candidate-major: cost[j * n + i] */
  cost: Float64Array
  /** each candidate's group (e.g. locality index) or -1 for none; needed for onePerGroup */
  group?: Int32Array
  /** number of groups (group ids are 0..groupCount-1) */
  groupCount?: number
}

export interface SitingConstraints {
  /** sites to open, fixed ones included (in onePerGroup mode it must equal groupCount) */
  p: number
  /** exactly one open site in each group; candidates without a group cannot be chosen */
  onePerGroup: boolean
  /** candidate indices that are always open */
  fixed: number[]
  /** candidate indices that are never open */
  excluded: number[]
}

export interface SolveOptions {
  objective: Objective
  /** coverage: a demand point is covered when its nearest open site is within this many minutes */
  threshold: number
  /** PRNG seed: the same inputs and seed give the same answer */
  seed: number
  /** wall-clock budget for the whole solve */
  timeLimitMs: number
  /** random restarts of vertex substitution after the greedy start */
  restarts: number
  /** allow branch and bound to prove optimality (default true) */
  exact: boolean
  /**
   * Called as the solve goes (at most every `progressEveryMs`, see solve.ts): restarts done, the
   * incumbent, the best bound. Functions do not cross a worker boundary: the worker sets its own.
   */
  onProgress?: ProgressFn
}

/** A snapshot of a running solve, in the objective's own units (coverage: covered weight). */
export interface SolveProgress {
  phase: 'heuristic' | 'bound' | 'search'
  /** rough share of the work done, 0-1: heuristic to 0.3, Lagrangian bound to 0.85, branch and bound to 0.99 */
  fraction: number
  message: string
  best: number | null
  bound: number | null
  gap: number | null
}

export type ProgressFn = (p: SolveProgress) => void

export const defaultSolveOptions: SolveOptions = {
  objective: 'p-median',
  threshold: 15,
  seed: 1,
  timeLimitMs: 5000,
  restarts: 8,
  exact: true,
}

export type SolveStatus = 'optimal' | 'feasible'

export interface SolveResult {
  /** open candidate indices, ascending */
  open: number[]
  /** the objective's value (OBJECTIVES[objective].value says what it measures) */
  value: number
  /** proven bound on the optimum: lower for objectives that minimise, upper for those that maximise */
  bound: number
  /** |value - bound| / |value| (0 when optimal) */
  gap: number
  status: SolveStatus
  /** how the answer and its bound were obtained, in words */
  method: string
  /** branch-and-bound nodes, Lagrangian iterations and heuristic restarts, for the record */
  stats: { nodes: number; lagrangianIterations: number; restarts: number; ms: number; timedOut: boolean }
}

/** A problem the caller can fix (p too large, a fixed site excluded, ...). */
export class SitingInputError extends Error {
  constructor(message: string, public readonly path: string = 'body') {
    super(message)
    this.name = 'SitingInputError'
  }
}

/** mulberry32: a small, fast, seedable PRNG (the restarts must be reproducible). */
export function prng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Deadline {
  private readonly end: number
  constructor(ms: number, private readonly start = performance.now()) {
    this.end = start + ms
  }
  get expired(): boolean {
    return performance.now() > this.end
  }
  get elapsed(): number {
    return performance.now() - this.start
  }
  /** fraction of the budget that may still be spent, capped at `share` of the whole */
  remaining(): number {
    return Math.max(0, this.end - performance.now())
  }
}

/** The candidates that may be chosen, and the structure the solvers branch on. */
export interface Feasible {
  /** 1 when candidate j may be open */
  allowed: Uint8Array
  fixed: number[]
  /** free (non-fixed) picks still to make */
  picks: number
  /** onePerGroup: for each group still open to choice, its allowed non-fixed candidates */
  groups: number[][] | null
  /** free mode: allowed non-fixed candidates */
  pool: number[]
}

/** Checks constraints against an instance and derives what the solvers need. Throws SitingInputError. */
export function feasibility(inst: SitingInstance, c: SitingConstraints): Feasible {
  const { m } = inst
  const seen = (xs: number[], what: string) => {
    for (const j of xs) if (!Number.isInteger(j) || j < 0 || j >= m) throw new SitingInputError(`${what} site index ${j} is not a candidate`)
  }
  seen(c.fixed, 'fixed')
  seen(c.excluded, 'excluded')
  const excluded = new Set(c.excluded)
  const fixed = [...new Set(c.fixed)].sort((a, b) => a - b)
  const both = fixed.filter((j) => excluded.has(j))
  if (both.length) throw new SitingInputError(`site ${both[0]} is both fixed and excluded`)
  const allowed = new Uint8Array(m)
  for (let j = 0; j < m; j++) allowed[j] = excluded.has(j) ? 0 : 1
  if (c.onePerGroup) {
    const G = inst.groupCount ?? 0
    if (!inst.group || G < 1) throw new SitingInputError('one site per group needs candidates assigned to groups')
    for (let j = 0; j < m; j++) if (inst.group[j] < 0) allowed[j] = 0
    const fixedIn = new Map<number, number>()
    for (const j of fixed) {
      const g = inst.group[j]
      if (g < 0) throw new SitingInputError(`fixed site ${j} lies in no group, so it cannot count as any group's site`)
      if (fixedIn.has(g)) throw new SitingInputError(`fixed sites ${fixedIn.get(g)} and ${j} are in the same group; only one site per group is allowed`)
      fixedIn.set(g, j)
    }
    const groups: number[][] = []
    for (let g = 0; g < G; g++) {
      if (fixedIn.has(g)) continue
      const members: number[] = []
      for (let j = 0; j < m; j++) if (allowed[j] && inst.group[j] === g) members.push(j)
      if (!members.length) throw new SitingInputError(`group ${g} has no candidate site`)
      groups.push(members)
    }
    return { allowed, fixed, picks: groups.length, groups, pool: groups.flat() }
  }
  if (!Number.isInteger(c.p) || c.p < 1) throw new SitingInputError(`p must be a positive integer (got ${c.p})`)
  if (fixed.length > c.p) throw new SitingInputError(`${fixed.length} fixed sites but p = ${c.p}`)
  const fixedSet = new Set(fixed)
  const pool: number[] = []
  for (let j = 0; j < m; j++) if (allowed[j] && !fixedSet.has(j)) pool.push(j)
  const picks = c.p - fixed.length
  if (picks > pool.length) throw new SitingInputError(`p = ${c.p} but only ${pool.length + fixed.length} candidate sites are available`)
  return { allowed, fixed, picks, groups: null, pool }
}

/** Nearest-open-site distance of every demand point. */
export function nearest(inst: SitingInstance, open: readonly number[]): { dist: Float64Array; site: Int32Array } {
  const { n, cost } = inst
  const dist = new Float64Array(n).fill(Infinity)
  const site = new Int32Array(n).fill(-1)
  for (const j of open) {
    const o = j * n
    for (let i = 0; i < n; i++) {
      const c = cost[o + i]
      if (c < dist[i] || (c === dist[i] && j < site[i])) {
        dist[i] = c
        site[i] = j
      }
    }
  }
  return { dist, site }
}

export const relGap = (value: number, bound: number) => {
  const d = Math.abs(value - bound)
  return d <= 1e-9 * Math.max(1, Math.abs(value)) ? 0 : d / Math.max(Math.abs(value), 1e-12)
}
