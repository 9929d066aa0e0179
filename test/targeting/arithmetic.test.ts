/**
 * The need index's arithmetic on cases small enough to check by hand: four areas, each method,
 * polarity, weights, missing values and stability. Pure functions: no database.
 */
import { describe, expect, it } from 'vitest'
import { combine, descendingRanks, normaliseWeights, type AreaInput } from '../../server/targeting/combine'
import { averageRanks, iodExponential, normalise, orient } from '../../server/targeting/normalise'
import { rankRanges, scenarios } from '../../server/targeting/stability'

const four: AreaInput[] = [
  { code: 'A', name: 'A', values: { x: 10, y: 4 } },
  { code: 'B', name: 'B', values: { x: 20, y: 3 } },
  { code: 'C', name: 'C', values: { x: 30, y: 2 } },
  { code: 'D', name: 'D', values: { x: 40, y: 1 } },
]

describe('normalisation on four areas', () => {
  it('rank: R = rank / N with 1 for the greatest need, ties sharing their average rank', () => {
    expect(normalise([10, 20, 30, 40], 'rank')).toEqual([0.25, 0.5, 0.75, 1])
    expect(normalise([40, 10, 30, 10], 'rank')).toEqual([1, 0.375, 0.75, 0.375]) // the two 10s share rank 1.5
    expect(averageRanks([3, 1, 2, 1])).toEqual([4, 1.5, 3, 1.5])
  })

  it('zscore: (x - mean) / population SD; mean 25, SD sqrt(125)', () => {
    const z = normalise([10, 20, 30, 40], 'zscore')
    const sd = Math.sqrt(125)
    expect(z.map((v) => +v.toFixed(9))).toEqual([-15 / sd, -5 / sd, 5 / sd, 15 / sd].map((v) => +v.toFixed(9)))
    expect(z[0]).toBeCloseTo(-1.341641, 6)
    expect(normalise([7, 7, 7, 7], 'zscore')).toEqual([0, 0, 0, 0])
  })

  it('exponential: the IoD transformation X = -23 ln(1 - R(1 - exp(-100/23))) of R = 0.25, 0.5, 0.75, 1', () => {
    const x = normalise([10, 20, 30, 40], 'exponential')
    // by hand: exp(-100/23) = 0.0129349; X(0.25) = -23 ln(1 - 0.25 x 0.9870651) = -23 ln(0.7532337)
    expect(x[0]).toBeCloseTo(6.5177, 4)
    expect(x[1]).toBeCloseTo(15.6468, 4)
    expect(x[2]).toBeCloseTo(31.0091, 4)
    expect(x[3]).toBeCloseTo(100, 9)
    expect(iodExponential(0)).toBeCloseTo(0, 12)
  })

  it('flips higher-better indicators so that higher = more need', () => {
    expect(orient([1, 2], 'higher-better')).toEqual([-1, -2])
    expect(normalise(orient([10, 20, 30, 40], 'higher-better'), 'rank')).toEqual([1, 0.75, 0.5, 0.25])
  })
})

describe('combination', () => {
  it('weights the normalised components and ranks 1 = greatest need, contributions summing to the index', () => {
    // x higher-worse, y higher-better: both say D is in greatest need
    const r = combine(four, [{ id: 'x', weight: 3, polarity: 'higher-worse' }, { id: 'y', weight: 1, polarity: 'higher-better' }], 'rank', 'exclude-area')
    expect(r.weights).toEqual([0.75, 0.25])
    const byCode = Object.fromEntries(r.areas.map((a) => [a.code, a]))
    expect(byCode.D.index).toBeCloseTo(1, 12)
    expect(byCode.A.index).toBeCloseTo(0.25, 12)
    expect(byCode.B.components.map((c) => c.contribution)).toEqual([0.75 * 0.5, 0.25 * 0.5])
    expect(r.areas.map((a) => [a.code, a.rank])).toEqual([['A', 4], ['B', 3], ['C', 2], ['D', 1]])
    for (const a of r.areas) expect(a.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(a.index, 12)
  })

  it('rescales weights that sum to anything: x10 gives the same index', () => {
    const a = combine(four, [{ id: 'x', weight: 2, polarity: 'higher-worse' }, { id: 'y', weight: 1, polarity: 'higher-worse' }], 'zscore', 'exclude-area')
    const b = combine(four, [{ id: 'x', weight: 20, polarity: 'higher-worse' }, { id: 'y', weight: 10, polarity: 'higher-worse' }], 'zscore', 'exclude-area')
    expect(b.areas).toEqual(a.areas)
    expect(normaliseWeights([2, 2, 4])).toEqual([0.25, 0.25, 0.5])
    expect(() => normaliseWeights([0, 0])).toThrow(RangeError)
  })

  it('exclude-area leaves out an area with a missing value and normalises among the rest', () => {
    const withGap = four.map((a) => (a.code === 'C' ? { ...a, values: { x: null, y: 2 } } : a))
    const r = combine(withGap, [{ id: 'x', weight: 1, polarity: 'higher-worse' }], 'rank', 'exclude-area')
    expect(r.excluded).toEqual([{ code: 'C', name: 'C', missing: ['x'] }])
    expect(r.areas.map((a) => [a.code, +a.index.toFixed(6)])).toEqual([['A', 0.333333], ['B', 0.666667], ['D', 1]])
  })

  it('mean-impute replaces a missing value by the mean of the others (not zero) and flags it', () => {
    const withGap = four.map((a) => (a.code === 'A' ? { ...a, values: { x: undefined, y: 4 } } : a))
    const r = combine(withGap, [{ id: 'x', weight: 1, polarity: 'higher-worse' }, { id: 'y', weight: 1, polarity: 'higher-worse' }], 'zscore', 'mean-impute')
    expect(r.excluded).toEqual([])
    const a = r.areas.find((x) => x.code === 'A')!
    expect(a.components[0]).toMatchObject({ raw: null, imputed: true })
    // imputed 30 = mean(20, 30, 40), the mean of all four, so its z-score is exactly 0: never treated as zero raw
    expect(a.components[0].normalised).toBeCloseTo(0, 12)
    expect(r.areas.find((x) => x.code === 'B')!.components[0].imputed).toBe(false)
  })

  it('competition ranks: equal indices share the best rank', () => {
    expect(descendingRanks([0.5, 0.9, 0.5, 0.1])).toEqual([2, 1, 2, 4])
  })
})

describe('stability', () => {
  const matrix = [
    [1.0, 0.25], // strong on x only
    [0.25, 1.0], // strong on y only
    [0.75, 0.5],
    [0.5, 0.75],
  ]
  it('lists each weight +/-20%, equal weights and leave-one-out, each summing to 1', () => {
    const s = scenarios(['x', 'y'], [0.5, 0.5])
    expect(s.map((x) => x.id)).toEqual(['x+20%', 'x-20%', 'y+20%', 'y-20%', 'equal', 'without-x', 'without-y'])
    for (const x of s) expect(x.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(s[0].weights[0]).toBeCloseTo(0.6 / 1.1, 12)
    expect(scenarios(['x'], [1]).map((x) => x.id)).toEqual(['x+20%', 'x-20%'])
  })

  it('gives each area its min and max rank, and the figures change when the weights change', () => {
    const even = rankRanges(matrix, [0.5, 0.5], scenarios(['x', 'y'], [0.5, 0.5]))
    // leaving y out puts row 0 first; leaving x out puts it last
    expect(even[0]).toEqual({ rankMin: 1, rankMax: 4, rankRange: 3 })
    // three components, so no single scenario decides every range
    const m3 = [
      [0.9, 0.1, 0.5], [0.2, 0.8, 0.6], [0.6, 0.6, 0.1], [0.5, 0.4, 0.9], [0.3, 0.3, 0.3], [0.7, 0.2, 0.4],
    ]
    const ids = ['x', 'y', 'z']
    const ranges = (w: number[]) => rankRanges(m3, normaliseWeights(w), scenarios(ids, normaliseWeights(w)))
    const a = ranges([1, 1, 1])
    const b = ranges([6, 1, 1])
    expect(b).not.toEqual(a)
    expect(a.map((r) => r.rankRange)).toEqual([4, 3, 4, 3, 1, 2])
    expect(b.map((r) => r.rankRange)).toEqual([4, 5, 2, 3, 1, 2])
    const single = rankRanges([[1], [0.5]], [1], scenarios(['x'], [1]))
    expect(single).toEqual([{ rankMin: 1, rankMax: 1, rankRange: 0 }, { rankMin: 2, rankMax: 2, rankRange: 0 }])
  })
})
