import { describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
type Link = { href: string; rel: string; type: string }
const rel = (links: Link[], r: string) => links.find((l) => l.rel === r)

describe(`OGC API - Features on the ${backend} backend`, () => {
  const app = withApp()
  const get = (path: string) => fetch(`${app.url}${path}`)
  const json = async (path: string) => {
    const res = await get(path)
    expect(res.status, `${path}: ${res.status}`).toBe(200)
    return res.json()
  }
  const expectProblem = async (path: string, status: number, detail?: RegExp) => {
    const res = await get(path)
    expect(res.status, path).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const p = await res.json()
    expect(p).toMatchObject({ status, type: status === 404 ? '/problems/not-found' : '/problems/invalid-parameter' })
    if (detail) expect(p.detail).toMatch(detail)
    return p
  }

  it('serves a landing page linking itself, the OpenAPI document, conformance and the collections', async () => {
    for (const path of ['/ogc', '/ogc?f=json']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const body = await res.json()
      expect(body.title).toMatch(/OGC API/)
      expect(rel(body.links, 'self')?.href).toBe(`${app.url}/ogc`)
      expect(rel(body.links, 'service-desc')).toMatchObject({ href: `${app.url}/api/openapi.json`, type: 'application/vnd.oai.openapi+json;version=3.0' })
      expect(rel(body.links, 'conformance')?.href).toBe(`${app.url}/ogc/conformance`)
      expect(rel(body.links, 'data')?.href).toBe(`${app.url}/ogc/collections`)
    }
  })

  it('declares the Core, GeoJSON and OpenAPI 3.0 conformance classes', async () => {
    const body = await json('/ogc/conformance?f=json')
    expect([...body.conformsTo].sort()).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ])
  })

  it('lists the four area levels and the assets, each with a CRS84 extent from the data and an items link', async () => {
    const body = await json('/ogc/collections')
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual(['lsoa21', 'ward', 'locality', 'borough', 'assets'])
    const [x0, y0, x1, y1] = (await app.db.knex.raw(
      `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM areas WHERE level = 'lsoa21') s`,
    )).rows.map((r: Record<string, number>) => [r.x0, r.y0, r.x1, r.y1])[0]
    const lsoa = body.collections[0]
    expect(lsoa.extent.spatial.crs).toBe(CRS84)
    lsoa.extent.spatial.bbox[0].forEach((v: number, i: number) => expect(v).toBeCloseTo([x0, y0, x1, y1][i], 9))
    // Barking and Dagenham lies a little east of Greenwich.
    expect(lsoa.extent.spatial.bbox[0][0]).toBeGreaterThan(0.0)
    expect(lsoa.extent.spatial.bbox[0][2]).toBeLessThan(0.25)
    for (const c of body.collections) {
      expect(c.itemType).toBe('feature')
      expect(c.crs).toEqual([CRS84])
      expect(rel(c.links, 'items')).toMatchObject({ href: `${app.url}/ogc/collections/${c.id}/items`, type: 'application/geo+json' })
    }
  })

  it('describes a level collection by the indicators it carries, with unit, vintage, source and licence', async () => {
    const ward = await json('/ogc/collections/ward')
    expect(ward.id).toBe('ward')
    const imd = ward.indicators.find((d: { id: string }) => d.id === 'imd_score_2019')
    expect(imd).toMatchObject({ unit: 'score', vintage: expect.stringMatching(/IoD 2019/) })
    expect(imd.source).toBeTruthy()
    expect(imd.licence).toBeTruthy()
    expect(ward.description).toContain(`imd_score_2019: ${imd.title} [score], ${imd.vintage}; source ${imd.source}`)
    expect(ward.description).toContain(`licence ${imd.licence}`)
    // ranks and deciles have no meaning above LSOA, so wards do not carry them; LSOAs do
    expect(ward.indicators.some((d: { id: string }) => d.id === 'imd_rank_2019')).toBe(false)
    const lsoa = await json('/ogc/collections/lsoa21')
    expect(lsoa.indicators.some((d: { id: string }) => d.id === 'imd_rank_2019')).toBe(true)
  })

  it('pages through all 115 LSOAs by following next links, numberReturned summing to numberMatched', async () => {
    let href: string | undefined = `${app.url}/ogc/collections/lsoa21/items?limit=20`
    const codes: string[] = []
    let returned = 0
    let pages = 0
    while (href) {
      const res: Response = await fetch(href)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
      const page: { type: string; numberMatched: number; numberReturned: number; timeStamp: string; links: Link[]; features: Array<{ id: string }> } = await res.json()
      expect(page.type).toBe('FeatureCollection')
      expect(page.numberMatched).toBe(115)
      expect(page.numberReturned).toBe(page.features.length)
      expect(Date.parse(page.timeStamp)).toBeGreaterThan(Date.now() - 60_000)
      expect(rel(page.links, 'self')?.href).toBe(href.includes('offset') ? href : `${href}&offset=0`)
      if (pages > 0) expect(rel(page.links, 'prev')?.href).toContain(`offset=${(pages - 1) * 20}`)
      else expect(rel(page.links, 'prev')).toBeUndefined()
      returned += page.numberReturned
      codes.push(...page.features.map((f: { id: string }) => f.id))
      href = rel(page.links, 'next')?.href
      pages++
    }
    expect(pages).toBe(6)
    expect(returned).toBe(115)
    expect(new Set(codes).size).toBe(115)
    expect(codes.every((c) => /^E01\d{6}$/.test(c))).toBe(true)
  })

  it('returns 10 features by default', async () => {
    const page = await json('/ogc/collections/lsoa21/items')
    expect(page.numberReturned).toBe(10)
    expect(rel(page.links, 'next')?.href).toBe(`${app.url}/ogc/collections/lsoa21/items?limit=10&offset=10`)
  })

  it('gives the 19 wards the same imd_score_2019 values as /api/areas/ward', async () => {
    const page = await json('/ogc/collections/ward/items?limit=1000&f=json')
    expect(page.numberMatched).toBe(19)
    expect(page.features).toHaveLength(19)
    const areas = await json('/api/areas/ward?indicators=imd_score_2019&geometry=false')
    const expected = new Map(areas.features.map((f: { id: string; properties: { imd_score_2019: number } }) => [f.id, f.properties.imd_score_2019]))
    expect(expected.size).toBe(19)
    for (const f of page.features) {
      expect(f.geometry.type).toBe('MultiPolygon')
      expect(f.properties).toMatchObject({ code: f.id, level: 'ward' })
      expect(typeof f.properties.imd_score_2019).toBe('number')
      expect(f.properties.imd_score_2019).toBe(expected.get(f.id))
    }
  })

  it('carries only the indicators named by properties, with their provenance alone, and the same values', async () => {
    const all = await json('/ogc/collections/ward/items?limit=1000')
    const picked = ['imd_score_2025', 'fp_pct_2022']
    const page = await json(`/ogc/collections/ward/items?limit=1000&properties=${picked.join(',')}`)
    expect(page.numberMatched).toBe(19)
    expect(page.indicators.map((d: { id: string }) => d.id).sort()).toEqual([...picked].sort())
    expect(all.indicators.length).toBeGreaterThan(picked.length)
    const byCode = new Map(all.features.map((f: { id: string; properties: Record<string, unknown> }) => [f.id, f.properties]))
    for (const f of page.features) {
      const full = byCode.get(f.id) as Record<string, unknown>
      const expected = Object.fromEntries(Object.entries(full).filter(([k]) => ['code', 'name', 'level', 'provisional', 'context', 'suppressed', ...picked].includes(k)))
      expect(f.properties).toEqual(expected)
      expect(typeof f.properties.imd_score_2025).toBe('number')
    }
    // Empty: code, name and level only (the geometry still comes); the next link keeps the selection.
    const bare = await json('/ogc/collections/lsoa21/items?limit=5&properties=')
    expect(bare.indicators).toEqual([])
    expect(Object.keys(bare.features[0].properties).sort()).toEqual(['code', 'level', 'name'])
    expect(bare.features[0].geometry.type).toBe('MultiPolygon')
    expect(rel(bare.links, 'next')?.href).toContain('properties=')
    await expectProblem('/ogc/collections/ward/items?properties=imd_score_2025,no_such_thing', 400, /no_such_thing/)
    await expectProblem('/ogc/collections/assets/items?properties=name', 400, /area collection/)
    await expectProblem('/ogc/collections/ward/items?properties=imd%20score', 400, /comma-separated/)
  })

  it('returns one feature by id, with its indicator values', async () => {
    const first = (await json('/ogc/collections/lsoa21/items?limit=1')).features[0]
    const res = await get(`/ogc/collections/lsoa21/items/${first.id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const f = await res.json()
    expect(f).toMatchObject({ type: 'Feature', id: first.id, properties: first.properties })
    expect(rel(f.links, 'collection')?.href).toBe(`${app.url}/ogc/collections/lsoa21`)
  })

  it('filters by bbox to exactly the areas whose geometry intersects it, as PostGIS says', async () => {
    const bbox = [0.1, 51.53, 0.13, 51.55]
    for (const level of ['ward', 'lsoa21']) {
      const page = await json(`/ogc/collections/${level}/items?bbox=${bbox.join(',')}&bbox-crs=${encodeURIComponent(CRS84)}&limit=1000`)
      const r = await app.db.knex.raw(
        `SELECT code FROM areas WHERE level = ? AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326)) ORDER BY code`, [level, ...bbox],
      )
      const expected = r.rows.map((x: { code: string }) => x.code)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(level === 'ward' ? 19 : 115)
      expect(page.features.map((f: { id: string }) => f.id)).toEqual(expected)
      expect(page.numberMatched).toBe(expected.length)
      expect(rel(page.links, 'self')?.href).toContain(`bbox=${encodeURIComponent(bbox.join(','))}`)
    }
  })

  it('rejects a limit outside 1..1000 and other malformed parameters with 400 problem+json', async () => {
    await expectProblem('/ogc/collections/lsoa21/items?limit=0', 400, /limit/)
    await expectProblem('/ogc/collections/lsoa21/items?limit=1001', 400, /limit/)
    await expectProblem('/ogc/collections/lsoa21/items?limit=ten', 400, /limit/)
    await expectProblem('/ogc/collections/lsoa21/items?offset=-1', 400, /offset/)
    await expectProblem('/ogc/collections/lsoa21/items?bbox=0.2,51.5,0.1,51.6', 400, /bbox/)
    await expectProblem('/ogc/collections/lsoa21/items?bbox=1,2,3', 400, /bbox/)
    await expectProblem(`/ogc/collections/lsoa21/items?bbox=0,51,1,52&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/27700')}`, 400, /bbox-crs.*CRS84/)
    await expectProblem('/ogc/collections/ward/items?category=gp', 400, /category/)
    await expectProblem('/ogc/collections/lsoa21/items?f=html', 400, /f/)
  })

  it('rejects unknown query parameters with 400 problem+json', async () => {
    await expectProblem('/ogc?foo=1', 400, /foo/)
    await expectProblem('/ogc/collections?limit=5', 400, /limit/)
    await expectProblem('/ogc/collections/lsoa21/items?sortby=name', 400, /sortby/)
  })

  it('answers an unknown collection or feature with 404 problem+json', async () => {
    const p = await expectProblem('/ogc/collections/msoa21', 404, /Unknown collection "msoa21"/)
    expect(p.detail).toContain('lsoa21, ward, locality, borough, assets')
    await expectProblem('/ogc/collections/msoa21/items', 404)
    await expectProblem('/ogc/collections/lsoa21/items/E01999999', 404, /No feature "E01999999"/)
    await expectProblem('/ogc/collections/assets/items/not-a-number', 404)
    await expectProblem('/ogc/collections/assets/items/999999999', 404)
  })
})
