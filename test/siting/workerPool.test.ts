/**
 * The solver pool on its own: a worker gives exactly the answer the same solve gives in this
 * thread (same seed, same sites, value and bound), reports progress on a London-sized instance,
 * passes input errors back as SitingInputError, and queues beyond its size.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { prng, SitingInputError, type SitingInstance, type SolveProgress } from '../../server/siting/instance'
import { solve } from '../../server/siting/solve'
import { SolveCancelled, SolverPool } from '../../server/siting/workerPool'

/** Seeded random points in a 40 km square: n demand, m candidates, minutes at 4.8 km/h × 1.3. */
function synthetic(n: number, m: number, seed: number): SitingInstance {
  const rnd = prng(seed)
  const pts = (k: number) => Array.from({ length: k }, () => [rnd() * 40_000, rnd() * 40_000])
  const d = pts(n)
  const s = pts(m)
  const cost = new Float64Array(n * m)
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) cost[j * n + i] = (Math.hypot(s[j][0] - d[i][0], s[j][1] - d[i][1]) * 1.3 * 60) / 4800
  return { n, m, weight: Float64Array.from({ length: n }, () => Math.floor(rnd() * 200)), cost }
}

describe('solver pool (worker threads)', () => {
  const pool = new SolverPool({ size: 2 })
  afterAll(() => pool.close())

  it('gives the same answer as solving in this thread, for the same seed', async () => {
    const inst = synthetic(300, 60, 5)
    for (const objective of ['p-median', 'coverage', 'p-center'] as const) {
      for (const seed of [1, 99]) {
        const options = { objective, seed, threshold: 20, exact: false, timeLimitMs: 60_000 }
        const c = { p: 6, onePerGroup: false, fixed: [3], excluded: [7, 8] }
        const here = solve(inst, c, options)
        const there = await pool.run({ instance: inst, constraints: c, options }).result
        expect({ ...there, stats: { ...there.stats, ms: 0 } }, `${objective} seed ${seed}`).toEqual({ ...here, stats: { ...here.stats, ms: 0 } })
      }
    }
    expect(inst.cost.length).toBe(300 * 60) // the caller's matrix was copied, not transferred away
  })

  it('reports progress on a London-sized instance (4,994 areas, 600 candidates, p = 10)', async () => {
    const inst = synthetic(4994, 600, 11)
    const seen: SolveProgress[] = []
    const r = await pool.run({ instance: inst, constraints: { p: 10, onePerGroup: false, fixed: [], excluded: [] }, options: { objective: 'p-median', timeLimitMs: 3000 } }, (p) => seen.push(p)).result
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.some((p) => p.phase === 'heuristic' && p.best !== null)).toBe(true)
    expect(seen.some((p) => p.phase === 'bound' && p.bound !== null && p.gap !== null)).toBe(true)
    const fractions = seen.map((p) => p.fraction)
    expect(fractions.every((f) => f > 0 && f <= 1)).toBe(true)
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(r.open).toHaveLength(10)
    expect(r.bound).toBeLessThanOrEqual(r.value)
  }, 30_000)

  it('passes input errors back as SitingInputError, and cancels queued and running tasks', async () => {
    const inst = synthetic(20, 5, 1)
    await expect(pool.run({ instance: inst, constraints: { p: 9, onePerGroup: false, fixed: [], excluded: [] }, options: {} }).result)
      .rejects.toThrow(SitingInputError)
    const long = synthetic(3000, 400, 2)
    const task = { instance: long, constraints: { p: 12, onePerGroup: false, fixed: [], excluded: [] }, options: { objective: 'p-median' as const, timeLimitMs: 20_000 } }
    const handles = [pool.run(task), pool.run(task), pool.run(task)]
    expect(pool.stats).toMatchObject({ busy: 2, queued: 1 })
    expect(handles[2].cancel()).toBe(true)
    await expect(handles[2].result).rejects.toThrow(SolveCancelled)
    expect(handles[0].cancel()).toBe(true)
    expect(handles[1].cancel()).toBe(true)
    await expect(handles[0].result).rejects.toThrow(SolveCancelled)
    await expect(handles[1].result).rejects.toThrow(SolveCancelled)
    expect(handles[0].cancel()).toBe(false)
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0 })
    // a fresh worker takes the next task
    const ok = await pool.run({ instance: inst, constraints: { p: 2, onePerGroup: false, fixed: [], excluded: [] }, options: {} }).result
    expect(ok.open).toHaveLength(2)
  }, 30_000)
})
