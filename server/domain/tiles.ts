/**
 * Vector tiles: the use-case behind /tiles. Resolves a layer and tile, names it by the data version
 * (the ETag), and serves its bytes from an in-process cache or builds them (tiles/build.ts).
 * Per-database state is in tiles/state.ts, the data version held in process in dataVersion.ts. The cache
 * holds the gzip bytes it serves next to the plain ones, each made once.
 */
import { promisify } from 'node:util'
import { gzip as gzipCb } from 'node:zlib'
import type { Database } from '../db/connect'
import type { TileAddress, Versioned } from '../db/tiles'
import { InvalidParameter, NotFound } from './errors'
import { encode, tileEncoder } from './tiles/build'
import { findTileLayer, tileDefaults, tileLayers, type TileLayer } from './tiles/layers'
import { currentDataVersion } from './dataVersion'
import { GZIP_SUFFIX, stateOf, tileVersionSource, versionRead, type TileState } from './tiles/state'
import { layerTileJson, type TileJson } from './tiles/tileJson'

export { findTileLayer, tileDefaults, tileLayers, type TileJson, type TileLayer }
export { buildTile, tileCarriesValues, tileEncoder, tileGeometryColumn, tileMvtOptions, tileSimplify, tileUnitMetres } from './tiles/build'
export { prepareTiles, tileLayersKey } from './tiles/prepare'
export { clearTileCache, setTileCacheBytes, tileStats, type TileEncoder, type TileStats } from './tiles/state'

/** Largest zoom of the grid the API accepts; each layer narrows it. */
export const MAX_TILE_ZOOM = 22

export interface TileRequest extends TileAddress {
  layer: string
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

/** What a tile request gets: the ETag, and the bytes unless the client's copy is current. */
export interface TileResponse {
  /** weak: plain and gzip bytes are the same tile */
  etag: string
  dataVersion: number
  /** null: not modified (304); empty: no feature in the tile (204) */
  bytes: Uint8Array | null
  /** gzip when the bytes are gzip-compressed (asked for, and the tile is not empty) */
  encoding: 'gzip' | 'identity'
}

export interface TileConditions {
  /** Given a request's If-None-Match: whether the client's copy named by this ETag is current. */
  notModified?: (etag: string) => boolean
  /** the client accepts gzip: the cached compressed bytes are served */
  gzip?: boolean
}

/** Named by the data version first, like every versioned response (http/versionedEtag.ts). */
const tileEtag = (version: number, layer: TileLayer, t: TileAddress) => `W/"v${version}-tile-${layer.id}-${t.z}-${t.x}-${t.y}"`

const gzip = promisify(gzipCb)

/**
 * One tile. A zoom outside the layer's range is an InvalidParameter (400), an unknown layer a
 * NotFound (404). An import shows at once:
 * - a cached tile at the version held here is served without a database round trip while the
 *   database's data version watch is live (domain/dataVersion.ts); otherwise the version is read first;
 * - a conditional request reads the version first (a revalidation must not answer "not modified"
 *   in the instant between an import's commit and its announcement), then answers 304, serves the
 *   cached bytes, or builds;
 * - any other request builds straight away, reading the version in the same statement (one round
 *   trip, and the tile is filed under the version its data was read at).
 * Concurrent requests for one tile share one build.
 */
export async function getTile(db: Database, req: TileRequest, cond: TileConditions = {}): Promise<TileResponse> {
  const layer = resolveTileLayer(req.layer)
  if (req.z < layer.minzoom || req.z > layer.maxzoom) {
    throw new InvalidParameter(`Layer "${layer.id}" has tiles at zoom ${layer.minzoom} to ${layer.maxzoom}, not ${req.z}.`, [
      { path: 'path.z', message: `must be from ${layer.minzoom} to ${layer.maxzoom} for layer ${layer.id}` },
    ])
  }
  const t: TileAddress = { z: req.z, x: req.x, y: req.y }
  const s = stateOf(db)
  const tileKey = `${layer.id}/${t.z}/${t.x}/${t.y}`
  const held = tileVersionSource(db, s)?.held()
  if (!cond.notModified && held !== undefined) {
    versionRead(s, held)
    const hit = s.cache.get(`${held}/${tileKey}`)
    if (hit) {
      s.stats.hits++
      return served(s, held, tileKey, tileEtag(held, layer, t), hit, cond.gzip)
    }
  } else if (cond.notModified || s.cache.has(`${s.version}/${tileKey}`)) {
    // a revalidation reads the version itself: another node's write may be committed and its NOTIFY still on its way
    const version = await currentDataVersion(db, { fresh: !!cond.notModified })
    versionRead(s, version)
    const etag = tileEtag(version, layer, t)
    if (cond.notModified?.(etag)) return { etag, dataVersion: version, bytes: null, encoding: 'identity' }
    const hit = s.cache.get(`${version}/${tileKey}`)
    if (hit) {
      s.stats.hits++
      return served(s, version, tileKey, etag, hit, cond.gzip)
    }
  }
  s.stats.misses++
  let pending = s.inflight.get(tileKey)
  if (!pending) {
    pending = buildAndFile(db, s, layer, t, tileKey)
    s.inflight.set(tileKey, pending)
  }
  const built = await pending
  const etag = tileEtag(built.version, layer, t)
  if (cond.notModified?.(etag)) return { etag, dataVersion: built.version, bytes: null, encoding: 'identity' }
  return served(s, built.version, tileKey, etag, built.value, cond.gzip)
}

/** Builds a tile and files it in the cache, unless it read an older version than another request has seen. */
async function buildAndFile(db: Database, s: TileState, layer: TileLayer, t: TileAddress, tileKey: string): Promise<Versioned<Uint8Array>> {
  try {
    // The encoder is probed once: once known it is read, not awaited.
    const built = await encode(db, layer, t, s.encoderKnown ?? (await tileEncoder(db)))
    versionRead(s, built.version)
    if (built.version === s.version) s.cache.set(`${built.version}/${tileKey}`, built.value)
    return built
  } finally {
    s.inflight.delete(tileKey)
  }
}

/** The plain bytes, or their gzip from the cache (compressed once, filed beside them). */
function served(s: TileState, version: number, tileKey: string, etag: string, plain: Uint8Array, wantGzip?: boolean): TileResponse | Promise<TileResponse> {
  if (!wantGzip || plain.byteLength === 0) return { etag, dataVersion: version, bytes: plain, encoding: 'identity' }
  const key = `${version}/${tileKey}${GZIP_SUFFIX}`
  const gz = s.cache.get(key)
  if (gz) return { etag, dataVersion: version, bytes: gz, encoding: 'gzip' }
  return gzip(plain).then((b) => {
    const bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    if (version === s.version && s.cache.has(`${version}/${tileKey}`)) s.cache.set(key, bytes)
    return { etag, dataVersion: version, bytes, encoding: 'gzip' }
  })
}
