import { describe, expect, it } from 'vitest'
import type { CatalogueIndicator } from '../../client/src/api'
import { familyOf, layerFamilies, measureAtLevel, unavailableReason } from '../../client/src/layerFamilies'

// Hand-made descriptors with the shape of the real catalogue (ids are fixtures, not app ids).
type D = Pick<CatalogueIndicator, 'id' | 'title' | 'kind' | 'group' | 'available' | 'aggregate' | 'series'>
const all = ['lsoa21', 'ward', 'locality', 'borough'] as D['available']
const iod = (p: string, name: string, group: D['group']): D[] => [
  { id: `${p}_score`, title: `${name}: score`, kind: 'score', group, available: all, aggregate: { method: 'weighted-mean', weight: 'pop' } },
  { id: `${p}_rank`, title: `${name}: national rank`, kind: 'rank', group, available: ['lsoa21'], aggregate: { method: 'none' } },
  { id: `${p}_share_20`, title: `${name}: LSOAs in England's most deprived 20%`, kind: 'rate', group, available: ['ward', 'locality', 'borough'], aggregate: { method: 'share-of-lsoas', decile: `${p}_decile`, maxDecile: 2 } },
  { id: `${p}_decile`, title: `${name}: national decile`, kind: 'decile', group, available: ['lsoa21'], aggregate: { method: 'none' } },
  { id: `${p}_share_10`, title: `${name}: LSOAs in England's most deprived 10%`, kind: 'rate', group, available: ['ward', 'locality', 'borough'], aggregate: { method: 'share-of-lsoas', decile: `${p}_decile`, maxDecile: 1 } },
]
const catalogue: D[] = [
  ...iod('aa', 'Domain A', 'deprivation'),
  ...iod('aa_sub', 'Sub-domain of A', 'deprivation'),
  { id: 'pop', title: 'Population', kind: 'count', group: 'population', available: all, aggregate: { method: 'sum' } },
  { id: 'gas_2019', title: 'gas (2019)', kind: 'score', group: 'air-quality', available: all, aggregate: { method: 'weighted-mean', weight: 'pop' }, series: { id: 'gas', period: '2019' } },
  { id: 'gas_2013', title: 'gas (2013)', kind: 'score', group: 'air-quality', available: all, aggregate: { method: 'weighted-mean', weight: 'pop' }, series: { id: 'gas', period: '2013' } },
]

describe('layer families from the descriptors', () => {
  const fams = layerFamilies(catalogue)

  it('shows each IoD domain once by its score, with decile, rank and shares as measures in that order', () => {
    expect(fams.map((f) => f.key)).toEqual(['aa_score', 'aa_sub_score', 'pop', 'gas_2019'])
    const a = fams[0]
    expect(a.title).toBe('Domain A')
    expect(a.measures.map((m) => [m.indicator.id, m.label])).toEqual([
      ['aa_score', 'score'], ['aa_decile', 'national decile'], ['aa_rank', 'national rank'],
      ['aa_share_10', "LSOAs in England's most deprived 10%"], ['aa_share_20', "LSOAs in England's most deprived 20%"],
    ])
    // a longer prefix ("aa_sub_") is its own family, not swallowed by "aa_"
    expect(fams[1].measures.map((m) => m.indicator.id)).toEqual(['aa_sub_score', 'aa_sub_decile', 'aa_sub_rank', 'aa_sub_share_10', 'aa_sub_share_20'])
  })

  it('groups a series by period, newest first, and leaves lone indicators alone', () => {
    expect(fams[3]).toMatchObject({ title: 'gas', main: { id: 'gas_2019' } })
    expect(fams[3].measures.map((m) => m.label)).toEqual(['2019', '2013'])
    expect(fams[2].measures).toHaveLength(1)
    expect(familyOf(fams, 'gas_2013')?.key).toBe('gas_2019')
  })

  it('says why a measure has no values at a geography and moves to one that has', () => {
    expect(unavailableReason(catalogue[1], 'ward')).toMatch(/LSOAs only/)
    expect(unavailableReason(catalogue[2], 'lsoa21')).toMatch(/wards and localities only/)
    expect(unavailableReason(catalogue[0], 'ward')).toBeNull()
    expect(measureAtLevel(fams, 'aa_share_10', 'lsoa21')).toBe('aa_score')
    expect(measureAtLevel(fams, 'aa_rank', 'ward')).toBe('aa_score')
    expect(measureAtLevel(fams, 'aa_share_10', 'locality')).toBe('aa_share_10')
  })
})
