/**
 * The in-process tile encoder, for PostGIS builds without ST_AsMVT (PGlite's has no protobuf-c):
 * slices the tile's features with geojson-vt and serialises them with vt-pbf, using the same
 * extent, buffer and simplification tolerance as the PostGIS encoder.
 */
import GeoJSONVT from 'geojson-vt'
import vtpbf from 'vt-pbf'
import type { TileAddress, TileFeatureRow } from '../../db/tiles'

export interface EncodeOptions {
  /** MVT layer name */
  name: string
  extent: number
  buffer: number
  /** Douglas-Peucker tolerance in tile units below maxZoom */
  simplify: number
  /** the layer's maxzoom: the zoom kept unsimplified, as the PostGIS encoder does */
  maxZoom: number
}

/** Encodes one tile; empty bytes when no feature survives clipping. */
export function encodeTile(rows: TileFeatureRow[], t: TileAddress, o: EncodeOptions): Uint8Array {
  if (!rows.length) return new Uint8Array(0)
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: rows.map((r) => ({ type: 'Feature', id: r.id, properties: r.properties, geometry: r.geometry })),
  }
  // indexMaxZoom 0: index only the world tile, then drill down along the one path to z/x/y.
  const index = new GeoJSONVT(data, {
    maxZoom: o.maxZoom, indexMaxZoom: 0, tolerance: o.simplify, extent: o.extent, buffer: o.buffer,
  })
  const tile = index.getTile(t.z, t.x, t.y)
  if (!tile || tile.features.length === 0) return new Uint8Array(0)
  return vtpbf.fromGeojsonVt({ [o.name]: tile }, { version: 2, extent: o.extent })
}
