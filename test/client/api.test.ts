import { beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, ApiError, urls } from '../../client/src/api'
import { rankAreas } from '../../client/src/values'
import { classScheme } from '../../client/src/classes'
import { withApp } from '../support/app'

// The client's API layer against the real service and the real B&D import (no mocks).
const app = withApp()
let api: ApiClient

beforeAll(() => {
  api = new ApiClient(app.url)
})

describe('ApiClient', () => {
  it('loads the catalogue with the default layer, three localities and asset categories', async () => {
    const c = await api.catalogue()
    expect(c.indicators.some((i) => i.id === c.defaultIndicator)).toBe(true)
    expect(c.localities).toHaveLength(3)
    expect(c.assetCategories.length).toBeGreaterThan(0)
  })

  it('loads the overview worst-first and a profile whose ranking is on the asked layer', async () => {
    const c = await api.catalogue()
    const o = await api.overview(c.defaultIndicator)
    expect(o.localities).toHaveLength(3)
    const p = await api.profile(o.localities[0].code, c.defaultIndicator)
    expect(p.locality.code).toBe(o.localities[0].code)
    expect(p.ranking.indicator).toBe(c.defaultIndicator)
    expect(p.rows.find((r) => r.indicator.id === c.defaultIndicator)?.locality).toBeCloseTo(o.localities[0].value!, 6)
  })

  it('ranks the LSOA values with rank 1 = greatest need, and classes them with the catalogue breaks', async () => {
    const c = await api.catalogue()
    const ind = c.indicators.find((i) => i.id === c.defaultIndicator)!
    const fc = await api.areas('lsoa21', { indicators: [ind.id], geometry: false })
    const v = rankAreas(fc, ind, 'lsoa21')
    expect(v.count).toBe(fc.features.length)
    const [first, second] = v.rows
    expect(first.rank).toBe(1)
    if (ind.polarity === 'higher-worse') expect(first.value!).toBeGreaterThanOrEqual(second.value!)
    const scheme = classScheme(ind, 'lsoa21', ind.classification.default)!
    expect(scheme.colours).toHaveLength(scheme.breaks.length + 1)
    expect(scheme.labels).toHaveLength(scheme.colours.length)
  })

  it('says what failed, with the URL and status, when the service answers an error', async () => {
    const err = await api.profile('LOC-NOWHERE', 'x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(404)
    expect((err as ApiError).url).toBe(app.url + urls.profile('LOC-NOWHERE', 'x'))
    expect((err as ApiError).message).toMatch(/^Could not load the profile of LOC-NOWHERE: 404/)
  })

  it('says the service did not answer when the connection fails', async () => {
    const dead = new ApiClient('http://127.0.0.1:9')
    const err = await dead.catalogue().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(0)
  })

  it('builds export URLs for the data in view', () => {
    expect(urls.areas('ward', { indicators: ['a', 'b'], bbox: [0.1, 51.5, 0.2, 51.6] }, 'csv')).toBe('/api/areas/ward?indicators=a%2Cb&bbox=0.10000%2C51.50000%2C0.20000%2C51.60000&format=csv')
    expect(urls.areas('lsoa21', { indicators: ['a'], locality: 'LOC-A' })).toBe('/api/areas/lsoa21?indicators=a&locality=LOC-A')
  })

  it('serves an offline basemap style whose sources and fonts are all on the service', async () => {
    const style = await api.request<{ sources: Record<string, { data: string }>; 'font-faces': Record<string, Array<{ url: string }>>; glyphs?: string }>(urls.basemapStyle(), 'style')
    const host = new URL(app.url).host
    for (const s of Object.values(style.sources)) expect(new URL(s.data).host).toBe(host)
    for (const f of Object.values(style['font-faces']).flat()) {
      expect(new URL(f.url).host).toBe(host)
      const res = await fetch(f.url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('font/ttf')
    }
    const water = await (await fetch(style.sources['basemap-water'].data)).json()
    expect(water.features.length).toBeGreaterThan(100)
    const parks = await (await fetch(style.sources['basemap-park'].data)).json()
    expect(parks.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain('Barking Park')
  })
})
