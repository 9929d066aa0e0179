/**
 * GET /api/search through real HTTP against the real B&D import: a postcode opens the LSOA it lies
 * in (checked here by a separate containment query on the British National Grid geometries), wards,
 * LSOA codes, localities and assets are found by what people type, and a postcode outside the
 * borough says so.
 */
import { describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../server/domain/search'
import { withApp } from '../support/app'
import { TEST_LA } from '../support/prepareData'
import { postcodeTruth } from '../support/places'

describe('place search API', () => {
  const app = withApp()
  const search = async (q: string, limit = 10): Promise<SearchResponse> => {
    const r = await fetch(`${app.url}/api/search?q=${encodeURIComponent(q)}&limit=${limit}`)
    expect(r.status, q).toBe(200)
    return (await r.json()) as SearchResponse
  }

  it('a B&D postcode typed in lower case without its space opens the LSOA it lies in and names its ward and locality', async () => {
    const truth = await postcodeTruth(app.db.knex, 40)
    expect(truth.postcode).toMatch(/^(IG|RM)\d+ \d[A-Z]{2}$/)
    const typed = truth.postcode.replace(' ', '').toLowerCase()
    const r = await search(typed)
    expect(r.notice).toBeNull()
    const hit = r.results[0]
    expect(hit).toMatchObject({ kind: 'postcode', id: truth.postcode, label: truth.postcode, inBorough: true, bbox: null })
    expect(hit.area).toEqual({ level: 'lsoa21', code: truth.lsoa, name: truth.lsoa_name })
    expect(hit.ward?.code).toBe(truth.ward)
    expect(hit.locality?.code).toBe(truth.locality)
    expect(hit.detail).toContain(truth.lsoa_name)
    expect(hit.detail).toContain(`${hit.ward!.name} ward`)
    // the point is the postcode's own, to a metre
    const pt = (await app.db.knex.raw(`SELECT ST_X(g) x, ST_Y(g) y FROM (SELECT ST_Transform(geom_bng, 4326) g FROM postcodes WHERE postcode = ?) s`, [truth.postcode])).rows[0]
    expect(hit.point[0]).toBeCloseTo(Number(pt.x), 5)
    expect(hit.point[1]).toBeCloseTo(Number(pt.y), 5)
  })

  it('a postcode sector lists its postcodes in order, each in its LSOA', async () => {
    const r = await search('RM10 7', 5)
    expect(r.results).toHaveLength(5)
    expect(r.results.every((x) => x.kind === 'postcode' && x.id.startsWith('RM10 7') && x.area?.level === 'lsoa21')).toBe(true)
    const ids = r.results.map((x) => x.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('a ward name finds the ward first, with its extent and its locality', async () => {
    const ward = (await app.db.knex.raw(
      `SELECT a.code, a.name, ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1, k.parent_code AS locality
       FROM areas a CROSS JOIN LATERAL (SELECT Box2D(a.geom) e) b
       JOIN area_links k ON k.child_level = 'ward' AND k.child_code = a.code AND k.parent_level = 'locality'
       WHERE a.level = 'ward' AND a.name = 'Abbey'`,
    )).rows[0]
    const r = await search('abbey')
    const hit = r.results[0]
    expect(hit).toMatchObject({ kind: 'ward', id: ward.code, label: 'Abbey', inBorough: true, area: { level: 'ward', code: ward.code, name: 'Abbey' } })
    expect(hit.bbox!.map((v) => Number(v.toFixed(6)))).toEqual([ward.x0, ward.y0, ward.x1, ward.y1].map((v) => Number(Number(v).toFixed(6))))
    expect(hit.locality?.code).toBe(ward.locality)
    // its point lies inside its bbox
    expect(hit.point[0]).toBeGreaterThan(hit.bbox![0])
    expect(hit.point[0]).toBeLessThan(hit.bbox![2])
  })

  it('an LSOA code, and the end of an LSOA name, find that LSOA with its best-fit ward', async () => {
    const lsoa = (await app.db.knex.raw(
      `SELECT a.code, a.name, k.parent_code AS ward FROM areas a
       JOIN area_links k ON k.child_level = 'lsoa21' AND k.child_code = a.code AND k.parent_level = 'ward'
       WHERE a.level = 'lsoa21' AND a.code = 'E01000027'`,
    )).rows[0]
    const byCode = await search('e01000027')
    expect(byCode.results[0]).toMatchObject({ kind: 'lsoa', id: 'E01000027', label: lsoa.name, area: { level: 'lsoa21', code: 'E01000027' } })
    expect(byCode.results[0].ward?.code).toBe(lsoa.ward)
    const suffix = lsoa.name.slice(-4) // "001A"
    const byName = await search(suffix)
    expect(byName.results.map((x) => x.id)).toContain('E01000027')
  })

  it('a locality name and an asset name are found, the asset placed in its LSOA', async () => {
    const loc = await search('Dagenham (east)')
    expect(loc.results[0]).toMatchObject({ kind: 'locality', id: 'LOC-EAST', label: 'Dagenham (east)' })
    const gp = (await app.db.knex.raw(`SELECT id, name, category FROM assets WHERE category = 'gp' AND status = 'open' ORDER BY name LIMIT 1`)).rows[0]
    const r = await search(gp.name)
    const hit = r.results.find((x) => x.kind === 'asset' && x.id === String(gp.id))
    expect(hit).toMatchObject({ label: gp.name, category: 'gp' })
    if (hit!.inBorough) expect(hit!.area?.level).toBe('lsoa21')
  })

  it('a postcode beside the borough says it is outside; one not held says so; no match is a plain empty list', async () => {
    const outside = (await app.db.knex.raw(
      `SELECT p.postcode FROM postcodes p WHERE p.district <> ? AND NOT EXISTS (
         SELECT 1 FROM areas b WHERE b.level = 'borough' AND ST_Intersects(b.geom_bng, p.geom_bng)) ORDER BY postcode LIMIT 1`,
      [TEST_LA],
    )).rows[0].postcode as string
    const r = await search(outside)
    expect(r.results[0]).toMatchObject({ kind: 'postcode', id: outside, inBorough: false, area: null })
    expect(r.results[0].detail).toBe('Postcode · outside Barking and Dagenham')
    expect(r.notice).toBe(`${outside} is outside Barking and Dagenham.`)
    const far = await search('SW1A 1AA')
    expect(far.results).toEqual([])
    expect(far.notice).toMatch(/^SW1A 1AA is not a postcode in or beside Barking and Dagenham/)
    // LIKE wildcards typed are letters: nothing is named "%%"
    expect((await search('%%')).results).toEqual([])
  })

  it('an empty or overlong query is a 400 problem naming q', async () => {
    for (const q of ['', 'x'.repeat(101)]) {
      const r = await fetch(`${app.url}/api/search?q=${q}`)
      expect(r.status).toBe(400)
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(JSON.stringify(await r.json())).toContain('query.q')
    }
  })
})
