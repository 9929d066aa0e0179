/**
 * Building one tile: with PostGIS's ST_AsMVT where the database can, or with geojson-vt from the
 * same rows where it cannot (PGlite), from tile_areas prepared for the data version read with it.
 */
import type { Database } from '../../db/connect'
import { mvtTile, supportsMvt, tileFeatures, type MvtOptions, type TileAddress, type Versioned } from '../../db/tiles'
import { encodeTile } from './geojsonVt'
import { tileDefaults, tileUnitMetres, type TileLayer } from './layers'

export { tileUnitMetres }
import { preparedIsCurrent, prepareTiles } from './prepare'
import { stateOf, type TileEncoder } from './state'

/**
 * The encoder this database supports, probed once on first use: ST_AsMVT where PostGIS was built
 * with protobuf-c, else geojson-vt. A failed probe (database down) is not remembered.
 */
export function tileEncoder(db: Database): Promise<TileEncoder> {
  const s = stateOf(db)
  if (!s.encoder) {
    const probe = supportsMvt(db.knex).then((ok): TileEncoder => (ok ? 'postgis' : 'geojson-vt'))
    s.encoder = probe
    probe.then((e) => { s.encoderKnown = e }, () => { s.encoder = undefined })
  }
  return s.encoder
}

/** Encodes one tile, uncached, with the encoder given (tests compare the two; benchmarks time them). */
export async function buildTile(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Uint8Array> {
  return (await encode(db, layer, t, encoder)).value
}

/**
 * One tile with the data version it was read at. An area tile read from tile_areas built for an
 * older data version (or another catalogue) is rebuilt after preparing; a concurrent import can
 * make that race more than once, so a few tries.
 */
export async function encode(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Versioned<Uint8Array>> {
  stateOf(db).stats.builds++
  for (let attempt = 0; ; attempt++) {
    const built = await encodeOnce(db, layer, t, encoder)
    if (layer.source.kind !== 'areas' || preparedIsCurrent(built.prepared, built.areasVersion) || attempt >= 3) return built
    await prepareTiles(db)
  }
}

async function encodeOnce(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Versioned<Uint8Array>> {
  const { extent, buffer } = tileDefaults
  const simplify = tileSimplify(layer, t.z)
  const values = tileCarriesValues(layer, t.z)
  if (encoder === 'postgis') return mvtTile(db.knex, layer.source, t, tileMvtOptions(layer, t.z))
  const { version, prepared, areasVersion, value: rows } = await tileFeatures(db.knex, layer.source, t, values)
  return { version, prepared, areasVersion, value: encodeTile(rows, t, { name: layer.id, extent, buffer, simplify, maxZoom: layer.maxzoom }) }
}

/** Whether a layer's tiles at zoom z carry indicator values (see tileDefaults.valuesMinZoom). */
export function tileCarriesValues(layer: TileLayer, z: number): boolean {
  return layer.source.kind !== 'areas' || z >= tileDefaults.valuesMinZoom
}

/** Simplification tolerance in tile units: areas below their layer's maxzoom; never points. */
export function tileSimplify(layer: TileLayer, z: number): number {
  return z < layer.maxzoom && layer.source.kind === 'areas' ? tileDefaults.simplify : 0
}

/** The geometry an area tile at zoom z reads: a generalised band's column (below maxzoom), else the full one. */
export function tileGeometryColumn(layer: TileLayer, z: number): MvtOptions['geometry'] {
  if (layer.source.kind !== 'areas' || z >= layer.maxzoom) return undefined
  return tileDefaults.generalised.find((b) => z <= b.maxZoom)?.column
}

/** The ST_AsMVT options of a layer's tiles at zoom z (the service, its tests and the benchmarks use these). */
export function tileMvtOptions(layer: TileLayer, z: number): MvtOptions {
  const { extent, buffer } = tileDefaults
  return {
    name: layer.id, extent, buffer, simplifyMetres: tileSimplify(layer, z) * tileUnitMetres(z, extent),
    values: tileCarriesValues(layer, z), geometry: tileGeometryColumn(layer, z),
  }
}
