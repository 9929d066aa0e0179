/**
 * The pure solvers against brute force on small random instances: every objective, free p and one
 * site per group, with fixed and excluded sites; the Lagrangian bound never exceeds the optimum;
 * the same seed gives the same answer.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bruteForce } from '../../server/siting/bruteForce'
import { feasibility, SitingInputError, type SitingConstraints, type SitingInstance } from '../../server/siting/instance'
import { objectiveValue, type Objective } from '../../server/siting/objectives'
import { lagrangianBound } from '../../server/siting/lagrangian'
import { coverageCosts } from '../../server/siting/coverage'
import { pairBound } from '../../server/siting/pcenter'
import { solve } from '../../server/siting/solve'
import { CERTIFIED_GAP, certificateWords, notCertifiedWords } from '../../server/siting/certificate'

interface Case {
  inst: SitingInstance
  c: SitingConstraints
}

const caseArb = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    m: fc.integer({ min: 1, max: 9 }),
    groups: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    integerCosts: fc.boolean(),
    zeroWeights: fc.boolean(),
    pShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain((r) =>
    fc.record({
      r: fc.constant(r),
      xs: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: (r.n + r.m) * 2, maxLength: (r.n + r.m) * 2 }),
      w: fc.array(fc.integer({ min: r.zeroWeights ? 0 : 1, max: 9 }), { minLength: r.n, maxLength: r.n }),
      g: fc.array(fc.integer({ min: -1, max: Math.max(0, r.groups - 1) }), { minLength: r.m, maxLength: r.m }),
      fixed: fc.uniqueArray(fc.integer({ min: 0, max: r.m - 1 }), { maxLength: 2 }),
      excluded: fc.uniqueArray(fc.integer({ min: 0, max: r.m - 1 }), { maxLength: 3 }),
    }),
  )
  .map(({ r, xs, w, g, fixed, excluded }): Case => {
    const pt = (k: number) => [xs[2 * k], xs[2 * k + 1]]
    const cost = new Float64Array(r.m * r.n)
    for (let j = 0; j < r.m; j++) {
      for (let i = 0; i < r.n; i++) {
        const [a, b] = pt(i)
        const [x, y] = pt(r.n + j)
        const dist = Math.hypot(a - x, b - y)
        cost[j * r.n + i] = r.integerCosts ? Math.round(dist / 3) : dist
      }
    }
    const onePerGroup = r.groups > 0
    const inst: SitingInstance = { n: r.n, m: r.m, weight: Float64Array.from(w), cost, group: onePerGroup ? Int32Array.from(g) : undefined, groupCount: onePerGroup ? r.groups : undefined }
    const p = onePerGroup ? r.groups : 1 + Math.floor(r.pShare * Math.min(r.m, 4))
    return { inst, c: { p, onePerGroup, fixed: fixed.filter((j) => !excluded.includes(j)), excluded } }
  })
  .filter(({ inst, c }) => {
    try {
      feasibility(inst, c)
      return true
    } catch (e) {
      if (e instanceof SitingInputError) return false
      throw e
    }
  })

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))

describe.each<[Objective, number]>([['p-median', 0], ['coverage', 7], ['p-center', 0]])('%s solver', (objective, threshold) => {
  it('finds the brute-force optimum with fixed, excluded and one-per-group constraints, and says "optimal"', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, c }) => {
        const brute = bruteForce(inst, c, objective, threshold)
        const r = solve(inst, c, { objective, threshold, timeLimitMs: 10_000 })
        expect(r.status).toBe('optimal')
        expect(close(r.value, brute.value)).toBe(true)
        // the reported value is the value of the reported sites
        expect(close(objectiveValue(inst, r.open, objective, threshold), r.value)).toBe(true)
        for (const j of c.fixed) expect(r.open).toContain(j)
        for (const j of c.excluded) expect(r.open).not.toContain(j)
        if (c.onePerGroup) {
          expect(r.open.map((j) => inst.group![j]).sort()).toEqual(Array.from({ length: inst.groupCount! }, (_, g) => g))
        } else expect(r.open).toHaveLength(c.p)
      }),
      { numRuns: 300, seed: 20261126 },
    )
  })

  it('finds the optimum with heuristics plus branch and bound when the bound alone does not close the gap', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, c }) => {
        const brute = bruteForce(inst, c, objective, threshold)
        const r = solve(inst, c, { objective, threshold, restarts: 0, timeLimitMs: 10_000 })
        expect(close(r.value, brute.value)).toBe(true)
      }),
      { numRuns: 150, seed: 7 },
    )
  })
})

describe('Lagrangian relaxation', () => {
  it('never bounds above the optimum (p-median and coverage as 0/1 p-median)', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 10 }), ({ inst, c }, t) => {
        const f = feasibility(inst, c)
        for (const x of [inst, coverageCosts(inst, t)]) {
          const brute = bruteForce(x, c, 'p-median')
          // start from a deliberately poor incumbent: the bound must still stay below the optimum
          const start = [...f.fixed, ...(f.groups ? f.groups.map((g) => g.at(-1)!) : f.pool.slice(-f.picks))].slice(0, f.fixed.length + f.picks)
          const lr = lagrangianBound(x, f, { open: start, value: objectiveValue(x, start, 'p-median', 0) }, { maxIterations: 100 })
          expect(lr.bound).toBeLessThanOrEqual(brute.value + 1e-6 * Math.max(1, brute.value))
        }
      }),
      { numRuns: 200, seed: 42 },
    )
  })
})

describe('p-center pigeonhole bound', () => {
  it('never exceeds the brute-force optimum, and beats the nearest-site bound on spread-out points', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, c }) => {
        const keep = [...inst.weight.keys()].filter((i) => inst.weight[i] > 0)
        fc.pre(keep.length > 0)
        const n = keep.length
        const cost = new Float64Array(inst.m * n)
        for (let j = 0; j < inst.m; j++) keep.forEach((i, k) => (cost[j * n + k] = inst.cost[j * inst.n + i]))
        const sub: SitingInstance = { ...inst, n, weight: Float64Array.from(keep, (i) => inst.weight[i]), cost }
        const brute = bruteForce(sub, c, 'p-center')
        expect(pairBound(sub, feasibility(sub, c))).toBeLessThanOrEqual(brute.value + 1e-9)
      }),
      { numRuns: 300, seed: 99 },
    )
    // two clusters far apart, one site each between them: one site must serve both clusters
    const inst: SitingInstance = { n: 2, m: 2, weight: Float64Array.of(1, 1), cost: Float64Array.of(1, 9, 9, 1) }
    expect(pairBound(inst, feasibility(inst, { p: 1, onePerGroup: false, fixed: [], excluded: [] }))).toBe(9)
  })
})

describe('determinism', () => {
  it('returns identical answers for identical inputs and seeds', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom<Objective>('p-median', 'coverage', 'p-center'), fc.integer({ min: 1, max: 1000 }), ({ inst, c }, objective, seed) => {
        const a = solve(inst, c, { objective, seed, threshold: 5, exact: false })
        const b = solve(inst, c, { objective, seed, threshold: 5, exact: false })
        expect(a.open).toEqual(b.open)
        expect(a.value).toBe(b.value)
        expect(a.bound).toBe(b.bound)
      }),
      { numRuns: 100, seed: 3 },
    )
  })
})

describe('constraint errors', () => {
  const inst: SitingInstance = { n: 2, m: 3, weight: Float64Array.of(1, 1), cost: Float64Array.of(1, 2, 3, 4, 5, 6), group: Int32Array.of(0, 0, 1), groupCount: 2 }
  it.each<[string, SitingConstraints, RegExp]>([
    ['p larger than the candidates', { p: 4, onePerGroup: false, fixed: [], excluded: [] }, /only 3 candidate/],
    ['a site both fixed and excluded', { p: 2, onePerGroup: false, fixed: [1], excluded: [1] }, /both fixed and excluded/],
    ['more fixed sites than p', { p: 1, onePerGroup: false, fixed: [0, 1], excluded: [] }, /2 fixed sites but p = 1/],
    ['two fixed sites in one group', { p: 2, onePerGroup: true, fixed: [0, 1], excluded: [] }, /same group/],
    ['a group left without candidates', { p: 2, onePerGroup: true, fixed: [], excluded: [2] }, /group 1 has no candidate/],
  ])('rejects %s', (_, c, message) => {
    expect(() => solve(inst, c)).toThrow(message)
  })
})

describe('branch and bound alone', () => {
  it('reaches the brute-force optimum from a poor incumbent for sums (p-median, coverage) and the maximum (p-center)', async () => {
    const { branchAndBound } = await import('../../server/siting/branchAndBound')
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 8 }), ({ inst, c }, t) => {
        // zero weights are dropped before the solvers run; do the same here
        const keep = [...inst.weight.keys()].filter((i) => inst.weight[i] > 0)
        fc.pre(keep.length > 0)
        const n = keep.length
        const cost = new Float64Array(inst.m * n)
        for (let j = 0; j < inst.m; j++) keep.forEach((i, k) => (cost[j * n + k] = inst.cost[j * inst.n + i]))
        const sub: SitingInstance = { ...inst, n, weight: Float64Array.from(keep, (i) => inst.weight[i]), cost }
        const f = feasibility(sub, c)
        const poor = [...f.fixed, ...(f.groups ? f.groups.map((g) => g.at(-1)!) : f.pool.slice(f.pool.length - f.picks))]
        for (const [x, kind, objective] of [[sub, 'sum', 'p-median'], [coverageCosts(sub, t), 'sum', 'p-median'], [sub, 'max', 'p-center']] as const) {
          const brute = bruteForce(x, c, objective)
          const r = branchAndBound(x, f, kind, { open: poor, value: objectiveValue(x, poor, objective, 0) })
          expect(r.complete).toBe(true)
          expect(close(r.value, brute.value)).toBe(true)
          expect(close(objectiveValue(x, r.open, objective, 0), r.value)).toBe(true)
        }
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})

describe('certificate', () => {
  /** a random plane instance too large to settle in a millisecond: n demand points, m candidates */
  const plane = (n: number, m: number, seed: number): SitingInstance => {
    let a = seed
    const rnd = () => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pts = Array.from({ length: n + m }, () => [rnd() * 1000, rnd() * 1000])
    const cost = new Float64Array(n * m)
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) cost[j * n + i] = Math.hypot(pts[i][0] - pts[n + j][0], pts[i][1] - pts[n + j][1])
    return { n, m, weight: Float64Array.from({ length: n }, () => 1 + Math.floor(rnd() * 9)), cost }
  }

  it('says "not certified: gap X% > 0.50%" when the time limit stops the bound short, and still gives a finite bound', () => {
    const inst = plane(3000, 300, 5)
    for (const objective of ['p-median', 'coverage'] as Objective[]) {
      const r = solve(inst, { p: 10, onePerGroup: false, fixed: [], excluded: [] }, { objective, threshold: 100, timeLimitMs: 1 })
      expect(Number.isFinite(r.bound)).toBe(true)
      expect(r.gap).toBeGreaterThan(CERTIFIED_GAP)
      const words = `not certified: gap ${(r.gap * 100).toFixed(2)}% > 0.50%`
      expect(r.method).toContain(words)
      expect(certificateWords(r)).toMatch(new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `))
    }
  })

  it('calls an answer certified when proven optimal or within 0.5 %, and never says "not certified" then', () => {
    expect(notCertifiedWords({ status: 'optimal', gap: 0 })).toBeNull()
    expect(certificateWords({ status: 'feasible', gap: 0.0049 })).toBe('a good answer, certified at most 0.49% short of the best possible')
    expect(notCertifiedWords({ status: 'feasible', gap: 0.0051 })).toBe('not certified: gap 0.51% > 0.50%')
    expect(notCertifiedWords({ status: 'feasible', gap: Infinity })).toBe('not certified: no bound within the time limit')
    // a solve that proves optimality says nothing of the kind
    const r = solve(plane(40, 8, 9), { p: 2, onePerGroup: false, fixed: [], excluded: [] }, { timeLimitMs: 10_000 })
    expect(r.status).toBe('optimal')
    expect(r.method).not.toContain('not certified')
  })
})
