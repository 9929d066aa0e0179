import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { backend } from '../support/env'

// Fixture assets far out in the Celtic Sea, so a bbox around them selects exactly these whatever
// the imported asset datasets hold; removed again (with their dataset) after the file.
const DATASET = 'test_ogc_assets'
const BBOX = [-9.9, 49.0, -9.7, 49.2]
const FIXTURES = [
  { category: 'gp', name: 'Test Surgery', address: '1 Test Street', postcode: 'ZZ1 1ZZ', precision: 'exact', status: 'open', verified: true, lon: -9.85, lat: 49.05 },
  { category: 'library', name: 'Test Library', address: null, postcode: null, precision: 'postcode', status: 'closed', verified: true, lon: -9.8, lat: 49.1 },
  { category: 'gp', name: 'Unverified Suggestion', address: null, postcode: null, precision: 'building', status: 'open', verified: false, lon: -9.75, lat: 49.15 },
]

describe(`OGC assets collection on the ${backend} backend`, () => {
  const app = withApp()
  const json = async (path: string) => {
    const res = await fetch(`${app.url}${path}`)
    expect(res.status, path).toBe(200)
    return res.json()
  }

  beforeAll(async () => {
    await app.db.knex('datasets').where({ id: DATASET }).del()
    await app.db.knex('datasets').insert({
      id: DATASET, title: 'OGC test assets', publisher: 'Tests', licence: 'OGL v3.0', attribution: 'Test attribution',
      source_url: 'https://example.org/assets', vintage: '2024', checksum: 'none',
    })
    for (const [i, a] of FIXTURES.entries()) {
      await app.db.knex.raw(
        `INSERT INTO assets (category, name, address, postcode, source_ref, precision, status, verified, dataset_id, geom, geom_bng)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 27700))`,
        [a.category, a.name, a.address, a.postcode, `fixture-${i}`, a.precision, a.status, a.verified, DATASET, a.lon, a.lat, a.lon, a.lat],
      )
    }
  })
  afterAll(async () => {
    await app.db.knex('datasets').where({ id: DATASET }).del()
  })

  it('serves verified assets in a bbox as points with category, name, address, postcode, precision, status, source and licence', async () => {
    const res = await fetch(`${app.url}/ogc/collections/assets/items?bbox=${BBOX.join(',')}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const page = await res.json()
    expect(page.numberMatched).toBe(2)
    expect(page.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(['Test Library', 'Test Surgery'])
    const gp = page.features.find((f: { properties: { category: string } }) => f.properties.category === 'gp')
    expect(typeof gp.id).toBe('number')
    expect(gp.geometry).toEqual({ type: 'Point', coordinates: [-9.85, 49.05] })
    expect(gp.properties).toMatchObject({
      category: 'gp', name: 'Test Surgery', address: '1 Test Street', postcode: 'ZZ1 1ZZ', precision: 'exact', status: 'open',
      source: 'OGC test assets', licence: 'OGL v3.0',
    })
  })

  it('filters assets by category', async () => {
    const page = await json(`/ogc/collections/assets/items?bbox=${BBOX.join(',')}&category=library`)
    expect(page.numberMatched).toBe(1)
    expect(page.features[0].properties).toMatchObject({ name: 'Test Library', status: 'closed', address: null })
  })

  it('rejects an unknown category with 400 problem+json', async () => {
    const res = await fetch(`${app.url}/ogc/collections/assets/items?category=casino`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await res.json()).detail).toMatch(/category/)
  })

  it('returns one asset by id and hides unverified suggestions', async () => {
    const ids = (await app.db.knex('assets').where({ dataset_id: DATASET }).orderBy('source_ref').select('id')).map((r: { id: number }) => Number(r.id))
    const f = await json(`/ogc/collections/assets/items/${ids[0]}`)
    expect(f).toMatchObject({ type: 'Feature', id: ids[0], properties: { name: 'Test Surgery' } })
    const hidden = await fetch(`${app.url}/ogc/collections/assets/items/${ids[2]}`)
    expect(hidden.status).toBe(404)
  })

  it('gives the assets collection an extent covering every verified asset', async () => {
    const c = await json('/ogc/collections/assets')
    const [x0, y0, x1, y1] = c.extent.spatial.bbox[0]
    expect(x0).toBeLessThanOrEqual(-9.85)
    expect(y0).toBeLessThanOrEqual(49.05)
    expect(x1).toBeGreaterThanOrEqual(-9.8)
    expect(y1).toBeGreaterThanOrEqual(49.1)
    expect(c.description).toMatch(/category=/)
    expect(c.categories.map((k: { id: string }) => k.id)).toContain('family_hub')
  })
})
