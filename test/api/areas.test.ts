/**
 * The areas, localities, assets and series API through real HTTP against the real B&D import:
 * figures equal the database's, every figure carries its source, and bad input gets a 4xx
 * problem+json naming the parameter.
 */
import { describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { TEST_LA } from '../support/prepareData'

describe('areas, localities, assets and series API', () => {
  const app = withApp()
  const get = (p: string) => fetch(`${app.url}${p}`)
  const json = async (p: string) => {
    const r = await get(p)
    expect(r.status, p).toBe(200)
    return r.json()
  }

  it('serves the 115 LSOAs as RFC 7946 GeoJSON with 6-decimal lon/lat and IMD scores equal to the database', async () => {
    const r = await get('/api/areas/lsoa21?indicators=imd_score_2019,idaci_score_2019')
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const fc = await r.json()
    expect(fc.features).toHaveLength(115)
    const f = fc.features.find((x: { id: string }) => x.id === 'E01000027')
    const db1 = await app.db.knex('indicator_values').where({ indicator_id: 'imd_score_2019', level: 'lsoa21', code: 'E01000027' }).first('value')
    expect(f.properties.imd_score_2019).toBe(Number(db1.value))
    expect(f.geometry.type).toBe('MultiPolygon')
    const [lon, lat] = f.geometry.coordinates[0][0][0]
    expect(lon).toBeGreaterThan(0.05)
    expect(lon).toBeLessThan(0.2)
    expect(lat).toBeGreaterThan(51.5)
    expect(String(lon).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6)
    // Right-hand rule: exterior rings counter-clockwise (positive signed area in lon/lat).
    const ring: number[][] = f.geometry.coordinates[0][0]
    let area = 0
    for (let i = 0; i < ring.length - 1; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    expect(area).toBeGreaterThan(0)
    expect(fc.indicators[0]).toMatchObject({ id: 'imd_score_2019', licence: 'OGL-UK-3.0', vintage: expect.stringContaining('2019') })
  })

  it('returns 19 wards and the three localities with population-weighted aggregates', async () => {
    const wards = await json('/api/areas/ward?indicators=imd_score_2019&geometry=false')
    expect(wards.features).toHaveLength(19)
    const locs = await json('/api/areas/locality?indicators=imd_score_2019,fp_pct_2021,census_pop_0_4&geometry=false')
    expect(locs.features).toHaveLength(3)
    // The localities partition the borough: their 0-4 counts sum to the borough's.
    const boro = await json('/api/areas/borough?indicators=census_pop_0_4&geometry=false')
    const sum = locs.features.reduce((s: number, f: { properties: { census_pop_0_4: number } }) => s + f.properties.census_pop_0_4, 0)
    expect(sum).toBe(boro.features[0].properties.census_pop_0_4)
    expect(locs.features.every((f: { properties: { provisional: boolean } }) => f.properties.provisional === true)).toBe(true)
  })

  it('filters LSOAs to one locality and to a bbox', async () => {
    const cat = await json('/api/catalogue')
    const loc = cat.localities[0].code
    const inLoc = await json(`/api/areas/lsoa21?indicators=imd_score_2019&locality=${loc}&geometry=false`)
    const links = await app.db.knex.raw(
      `SELECT count(*)::int n FROM area_links k JOIN area_links c ON c.child_level='ward' AND c.child_code=k.parent_code AND c.parent_level='locality'
       WHERE k.child_level='lsoa21' AND k.parent_level='ward' AND c.parent_code=?`, [loc])
    expect(inLoc.features).toHaveLength(links.rows[0].n)
    const bbox = '0.07,51.53,0.09,51.545'
    const inBox = await json(`/api/areas/lsoa21?indicators=imd_score_2019&bbox=${bbox}&geometry=false`)
    const pg = await app.db.knex.raw(`SELECT count(*)::int n FROM areas WHERE level='lsoa21' AND geom && ST_MakeEnvelope(0.07,51.53,0.09,51.545,4326)`)
    expect(inBox.features).toHaveLength(pg.rows[0].n)
    expect(inBox.features.length).toBeGreaterThan(0)
  })

  it('exports areas as a tidy CSV of indicator ids, with title, unit, vintage and sources in its CSVW metadata', async () => {
    const r = await get('/api/areas/ward?indicators=imd_score_2019,fp_pct_2021&format=csv')
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await r.text()
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe('rank,level,code,name,imd_score_2019,fp_pct_2021')
    expect(lines).toHaveLength(1 + 19)
    expect(text).not.toContain('Sources')
    const meta = await json('/api/areas/ward?indicators=imd_score_2019,fp_pct_2021&format=csv-metadata')
    const col = (n: string) => meta.tableSchema.columns.find((c: { name: string }) => c.name === n)
    expect(col('imd_score_2019')).toMatchObject({ titles: 'Index of Multiple Deprivation: score (IoD 2019)', 'schema:unitText': 'score', 'dc:temporal': expect.stringContaining('IoD 2019') })
    expect(col('imd_score_2019')['dc:source']).toContain('English Indices of Deprivation 2019')
    expect(col('imd_score_2019')['dc:license']).toContain('OGL-UK-3.0')
    expect(col('fp_pct_2021')).toMatchObject({ titles: 'Fuel poverty (2021)', 'schema:unitText': '% of households' })
    expect(col('fp_pct_2021')['dc:publisher']).toContain('Department for Energy Security and Net Zero')
  })

  it('opens the story with the localities worst first and profiles one beside the borough and London', async () => {
    expect((await json('/api/localities')).indicator.id).toBe('imd_score_2025')
    const o = await json('/api/localities?indicator=imd_score_2019')
    expect(o.localities).toHaveLength(3)
    const values = o.localities.map((l: { value: number }) => l.value)
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a))
    expect(o.headline).toContain(o.localities[0].name)
    const p = await json(`/api/localities/${o.localities[0].code}/profile?rank=idaci_score_2019`)
    const imd = p.rows.find((r: { indicator: { id: string } }) => r.indicator.id === 'imd_score_2019')
    expect(imd.locality).toBeCloseTo(o.localities[0].value, 9)
    expect(imd.borough).toBeCloseTo(32.768, 3)
    expect(imd.london).toBeGreaterThan(20)
    expect(imd.rankAmongLocalities).toBe(1)
    expect(imd.indicator.vintage).toContain('2019')
    const ranked = p.ranking.lsoas.map((l: { value: number }) => l.value)
    expect(ranked).toEqual([...ranked].sort((a: number, b: number) => b - a))
    expect(p.summary).toContain(o.localities[0].name)
    const csv = await (await get(`/api/localities/${o.localities[0].code}/profile?format=csv`)).text()
    expect(csv.split('\n')[0]).toBe('indicator,title,unit,locality,borough,london,england,rank_among_localities,decimals,vintage,source,licence')
    const row = csv.split('\n').find((l: string) => l.startsWith('imd_score_2019,'))!
    expect(row).toContain(`,${Number(imd.locality.toFixed(1))},${Number(imd.borough.toFixed(1))},`)
  })

  it('serves assets by category and by distance, each with source and licence', async () => {
    const libs = await json('/api/assets?category=library&status=all')
    const n = await app.db.knex('assets').where({ category: 'library' }).count<{ n: number }[]>({ n: '*' })
    expect(libs.features).toHaveLength(Number(n[0].n))
    expect(libs.features[0].properties.source).toContain('libraries')
    const near = await json('/api/assets?category=gp&near=0.0805,51.5393&radius=800')
    const pg = await app.db.knex.raw(
      `SELECT count(*)::int n FROM assets WHERE category='gp' AND status='open' AND ST_DWithin(geom_bng, ST_Transform(ST_SetSRID(ST_MakePoint(0.0805,51.5393),4326),27700), 800)`)
    expect(near.features).toHaveLength(pg.rows[0].n)
    const d = near.features.map((f: { properties: { distance_m: number } }) => f.properties.distance_m)
    expect(d).toEqual([...d].sort((a: number, b: number) => a - b))
    const one = await json(`/api/assets/${libs.features[0].id}`)
    expect(one.properties.name).toBe(libs.features[0].properties.name)
  })

  it('shows temporary accommodation as a borough series beside London and England', async () => {
    const s = await json('/api/series')
    const ta = s.series.find((x: { id: string }) => x.id === 'ta_households')
    const boro = ta.areas.find((a: { role: string }) => a.role === 'borough')
    expect(boro.code).toBe(TEST_LA)
    expect(boro.points).toEqual([{ period: '2024-12-31', value: 1043 }, { period: '2025-12-31', value: 1020 }])
    expect(ta.areas.map((a: { role: string }) => a.role)).toEqual(['borough', 'london', 'england'])
    expect(s.note).toMatch(/no ward or LSOA figures/)
  })

  const bad: Array<[string, number, RegExp]> = [
    ['/api/areas/county?indicators=imd_score_2019', 400, /level/],
    ['/api/areas/lsoa21?indicators=no_such_thing', 404, /Unknown indicator "no_such_thing"/],
    ['/api/areas/lsoa21?indicators=imd_share_10_2019', 400, /not available for lsoa21/],
    ['/api/areas/lsoa21', 400, /indicators/],
    ['/api/areas/lsoa21?indicators=imd_score_2019&bbox=0.2,51.5,0.1,51.6', 400, /bbox minimum must not exceed maximum/],
    ['/api/areas/lsoa21?indicators=imd_score_2019&bbox=0,91,1,92', 400, /latitudes within -90..90/],
    ['/api/areas/lsoa21?indicators=imd_score_2019&bbox=a,b,c,d', 400, /four comma-separated numbers/],
    ['/api/areas/lsoa21?indicators=imd_score_2019&sort=1', 400, /Unrecognized key: "sort"/],
    ["/api/areas/lsoa21?indicators=imd_score_2019&locality=x';drop table areas;--", 400, /locality/],
    ['/api/areas/lsoa21?indicators=imd_score_2019&locality=LOC-NOWHERE', 404, /Unknown locality/],
    ['/api/localities/LOC-NOWHERE/profile', 404, /Unknown locality/],
    ['/api/assets?category=zoo', 400, /Unknown asset category: zoo/],
    ['/api/assets?near=200,51&radius=10', 400, /near must be lon,lat/],
    ['/api/assets?limit=0', 400, /limit/],
    ['/api/assets/0', 400, /id/],
    ['/api/assets/999999999', 404, /No asset with id/],
  ]
  it.each(bad)('answers %s with %i problem+json naming what was wrong', async (p, status, detail) => {
    const r = await get(p)
    expect(r.status).toBe(status)
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = await r.json()
    expect(body.status).toBe(status)
    expect(body.detail).toMatch(detail)
    // the areas table survived the injection attempt
    expect(Number((await app.db.knex('areas').count<{ n: number }[]>({ n: '*' }))[0].n)).toBeGreaterThan(100)
  })

  it('sends security headers, no version banner and compresses JSON', async () => {
    const r = await fetch(`${app.url}/api/catalogue`, { headers: { 'accept-encoding': 'gzip' } })
    expect(r.headers.get('x-powered-by')).toBeNull()
    expect(r.headers.get('content-security-policy')).toContain("worker-src 'self' blob:")
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('content-encoding')).toBe('gzip')
  })
})
