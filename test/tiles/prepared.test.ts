/**
 * Tiles read prepared rows (tile_areas) instead of pivoting indicator_values per feature per
 * request. Their bytes must be what the per-request query made: this file keeps that query, as it
 * was before the change, as the reference, and compares the bytes of every area layer's tiles
 * over Barking and Dagenham at several zooms, with the encoder this backend uses.
 */
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { bumpDataVersion } from '../../server/db/status'
import type { TileAddress } from '../../server/db/tiles'
import { buildTile, prepareTiles, tileCarriesValues, tileDefaults, tileEncoder, tileLayers, tileGeometryColumn, tileSimplify, tileUnitMetres, type TileEncoder, type TileLayer } from '../../server/domain/tiles'
import { generalisedColumns } from '../../server/domain/tiles/layers'
import { encodeTile } from '../../server/domain/tiles/geojsonVt'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { withApp } from '../support/app'
import { backend } from '../support/env'

function tileAt(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

// The pre-change tile SQL, verbatim in what it selects: properties aggregated per area per request.
const TILE_CTE = `tile AS MATERIALIZED (SELECT m, ST_Transform(m, 4326) AS g FROM (SELECT ST_TileEnvelope(?, ?, ?) AS m) e)`
const referenceFeatures = (values: boolean) => `SELECT ('x' || substr(md5(a.code), 1, 12))::bit(48)::bigint AS id,
    ${values ? "jsonb_build_object('code', a.code, 'name', a.name) || COALESCE(p.vals, '{}'::jsonb)" : "jsonb_build_object('code', a.code)"} AS props, a.geom
  FROM tile t JOIN areas a ON a.level = ? AND ST_Intersects(a.geom, t.g)
  LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(v.indicator_id, v.value) AS vals FROM indicator_values v
    WHERE v.level = a.level AND v.code = a.code AND v.indicator_id = ANY(?) AND NOT v.suppressed AND v.value IS NOT NULL
  ) p ON true`

/** The old query's tile; `values: false` keeps its geometry and code only (what tiles below valuesMinZoom carry). */
async function referenceTile(knex: Knex, layer: TileLayer, t: TileAddress, encoder: TileEncoder, values = tileCarriesValues(layer, t.z)): Promise<Uint8Array> {
  if (layer.source.kind !== 'areas') throw new Error('area layers only')
  const { extent, buffer } = tileDefaults
  const simplify = tileSimplify(layer, t.z)
  const src = [layer.source.level, layer.source.indicators]
  if (encoder === 'postgis') {
    const m = simplify * tileUnitMetres(t.z, extent)
    // Below zoom 12 the tile reads its band's generalised copy: made here from areas, as documented.
    const band = generalisedColumns.find((g) => g.column === tileGeometryColumn(layer, t.z))
    const full = band ? `ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(f.geom, 3857), ${band.toleranceMetres}::float8))` : 'ST_Transform(f.geom, 3857)'
    const geom = m > 0 ? `ST_Simplify(${full}, ${m}::float8, true)` : full
    const r = await knex.raw(
      `WITH ${TILE_CTE}, f AS (${referenceFeatures(values)})
       SELECT (SELECT ST_AsMVT(m, ?, ?, 'geom', 'id') FROM (
         SELECT f.id, f.props, ST_AsMVTGeom(${geom}, t.m, ?, ?, true) AS geom FROM f, tile t ORDER BY f.id
       ) m WHERE m.geom IS NOT NULL) AS mvt`,
      [t.z, t.x, t.y, ...src, layer.id, extent, extent, buffer],
    )
    const b = r.rows[0].mvt as Uint8Array | null
    return b ? new Uint8Array(b) : new Uint8Array(0)
  }
  const r = await knex.raw(
    `WITH ${TILE_CTE}, f AS (${referenceFeatures(values)})
     SELECT f.id, jsonb_strip_nulls(f.props) AS props, ST_AsGeoJSON(f.geom, 7) AS geometry FROM f ORDER BY f.id`,
    [t.z, t.x, t.y, ...src],
  )
  const rows = r.rows.map((row: { id: string; props: unknown; geometry: string }) => ({
    id: Number(row.id),
    properties: typeof row.props === 'string' ? JSON.parse(row.props) : row.props,
    geometry: JSON.parse(row.geometry),
  }))
  return encodeTile(rows, t, { name: layer.id, extent, buffer, simplify, maxZoom: layer.maxzoom })
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe(`prepared tile rows on the ${backend} backend`, () => {
  const app = withApp({ serve: false })
  let encoder: TileEncoder
  beforeAll(async () => {
    encoder = await tileEncoder(app.db)
  })

  const areaLayers = tileLayers.filter((l) => l.source.kind === 'areas')

  it('gives every area layer the same tile bytes as the per-request query, at every zoom over B&D', async () => {
    let compared = 0
    for (const layer of areaLayers) {
      for (const z of [8, 10, 12, 14, 16]) {
        if (z < layer.minzoom || z > layer.maxzoom) continue
        for (const [lon, lat] of [[0.13, 51.54], [0.16, 51.56], [0.08, 51.53]]) {
          const t = tileAt(lon, lat, z)
          const want = await referenceTile(app.db.knex, layer, t, encoder)
          const got = await buildTile(app.db, layer, t, encoder)
          expect(sha(got), `${layer.id} ${z}/${t.x}/${t.y}`).toBe(sha(want))
          if (want.byteLength > 0) compared++
        }
      }
    }
    // Most of these tiles hold features: the comparison is not of empty tiles.
    expect(compared).toBeGreaterThan(30)
  })

  it('keeps the geometry of the old tiles below the values zoom, carrying each area\'s code only', async () => {
    let compared = 0
    for (const layer of areaLayers) {
      for (const z of [6, 8, 9]) {
        if (z < layer.minzoom || z > layer.maxzoom || tileCarriesValues(layer, z)) continue
        const t = tileAt(0.13, 51.54, z)
        const old = new VectorTile(new PbfReader(await referenceTile(app.db.knex, layer, t, encoder, true))).layers[layer.id]
        const now = new VectorTile(new PbfReader(await buildTile(app.db, layer, t, encoder))).layers[layer.id]
        // the context layer is empty unless a context is imported: an empty tile in both is the same
        expect(now?.length ?? 0, `${layer.id} ${z}`).toBe(old?.length ?? 0)
        if (!old || !now) continue
        for (let i = 0; i < old.length; i++) {
          const a = old.feature(i)
          const b = now.feature(i)
          expect(b.id).toBe(a.id)
          expect(b.loadGeometry()).toEqual(a.loadGeometry())
          expect(Object.keys(b.properties)).toEqual(['code'])
          expect(b.properties).toEqual({ code: a.properties.code })
          expect(typeof a.properties.name).toBe('string')
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(30)
  })

  it('rebuilds the prepared rows when the data version changes, so a changed value shows in the next tile', async () => {
    const layer = areaLayers.find((l) => l.id === 'lsoa21')!
    const ind = (layer.source as { indicators: string[] }).indicators[0]
    const t = tileAt(0.13, 51.54, 12)
    const row = await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: ind, suppressed: false }).whereNotNull('value').first('code', 'value')
    expect(row).toBeTruthy()
    const before = await buildTile(app.db, layer, t, encoder)
    try {
      await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: ind, code: row.code }).update({ value: Number(row.value) + 1000 })
      await bumpDataVersion(app.db.knex)
      const changed = await buildTile(app.db, layer, t, encoder)
      expect(sha(changed)).not.toBe(sha(before))
      expect(sha(changed)).toBe(sha(await referenceTile(app.db.knex, layer, t, encoder)))
    } finally {
      await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: ind, code: row.code }).update({ value: row.value })
      await bumpDataVersion(app.db.knex)
    }
    expect(sha(await buildTile(app.db, layer, t, encoder))).toBe(sha(before))
  })

  it('keeps the prepared rows through a change that touches neither areas nor values (an asset edit)', async () => {
    await prepareTiles(app.db)
    const mark = async () => (await app.db.knex.raw('SELECT xmin::text AS x, areas_version AS v FROM tile_prepared')).rows[0]
    const before = await mark()
    await bumpDataVersion(app.db.knex)
    const layer = areaLayers.find((l) => l.id === 'ward')!
    expect((await buildTile(app.db, layer, tileAt(0.13, 51.54, 12), encoder)).byteLength).toBeGreaterThan(0)
    expect(await mark()).toEqual(before)
    // a statement on indicator_values (even one changing no row) makes them stale
    await app.db.knex('indicator_values').where({ code: 'none' }).update({ value: 0 })
    await prepareTiles(app.db)
    expect(Number((await mark()).v)).toBeGreaterThan(Number(before.v))
  })
})
