import { describe, expect, it } from 'vitest'
import { defaultState, parseState, serialiseState, type CatalogueFacts, type ViewState } from '../../client/src/state'

// A hand-made catalogue with the shape the client reads: ids here are test fixtures, not app ids.
const catalogue: CatalogueFacts = {
  defaultIndicator: 'score_a',
  localities: [
    { code: 'LOC-A', name: 'A', provisional: true, wards: 3 },
    { code: 'LOC-B', name: 'B', provisional: true, wards: 4 },
  ],
  indicators: [
    { id: 'score_a', classification: { default: 'quantile', allowed: ['quantile', 'jenks', 'equal'], classes: 5 }, available: ['lsoa21', 'ward', 'locality', 'borough'], levels: ['lsoa21', 'ward', 'locality', 'borough'] },
    { id: 'decile_b', classification: { default: 'deciles', allowed: ['deciles'], classes: 10 }, available: ['lsoa21'], levels: ['lsoa21'] },
    { id: 'share_c', classification: { default: 'equal', allowed: ['equal', 'quantile'], classes: 5 }, available: ['ward', 'locality'], levels: ['ward', 'locality', 'borough'] },
  ],
  assetCategories: [{ id: 'gp' }, { id: 'library' }],
  vocabulary: {
    needIndex: {
      methods: [{ id: 'rank', label: 'Ranks' }, { id: 'zscore', label: 'Z-scores' }],
      levels: ['lsoa21', 'ward'],
      missing: [{ id: 'exclude-area', label: 'Leave out' }, { id: 'mean-impute', label: 'Mean' }],
      defaults: { method: 'rank', level: 'lsoa21', missing: 'exclude-area' },
    },
  },
}

describe('URL <-> view state', () => {
  it('opens on the default layer by LSOA when the URL says nothing', () => {
    expect(parseState('', catalogue)).toEqual(defaultState(catalogue))
    expect(defaultState(catalogue)).toMatchObject({ indicator: 'score_a', level: 'lsoa21', classification: 'quantile', locality: null, assets: [], view: 'map', camera: null })
    expect(serialiseState(defaultState(catalogue), catalogue)).toBe('')
  })

  it('round-trips a whole view: layer, geography, classes, locality, assets, table view and camera', () => {
    const s: ViewState = { indicator: 'share_c', level: 'ward', classification: 'quantile', locality: 'LOC-B', assets: ['gp', 'library'], view: 'table', camera: { zoom: 13.25, lat: 51.54321, lon: 0.12345 }, tool: 'explore', scenario: null, needIndex: null, anchor: null }
    const url = serialiseState(s, catalogue)
    expect(url).toBe('?layer=share_c&level=ward&class=quantile&locality=LOC-B&assets=gp,library&view=table&at=13.25/51.54321/0.12345')
    expect(parseState(url, catalogue)).toEqual(s)
  })

  it('falls back to defaults for unknown layers, localities, assets and a bad camera', () => {
    const s = parseState('?layer=nope&locality=LOC-Z&assets=gp,bogus,gp&at=99/1/2&class=jenks', catalogue)
    expect(s).toMatchObject({ indicator: 'score_a', locality: null, assets: ['gp'], camera: null, classification: 'jenks' })
  })

  it('uses the descriptor default when the classification is not allowed', () => {
    expect(parseState('?layer=decile_b&class=jenks', catalogue).classification).toBe('deciles')
  })

  it('picks a geography the layer has values at when the URL names none', () => {
    expect(parseState('?layer=share_c', catalogue).level).toBe('ward')
    expect(parseState('?layer=share_c&level=locality', catalogue).level).toBe('locality')
  })

  it('keeps the open tool and what it carries: a siting scenario, a need index, an anchor and distance', () => {
    const siting = parseState('?tool=siting&scenario=12', catalogue)
    expect(siting).toMatchObject({ tool: 'siting', scenario: 12 })
    expect(serialiseState(siting, catalogue)).toBe('?tool=siting&scenario=12')
    const index = parseState('?tool=need-index&index=score_a:2,share_c:1&index-method=zscore', catalogue)
    expect(index.needIndex).toEqual({ indicators: 'score_a:2,share_c:1', method: 'zscore', level: 'lsoa21', missing: 'exclude-area' })
    expect(serialiseState(index, catalogue)).toBe('?tool=need-index&index=score_a:2,share_c:1&index-method=zscore')
    const anchor = parseState('?tool=anchors&anchor=7&distance=3000', catalogue)
    expect(anchor.anchor).toEqual({ id: 7, distance: 3000 })
    expect(serialiseState(anchor, catalogue)).toBe('?tool=anchors&anchor=7')
    expect(serialiseState({ ...anchor, anchor: { id: 7, distance: 1500 } }, catalogue)).toBe('?tool=anchors&anchor=7&distance=1500')
  })

  it('opens the tool a link names a scenario, index or anchor for, and ignores bad ones', () => {
    expect(parseState('?scenario=3', catalogue).tool).toBe('siting')
    expect(parseState('?index=score_a', catalogue)).toMatchObject({ tool: 'need-index', needIndex: { indicators: 'score_a' } })
    expect(parseState('?anchor=9&distance=50', catalogue).anchor).toEqual({ id: 9, distance: 3000 })
    expect(parseState('?tool=nope&scenario=-1&index=unknown:1,score_a:0&anchor=x', catalogue)).toMatchObject({ tool: 'explore', scenario: null, needIndex: null, anchor: null })
    expect(parseState('?index=score_a:1&index-method=magic', catalogue).needIndex?.method).toBe('rank')
  })
})
