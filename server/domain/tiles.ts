/**
 * Vector tiles: the use-case behind /tiles. Resolves a layer and tile, names it by the data version
 * (the ETag), and serves its bytes from an in-process cache or builds them with PostGIS's ST_AsMVT
 * where the database can, or with geojson-vt from the same rows where it cannot (PGlite).
 *
 * State (cache, build counters, the encoder probe) is kept per Database, so two apps on two
 * databases never share tiles, and an import that bumps the data version empties the cache.
 */
import type { Database } from '../db/connect'
import { dataVersion } from '../db/status'
import { mvtTile, supportsMvt, tileFeatures, type TileAddress } from '../db/tiles'
import { InvalidParameter, NotFound } from './errors'
import { ByteLru } from './tiles/byteLru'
import { encodeTile } from './tiles/geojsonVt'
import { findTileLayer, tileDefaults, tileLayers, type TileLayer } from './tiles/layers'
import { layerTileJson, type TileJson } from './tiles/tileJson'

export { tileDefaults, tileLayers, type TileJson, type TileLayer }

/** Who encodes tiles: PostGIS (ST_AsMVT) or geojson-vt + vt-pbf in this process. */
export type TileEncoder = 'postgis' | 'geojson-vt'

/** Largest zoom of the grid the API accepts; each layer narrows it. */
export const MAX_TILE_ZOOM = 22

export interface TileRequest extends TileAddress {
  layer: string
}

export interface LocatedTile extends TileAddress {
  layer: TileLayer
  dataVersion: number
  /** weak: the compression middleware may change the bytes on the wire, not what they mean */
  etag: string
}

export interface TileStats {
  /** tiles encoded (cache misses that reached the database) */
  builds: number
  hits: number
  misses: number
}

interface TileState {
  cache: ByteLru
  /** the data version the cache holds tiles for */
  version: number
  inflight: Map<string, Promise<Uint8Array>>
  encoder?: Promise<TileEncoder>
  stats: TileStats
}

const states = new WeakMap<Database, TileState>()

function stateOf(db: Database): TileState {
  let s = states.get(db)
  if (!s) {
    s = { cache: new ByteLru(tileDefaults.cacheBytes), version: -1, inflight: new Map(), stats: { builds: 0, hits: 0, misses: 0 } }
    states.set(db, s)
  }
  return s
}

/** Counters for one database's tiles, plus what the cache holds now. */
export function tileStats(db: Database): TileStats & { cachedTiles: number; cachedBytes: number } {
  const s = stateOf(db)
  return { ...s.stats, cachedTiles: s.cache.size, cachedBytes: s.cache.bytes }
}

/** Empties one database's tile cache (benchmarks measure uncached tiles this way). */
export function clearTileCache(db: Database): void {
  stateOf(db).cache.clear()
}

/**
 * The encoder this database supports, probed once on first use: ST_AsMVT where PostGIS was built
 * with protobuf-c, else geojson-vt. A failed probe (database down) is not remembered.
 */
export function tileEncoder(db: Database): Promise<TileEncoder> {
  const s = stateOf(db)
  if (!s.encoder) {
    s.encoder = supportsMvt(db.knex).then((ok) => (ok ? 'postgis' : 'geojson-vt'))
    s.encoder.catch(() => { s.encoder = undefined })
  }
  return s.encoder
}

/** The layer named in a URL, or NotFound (404) listing the layers. */
export function resolveTileLayer(id: string): TileLayer {
  const layer = findTileLayer(id)
  if (!layer) throw new NotFound(`Unknown tile layer "${id}" (layers: ${tileLayers.map((l) => l.id).join(', ')})`, { layer: id })
  return layer
}

/** TileJSON 3.0.0 for a layer (404 if unknown), with tile URLs under `baseUrl`. */
export async function getTileJson(db: Database, layerId: string, baseUrl: string): Promise<TileJson> {
  return layerTileJson(db, resolveTileLayer(layerId), baseUrl)
}

/**
 * Names the tile: its layer, the current data version and the ETag; builds nothing. A zoom outside
 * the layer's range is an InvalidParameter (400), like a tile outside the grid.
 */
export async function locateTile(db: Database, req: TileRequest): Promise<LocatedTile> {
  const layer = resolveTileLayer(req.layer)
  if (req.z < layer.minzoom || req.z > layer.maxzoom) {
    throw new InvalidParameter(`Layer "${layer.id}" has tiles at zoom ${layer.minzoom} to ${layer.maxzoom}, not ${req.z}.`, [
      { path: 'path.z', message: `must be from ${layer.minzoom} to ${layer.maxzoom} for layer ${layer.id}` },
    ])
  }
  const version = await dataVersion(db.knex)
  const { z, x, y } = req
  return { layer, z, x, y, dataVersion: version, etag: `W/"tile-${version}-${layer.id}-${z}-${x}-${y}"` }
}

/**
 * The tile's bytes (empty when no feature is in it), from the cache or built once however many
 * requests ask for it at the same time.
 */
export async function tileBytes(db: Database, t: LocatedTile): Promise<Uint8Array> {
  const s = stateOf(db)
  // A newer data version makes every cached tile stale: drop them all rather than wait for eviction.
  if (t.dataVersion > s.version) {
    s.cache.clear()
    s.version = t.dataVersion
  }
  const key = `${t.dataVersion}/${t.layer.id}/${t.z}/${t.x}/${t.y}`
  const hit = s.cache.get(key)
  if (hit) {
    s.stats.hits++
    return hit
  }
  s.stats.misses++
  let pending = s.inflight.get(key)
  if (!pending) {
    pending = tileEncoder(db)
      .then((encoder) => buildTile(db, t.layer, t, encoder))
      .then((bytes) => {
        // A request that read an older version while an import committed builds newer data: serve it, don't file it.
        if (t.dataVersion === s.version) s.cache.set(key, bytes)
        return bytes
      })
      .finally(() => s.inflight.delete(key))
    s.inflight.set(key, pending)
  }
  return pending
}

/** Encodes one tile, uncached, with the encoder given (tests compare the two; benchmarks time them). */
export async function buildTile(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Uint8Array> {
  stateOf(db).stats.builds++
  const { extent, buffer } = tileDefaults
  const simplify = t.z < layer.maxzoom && layer.source.kind === 'areas' ? tileDefaults.simplify : 0
  if (encoder === 'postgis') {
    return mvtTile(db.knex, layer.source, t, { name: layer.id, extent, buffer, simplifyMetres: simplify * tileUnitMetres(t.z, extent) })
  }
  const rows = await tileFeatures(db.knex, layer.source, t)
  return encodeTile(rows, t, { name: layer.id, extent, buffer, simplify, maxZoom: layer.maxzoom })
}

/** Half the circumference of the EPSG:3857 world, in metres. */
const MERCATOR_HALF_WORLD = 20037508.342789244

/** Width in EPSG:3857 metres of one tile unit at zoom z. */
export function tileUnitMetres(z: number, extent: number): number {
  return (2 * MERCATOR_HALF_WORLD) / 2 ** z / extent
}
