import { createHash } from 'node:crypto'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { bumpDataVersion } from '../../server/db/status'
import { clearTileCache, tileEncoder, tileStats } from '../../server/domain/tiles'
import { withApp } from '../support/app'
import { backend } from '../support/env'

/** The XYZ tile holding a WGS84 point (the slippy-map formula). */
function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  }
}

const decode = async (res: Response) => new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())))

/** The documented area feature id: the first 48 bits of md5(code). */
const areaId = (code: string) => parseInt(createHash('md5').update(code).digest('hex').slice(0, 12), 16)

// Central Barking and Dagenham: this z12 tile covers most of the borough.
const BD = tileAt(0.13, 51.54, 12)

describe(`vector tiles on the ${backend} backend`, () => {
  const app = withApp()
  const tileUrl = (layer: string, t: { z: number; x: number; y: number }) => `${app.url}/tiles/${layer}/${t.z}/${t.x}/${t.y}.pbf`

  /** Codes of the areas whose geometry intersects the tile envelope, per PostGIS. */
  async function codesInTile(level: string, t: { z: number; x: number; y: number }): Promise<string[]> {
    const r = await app.db.knex.raw(
      `SELECT code FROM areas WHERE level = ? AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope(?, ?, ?), 4326)) ORDER BY code`,
      [level, t.z, t.x, t.y],
    )
    return r.rows.map((x: { code: string }) => x.code)
  }

  it('picks ST_AsMVT where PostGIS has protobuf-c and geojson-vt where it does not (PGlite)', async () => {
    expect(BD).toEqual({ z: 12, x: 2049, y: 1361 })
    expect(await tileEncoder(app.db)).toBe(backend === 'server' ? 'postgis' : 'geojson-vt')
  })

  it('serves the LSOAs intersecting a central B&D z12 tile with their codes, ids and IMD scores', async () => {
    const res = await fetch(tileUrl('lsoa21', BD))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const vt = await decode(res)
    expect(Object.keys(vt.layers)).toEqual(['lsoa21'])
    const layer = vt.layers.lsoa21
    expect(layer).toMatchObject({ version: 2, extent: 4096, name: 'lsoa21' })

    const expected = await codesInTile('lsoa21', BD)
    expect(expected.length).toBeGreaterThan(50)
    expect(expected.length).toBeLessThan(115)
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    expect(features.map((f) => f.properties.code).sort()).toEqual(expected)

    const imd = await app.db.knex('indicator_values').where({ indicator_id: 'imd_score_2019', level: 'lsoa21' }).whereIn('code', expected).select('code', 'value')
    const imdByCode = new Map(imd.map((r: { code: string; value: number }) => [r.code, Number(r.value)]))
    expect(imdByCode.size).toBe(expected.length)
    for (const f of features) {
      const code = f.properties.code as string
      expect(f.id).toBe(areaId(code))
      expect(f.type).toBe(3)
      expect(f.properties.imd_score_2019).toBe(imdByCode.get(code))
      expect(typeof f.properties.name).toBe('string')
      expect(Object.values(f.properties).every((v) => v !== null && v !== '')).toBe(true)
    }
  })

  it('serves wards, localities and the borough with the same ids on every request', async () => {
    for (const level of ['ward', 'locality', 'borough']) {
      const [a, b] = await Promise.all([fetch(tileUrl(level, BD)), fetch(tileUrl(level, BD))])
      const [la, lb] = [(await decode(a)).layers[level], (await decode(b)).layers[level]]
      const ids = (l: typeof la) => Array.from({ length: l.length }, (_, i) => [l.feature(i).id, l.feature(i).properties.code])
      expect(ids(la)).toEqual(ids(lb))
      expect(ids(la).map(([, code]) => code).sort()).toEqual(await codesInTile(level, BD))
      for (const [id, code] of ids(la)) expect(id).toBe(areaId(code as string))
    }
  })

  it('serves published assets as points with their asset ids and properties', async () => {
    const res = await fetch(tileUrl('assets', BD))
    expect(res.status).toBe(200)
    const layer = (await decode(res)).layers.assets
    const expected = await app.db.knex.raw(
      `SELECT id, category, name, precision, status FROM assets
       WHERE verified AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope(?, ?, ?), 4326)) ORDER BY id`,
      [BD.z, BD.x, BD.y],
    )
    expect(expected.rows.length).toBeGreaterThan(20)
    const got = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    expect(got.map((f) => f.id)).toEqual(expected.rows.map((r: { id: number }) => Number(r.id)))
    for (const [i, f] of got.entries()) {
      const row = expected.rows[i]
      expect(f.type).toBe(1)
      expect(f.properties).toEqual({ id: Number(row.id), category: row.category, name: row.name, precision: row.precision, status: row.status })
    }
  })

  it('answers a tile with no features with 204 and the same caching headers', async () => {
    const res = await fetch(tileUrl('lsoa21', { z: 12, x: 0, y: 0 }))
    expect(res.status).toBe(204)
    expect(await res.arrayBuffer()).toHaveProperty('byteLength', 0)
    expect(res.headers.get('etag')).toMatch(/^W\/"v\d+-tile-lsoa21-12-0-0"$/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
  })

  it('names tiles by data version with a weak ETag and answers If-None-Match with 304', async () => {
    const res = await fetch(tileUrl('ward', BD))
    expect(res.status).toBe(200)
    const etag = res.headers.get('etag')!
    const { dataVersion } = await (await fetch(`${app.url}/health`)).json()
    expect(etag).toBe(`W/"v${dataVersion}-tile-ward-12-${BD.x}-${BD.y}"`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    // As a browser revalidates from its cache. (fetch() adds Cache-Control: no-cache to a request
    // given If-None-Match without one, and Express rightly treats that as a reload.)
    const revalidate = (tag: string) => ({ headers: { 'If-None-Match': tag, 'Cache-Control': 'max-age=0' } })
    const again = await fetch(tileUrl('ward', BD), revalidate(etag))
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    const other = await fetch(tileUrl('ward', BD), revalidate('W/"v0-tile-ward-0-0-0"'))
    expect(other.status).toBe(200)
  })

  it('answers 304 without building when the client holds the current tile, cached here or not', async () => {
    const first = await fetch(tileUrl('locality', BD))
    const etag = first.headers.get('etag')!
    clearTileCache(app.db)
    const before = tileStats(app.db).builds
    const res = await fetch(tileUrl('locality', BD), { headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } })
    expect(res.status).toBe(304)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(tileStats(app.db).builds).toBe(before)
  })

  it('serves tiles gzip-compressed to clients that accept it, as vector tiles still', async () => {
    const res = await fetch(tileUrl('lsoa21', BD), { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect((await decode(res)).layers.lsoa21.length).toBeGreaterThan(50)
  })

  it('builds a tile once for concurrent and repeated requests, and again after an import bumps the data version', async () => {
    const t = { z: 13, x: BD.x * 2, y: BD.y * 2 }
    const before = tileStats(app.db).builds
    const first = await Promise.all(Array.from({ length: 5 }, () => fetch(tileUrl('lsoa21', t))))
    const bytes = await Promise.all(first.map(async (r) => Buffer.from(await r.arrayBuffer()).toString('base64')))
    expect(new Set(bytes).size).toBe(1)
    expect(tileStats(app.db).builds).toBe(before + 1)
    const etag = first[0].headers.get('etag')!
    expect((await fetch(tileUrl('lsoa21', t))).status).toBe(200)
    expect(tileStats(app.db).builds).toBe(before + 1)
    expect(tileStats(app.db).cachedTiles).toBeGreaterThan(0)

    const version = await bumpDataVersion(app.db.knex)
    const after = await fetch(tileUrl('lsoa21', t), { headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).toBe(`W/"v${version}-tile-lsoa21-${t.z}-${t.x}-${t.y}"`)
    expect(tileStats(app.db).builds).toBe(before + 2)
    // the tiles of the old version are gone, not left to age out
    expect(tileStats(app.db).cachedTiles).toBe(1)
  })

  it('serves a cached tile without a database round trip, and a data version announced by the database at once', async () => {
    const t = { z: 14, x: BD.x * 4 + 1, y: BD.y * 4 + 1 }
    expect((await fetch(tileUrl('lsoa21', t))).status).toBe(200)
    let queries = 0
    const count = () => { queries++ }
    app.db.knex.on('query', count)
    const hit = await fetch(tileUrl('lsoa21', t))
    app.db.knex.off('query', count)
    expect(hit.status).toBe(200)
    expect(queries).toBe(0)
    // Another writer (as a CLI import would be) bumps the version; the next plain request sees it.
    const version = await bumpDataVersion(app.db.knex)
    const want = `W/"v${version}-tile-lsoa21-${t.z}-${t.x}-${t.y}"`
    let etag = ''
    for (let i = 0; i < 40 && etag !== want; i++) {
      etag = (await fetch(tileUrl('lsoa21', t))).headers.get('etag') ?? ''
      if (etag !== want) await new Promise((r) => setTimeout(r, 50))
    }
    expect(etag).toBe(want)
  })

  it('serves gzip from the tile cache: the same tile, smaller, compressed once', async () => {
    const t = { z: 13, x: BD.x * 2 + 1, y: BD.y * 2 }
    const plain = await fetch(tileUrl('lsoa21', t), { headers: { 'Accept-Encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    const plainBytes = Buffer.from(await plain.arrayBuffer())
    const before = tileStats(app.db).cachedBytes
    const zipped = await fetch(tileUrl('lsoa21', t), { headers: { 'Accept-Encoding': 'gzip' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(plainBytes.byteLength)
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/)
    expect(Buffer.from(await zipped.arrayBuffer()).equals(plainBytes)).toBe(true) // fetch gunzips
    const filed = tileStats(app.db).cachedBytes
    expect(filed).toBeGreaterThan(before)
    await fetch(tileUrl('lsoa21', t), { headers: { 'Accept-Encoding': 'gzip' } })
    expect(tileStats(app.db).cachedBytes).toBe(filed)
  })

  it('sets the same security headers on tiles as on every other response', async () => {
    const [tile, other] = await Promise.all([fetch(tileUrl('ward', BD)), fetch(`${app.url}/api/catalogue`)])
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy', 'strict-transport-security']) {
      expect(tile.headers.get(h), h).toBe(other.headers.get(h))
    }
    expect(tile.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(tile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(tile.headers.get('access-control-expose-headers')).toBe(other.headers.get('access-control-expose-headers'))
  })

  it.each([
    ['a zoom beyond the grid', 'lsoa21/23/0/0', 'path.z'],
    ['a zoom below the layer range', 'lsoa21/3/4/2', 'path.z'],
    ['a zoom above the layer range', 'borough/17/0/0', 'path.z'],
    ['a non-integer zoom', 'lsoa21/12.5/0/0', 'path.z'],
    ['a signed index', 'lsoa21/12/+2049/1361', 'path.x'],
    ['x outside the grid at its zoom', 'lsoa21/12/4096/1361', 'path.x'],
    ['y outside the grid at its zoom', 'ward/12/2049/4096', 'path.y'],
    ['a negative y', 'ward/12/2049/-1', 'path.y'],
  ])('rejects %s with a 400 problem naming the parameter', async (_what, path, param) => {
    const res = await fetch(`${app.url}/tiles/${path}.pbf`)
    expect(res.status).toBe(400)
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/public/)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const p = await res.json()
    expect(p).toMatchObject({ type: '/problems/invalid-parameter', status: 400 })
    expect(p.issues.map((i: { path: string }) => i.path)).toContain(param)
  })

  it('rejects unknown query parameters with 400', async () => {
    const res = await fetch(`${tileUrl('lsoa21', BD)}?v=1`)
    expect(res.status).toBe(400)
    expect((await res.json()).issues[0].path).toBe('query')
  })

  it('answers an unknown layer with a 404 problem listing the layers', async () => {
    for (const url of [`${app.url}/tiles/parishes/12/2049/1361.pbf`, `${app.url}/tiles/parishes.json`]) {
      const res = await fetch(url)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      const p = await res.json()
      expect(p).toMatchObject({ type: '/problems/not-found', layer: 'parishes' })
      expect(p.detail).toContain('lsoa21, ward, locality, borough, context_lsoa21, assets')
    }
  })
})
