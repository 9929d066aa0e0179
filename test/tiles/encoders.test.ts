import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { buildTile, resolveTileLayer, tileLayers } from '../../server/domain/tiles'
import { withApp } from '../support/app'
import { backend } from '../support/env'

function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

// Tiles over the borough at every zoom from 10 to 16: the centre, the west (Barking town) and
// the east (Dagenham, the Thames edge), so tiles cut through areas at different places.
const PLACES = [[0.13, 51.54], [0.08, 51.535], [0.165, 51.525]] as const
const TILES = PLACES.flatMap(([lon, lat]) => [10, 11, 12, 13, 14, 15, 16].map((z) => tileAt(lon, lat, z)))

interface Decoded { id: number; properties: Record<string, unknown>; bbox: [number, number, number, number] }

function decode(bytes: Uint8Array, layer: string): Decoded[] {
  if (!bytes.byteLength) return []
  const l = new VectorTile(new PbfReader(bytes)).layers[layer]
  const out: Decoded[] = []
  for (let i = 0; i < l.length; i++) {
    const f: VectorTileFeature = l.feature(i)
    out.push({ id: f.id!, properties: f.properties, bbox: f.bbox() as Decoded['bbox'] })
  }
  return out.sort((a, b) => a.id - b.id)
}

describe(`tile encoders on the ${backend} backend`, () => {
  const app = withApp({ serve: false })

  // Each backend checks what it can: the server compares both encoders, the embedded one has only geojson-vt.
  if (backend === 'server') it('ST_AsMVT and geojson-vt give the same features, ids and properties for every layer over B&D at z10-16', async () => {
    let compared = 0
    const bboxDiffs: number[] = []
    for (const layer of tileLayers) {
      for (const t of TILES.filter((x) => x.z >= layer.minzoom && x.z <= layer.maxzoom)) {
        const where = `${layer.id} ${t.z}/${t.x}/${t.y}`
        const pg = decode(await buildTile(app.db, layer, t, 'postgis'), layer.id)
        const js = decode(await buildTile(app.db, layer, t, 'geojson-vt'), layer.id)
        expect(js.map((f) => f.id), where).toEqual(pg.map((f) => f.id))
        for (const [i, f] of pg.entries()) {
          expect(js[i].properties, `${where} ${f.id}`).toEqual(f.properties)
          const diff = Math.max(...f.bbox.map((v, k) => Math.abs(v - js[i].bbox[k])))
          // Geometry may differ by clipping and simplification arithmetic (a sliver or a tiny ring one
          // keeps and the other drops), never by more than half the buffer: 32 of 4096 units.
          expect(diff, `${where} ${f.id} bbox`).toBeLessThanOrEqual(32)
          bboxDiffs.push(diff)
        }
        compared += pg.length
      }
    }
    expect(compared).toBeGreaterThan(300)
    // and almost always agree to within 2 units (a quarter of a pixel on a 512 px tile)
    expect(bboxDiffs.filter((d) => d <= 2).length / bboxDiffs.length).toBeGreaterThan(0.95)
  })

  if (backend === 'embedded') it('the embedded PostGIS cannot encode tiles, so geojson-vt does', async () => {
    const lsoa = resolveTileLayer('lsoa21')
    const t = tileAt(0.13, 51.54, 12)
    await expect(buildTile(app.db, lsoa, t, 'postgis')).rejects.toThrow(/protobuf/)
    expect(decode(await buildTile(app.db, lsoa, t, 'geojson-vt'), 'lsoa21').length).toBeGreaterThan(50)
  })

  it('keeps every LSOA in the z16 tiles it touches, unsimplified at the layer maxzoom', async () => {
    const lsoa = resolveTileLayer('lsoa21')
    const t = tileAt(0.13, 51.54, 16)
    const r = await app.db.knex.raw(
      `SELECT count(*)::int n FROM areas WHERE level = 'lsoa21' AND ST_Intersects(geom, ST_Transform(ST_TileEnvelope(?, ?, ?), 4326))`,
      [t.z, t.x, t.y],
    )
    const encoder = backend === 'server' ? 'postgis' : 'geojson-vt'
    expect(decode(await buildTile(app.db, lsoa, t, encoder), 'lsoa21')).toHaveLength(r.rows[0].n)
  })
})
