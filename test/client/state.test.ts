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
}

describe('URL <-> view state', () => {
  it('opens on the default layer by LSOA when the URL says nothing', () => {
    expect(parseState('', catalogue)).toEqual(defaultState(catalogue))
    expect(defaultState(catalogue)).toMatchObject({ indicator: 'score_a', level: 'lsoa21', classification: 'quantile', locality: null, assets: [], view: 'map', camera: null })
    expect(serialiseState(defaultState(catalogue), catalogue)).toBe('')
  })

  it('round-trips a whole view: layer, geography, classes, locality, assets, table view and camera', () => {
    const s: ViewState = { indicator: 'share_c', level: 'ward', classification: 'quantile', locality: 'LOC-B', assets: ['gp', 'library'], view: 'table', camera: { zoom: 13.25, lat: 51.54321, lon: 0.12345 } }
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
})
