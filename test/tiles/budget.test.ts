/**
 * Low zooms stay small: every tile of every layer over Barking and Dagenham at zooms 6 to 12 is
 * within the tile size budget (tileDefaults.sizeBudgetBytes), built by this backend's encoder; and
 * below zoom 12 an area tile reads its band's generalised geometry, with the same features as the
 * full geometry gives and never more bytes. (The benchmark sweeps London at the same zooms.)
 */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { levelExtent } from '../../server/db/areas'
import { mvtTile } from '../../server/db/tiles'
import { buildTile, tileDefaults, tileEncoder, tileGeometryColumn, tileLayers, tileMvtOptions } from '../../server/domain/tiles'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

const ids = (bytes: Uint8Array, layer: string) => {
  if (!bytes.byteLength) return []
  const l = new VectorTile(new PbfReader(bytes)).layers[layer]
  return Array.from({ length: l.length }, (_, i) => ({ id: l.feature(i).id, properties: l.feature(i).properties }))
}

describe(`tile size budget on the ${backend} backend`, () => {
  const app = withApp({ serve: false })

  it('keeps every tile of every layer over B&D at zooms 6-12 within the size budget', async () => {
    const e = await levelExtent(app.db.knex, 'borough')
    expect(e).toBeTruthy()
    const [x0, y0, x1, y1] = e!
    const encoder = await tileEncoder(app.db)
    let built = 0
    let largest = 0
    for (const layer of tileLayers) {
      for (let z = Math.max(6, layer.minzoom); z <= Math.min(12, layer.maxzoom); z++) {
        for (let x = lonToX(x0, z); x <= lonToX(x1, z); x++) {
          for (let y = latToY(y1, z); y <= latToY(y0, z); y++) {
            const bytes = await buildTile(app.db, layer, { z, x, y }, encoder)
            expect(bytes.byteLength, `${layer.id}/${z}/${x}/${y}`).toBeLessThanOrEqual(tileDefaults.sizeBudgetBytes)
            largest = Math.max(largest, bytes.byteLength)
            if (bytes.byteLength) built++
          }
        }
      }
    }
    // Real tiles were measured: dozens hold features, and the largest is not a trivial one.
    expect(built).toBeGreaterThan(40)
    expect(largest).toBeGreaterThan(10_000)
  })

  if (backend === 'server') it('reads generalised geometry below zoom 12: the same features and properties, never more bytes', async () => {
    let compared = 0
    for (const layer of tileLayers.filter((l) => l.source.kind === 'areas')) {
      for (let z = Math.max(6, layer.minzoom); z <= 11; z++) {
        expect(tileGeometryColumn(layer, z), `${layer.id} z${z}`).toBeTruthy()
        const t = { z, x: lonToX(0.13, z), y: latToY(51.54, z) }
        const generalised = await buildTile(app.db, layer, t, 'postgis')
        const full = (await mvtTile(app.db.knex, layer.source, t, { ...tileMvtOptions(layer, z), geometry: undefined })).value
        expect(ids(generalised, layer.id), `${layer.id}/${z}`).toEqual(ids(full, layer.id))
        expect(generalised.byteLength).toBeLessThanOrEqual(full.byteLength)
        if (full.byteLength) compared++
      }
    }
    expect(compared).toBeGreaterThan(10)
    expect(tileGeometryColumn(tileLayers[0], 12)).toBeUndefined()
  })
})
