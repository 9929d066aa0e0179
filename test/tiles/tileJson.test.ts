import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { indicators } from '../../server/catalogue/indicators'
import { withApp } from '../support/app'
import { backend } from '../support/env'

// Generous box around Barking and Dagenham (the borough is about lon 0.07-0.19, lat 51.51-51.60).
const BD_BOX = { minLon: 0.0, minLat: 51.45, maxLon: 0.25, maxLat: 51.65 }

interface TileJson {
  tilejson: string
  name: string
  attribution: string
  scheme: string
  tiles: string[]
  minzoom: number
  maxzoom: number
  bounds: [number, number, number, number]
  center: [number, number, number]
  vector_layers: Array<{ id: string; minzoom: number; maxzoom: number; fields: Record<string, string> }>
}

describe(`TileJSON on the ${backend} backend`, () => {
  const app = withApp()

  const get = async (layer: string): Promise<TileJson> => {
    const res = await fetch(`${app.url}/tiles/${layer}.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    return res.json()
  }

  it('describes the LSOA layer: absolute tile URL, zooms, bounds inside B&D, fields from the catalogue, attribution', async () => {
    const tj = await get('lsoa21')
    expect(tj).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 8, maxzoom: 16 })
    expect(tj.tiles).toEqual([`${app.url}/tiles/lsoa21/{z}/{x}/{y}.pbf`])
    const [x0, y0, x1, y1] = tj.bounds
    expect(x0).toBeGreaterThan(BD_BOX.minLon)
    expect(y0).toBeGreaterThan(BD_BOX.minLat)
    expect(x1).toBeLessThan(BD_BOX.maxLon)
    expect(y1).toBeLessThan(BD_BOX.maxLat)
    expect(x0).toBeLessThan(x1)
    expect(y0).toBeLessThan(y1)
    expect(tj.center[0]).toBeGreaterThan(x0)
    expect(tj.center[0]).toBeLessThan(x1)

    expect(tj.vector_layers).toHaveLength(1)
    const vl = tj.vector_layers[0]
    expect(vl).toMatchObject({ id: 'lsoa21', minzoom: 8, maxzoom: 16 })
    expect(Object.keys(vl.fields)).toEqual(expect.arrayContaining(['code', 'name', 'imd_score_2019', 'imd_decile_2019']))
    expect(vl.fields.imd_score_2019).toContain('Index of Multiple Deprivation: score')
    // only indicators the catalogue marks for tiles
    const tileIds = new Set(indicators.filter((d) => d.tile).map((d) => d.id))
    for (const f of Object.keys(vl.fields)) if (f !== 'code' && f !== 'name') expect(tileIds.has(f), f).toBe(true)
    expect(vl.fields.imd_rank_2019).toBeUndefined()
    expect(tj.attribution).toContain('Office for National Statistics')
  })

  it('lists every property the tiles carry among its fields, following its own tile URL', async () => {
    for (const layer of ['lsoa21', 'ward', 'assets']) {
      const tj = await get(layer)
      const url = tj.tiles[0].replace('{z}', '12').replace('{x}', '2049').replace('{y}', '1361')
      const res = await fetch(url)
      expect(res.status).toBe(200)
      const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())))
      const l = vt.layers[layer]
      expect(l.length).toBeGreaterThan(0)
      const seen = new Set<string>()
      for (let i = 0; i < l.length; i++) for (const k of Object.keys(l.feature(i).properties)) seen.add(k)
      expect([...seen].filter((k) => !(k in tj.vector_layers[0].fields)), layer).toEqual([])
    }
  })

  it('describes the assets layer with its point fields and bounds around the borough', async () => {
    const tj = await get('assets')
    expect(tj.vector_layers[0].fields).toEqual({
      id: expect.any(String), category: expect.stringContaining('gp'), name: expect.any(String),
      precision: expect.stringContaining('postcode'), status: expect.any(String),
    })
    const [x0, y0, x1, y1] = tj.bounds
    // hospitals within 3 km of the borough are included, so allow a wider box
    expect(x0).toBeGreaterThan(-0.1)
    expect(y0).toBeGreaterThan(51.4)
    expect(x1).toBeLessThan(0.35)
    expect(y1).toBeLessThan(51.7)
    expect(tj.attribution.length).toBeGreaterThan(10)
  })

  it('gives the borough and locality layers the whole zoom range', async () => {
    for (const layer of ['borough', 'locality']) {
      const tj = await get(layer)
      expect(tj).toMatchObject({ minzoom: 0, maxzoom: 16 })
      expect(Object.keys(tj.vector_layers[0].fields)).toEqual(expect.arrayContaining(['code', 'name', 'imd_score_2019']))
    }
  })
})
