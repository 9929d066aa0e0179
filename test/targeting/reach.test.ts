/**
 * A catchment measured from anywhere (GET /api/targeting/reach): any asset (not only an anchor), a
 * postcode or a point, each holding exactly the LSOAs PostGIS puts within the distance asked, as
 * a straight line unless a walk (detour) is asked for; refusals name the field in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catchment } from '../../server/domain/anchors'
import { openTestDb, type TestDb } from '../support/db'
import { backend } from '../support/env'
import { serve, type TestServer } from '../support/http'

describe(`catchments from any place on the ${backend} backend`, () => {
  let db: TestDb
  let srv: TestServer
  const get = async (q: string) => { const r = await fetch(`${srv.url}/api/targeting/reach?${q}`); return { status: r.status, body: await r.json() } }
  /** LSOAs whose population-weighted centroid lies within `m` metres of the BNG point, by PostGIS */
  const truth = async (pointSql: string, args: Array<string | number>, m: number) => (await db.knex.raw(
    `SELECT l.code FROM areas l LEFT JOIN lsoa_centroids c ON c.code = l.code, (${pointSql}) p
     WHERE l.level = 'lsoa21' AND ST_Distance(COALESCE(c.geom_bng, l.point_bng), p.g) <= ? ORDER BY l.code`, [...args, m])).rows.map((r: { code: string }) => r.code)

  beforeAll(async () => {
    db = await openTestDb()
    srv = await serve(db)
  })
  afterAll(async () => {
    await srv?.close()
    await db?.dispose()
  })

  it('from a postcode: the LSOAs within 3000 m in a straight line, the distance applied as asked', async () => {
    const pc = (await db.knex.raw(`SELECT p.postcode FROM postcodes p JOIN areas b ON b.level = 'borough' AND ST_Contains(b.geom_bng, p.geom_bng) ORDER BY p.postcode LIMIT 1 OFFSET 40`)).rows[0].postcode as string
    const { status, body } = await get(`postcode=${encodeURIComponent(pc.toLowerCase())}&distance=3000`)
    expect(status).toBe(200)
    const c = body as Catchment
    expect(c.anchor).toMatchObject({ kind: 'postcode', id: null, name: pc })
    expect(c.distance_m).toBe(3000)
    expect(c.detour).toBe(1)
    expect(c.reach_m).toBe(3000)
    expect(c.method).toContain('3000 m in a straight line')
    const want = await truth(`SELECT geom_bng AS g FROM postcodes WHERE postcode = ?`, [pc], 3000)
    expect(want.length).toBeGreaterThan(5)
    expect(c.lsoas.map((l) => l.code).sort()).toEqual(want)
    // ranked by employment deprivation, greatest first
    const scores = c.lsoas.map((l) => l.values.employment_score_2025).filter((x): x is number => x !== null)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('from any asset that is not an anchor (a library), and from its point: the same LSOAs; a walk reaches distance / detour', async () => {
    const lib = await db.knex('assets').where({ category: 'library', verified: true, is_anchor: false }).orderBy('id').first('id', 'name', db.knex.raw('ST_X(geom) AS lon'), db.knex.raw('ST_Y(geom) AS lat'))
    expect(lib).toBeTruthy()
    const a = (await get(`asset=${lib.id}&distance=2000`)).body as Catchment
    expect(a.anchor).toMatchObject({ kind: 'asset', id: Number(lib.id), name: lib.name })
    expect(a.lsoas.map((l) => l.code).sort()).toEqual(await truth(`SELECT geom_bng AS g FROM assets WHERE id = ?`, [lib.id], 2000))
    const p = (await get(`lon=${lib.lon}&lat=${lib.lat}&distance=2000`)).body as Catchment
    expect(p.anchor.kind).toBe('point')
    expect(p.lsoas.map((l) => l.code).sort()).toEqual(a.lsoas.map((l) => l.code).sort())
    const w = (await get(`asset=${lib.id}&distance=2600&detour=1.3`)).body as Catchment
    expect(w.reach_m).toBe(2000)
    expect(w.method).toContain('2600 m on foot')
    expect(w.lsoas.map((l) => l.code).sort()).toEqual(a.lsoas.map((l) => l.code).sort())
  })

  it('refuses in words, naming the field: an unknown postcode, a place far outside, no origin or two', async () => {
    const unknown = await get('postcode=ZZ9%209ZZ')
    expect(unknown.status).toBe(400)
    expect(unknown.body.detail).toBe('ZZ9 9ZZ is not a postcode in or beside Barking and Dagenham.')
    expect(unknown.body.issues).toEqual([{ path: 'query.postcode', message: expect.any(String) }])
    const far = await get('lon=-0.1276&lat=51.5072&distance=3000')
    expect(far.status).toBe(400)
    expect(far.body.detail).toMatch(/km outside Barking and Dagenham/)
    expect(far.body.issues[0].path).toBe('query.lon')
    const none = await get('distance=3000')
    expect(none.status).toBe(400)
    const two = await get('asset=1&postcode=RM9%206UH')
    expect(two.status).toBe(400)
    expect((await get('asset=999999999')).status).toBe(404)
  })
})
