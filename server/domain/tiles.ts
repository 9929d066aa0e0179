/**
 * Vector tiles: the use-case behind /tiles. Resolves a layer and tile, names it by the data version
 * (the ETag), and serves its bytes from an in-process cache or builds them with PostGIS's ST_AsMVT
 * where the database can, or with geojson-vt from the same rows where it cannot (PGlite).
 *
 * State (cache, build counters, the encoder probe) is kept per Database, so two apps on two
 * databases never share tiles, and an import that bumps the data version empties the cache.
 * The data version is held here: the database announces each change (NOTIFY atlas_data_version,
 * migration 120) and a cache hit asks nothing while the listener is connected; without it (not
 * yet connected, or its connection lost) a cache hit reads the version first, as it always did.
 * The cache holds the gzip bytes it serves next to the plain ones, each made once.
 */
import { promisify } from 'node:util'
import { gzip as gzipCb } from 'node:zlib'
import type { Database } from '../db/connect'
import type { Listening } from '../db/notifications'
import { dataVersion } from '../db/status'
import { mvtTile, prepareTileAreas, supportsMvt, tileFeatures, type TileAddress, type TilePrepared, type Versioned } from '../db/tiles'
import { InvalidParameter, NotFound } from './errors'
import { ByteLru } from './tiles/byteLru'
import { encodeTile } from './tiles/geojsonVt'
import { findTileLayer, tileDefaults, tileLayers, type TileLayer } from './tiles/layers'
import { layerTileJson, type TileJson } from './tiles/tileJson'

export { findTileLayer, tileDefaults, tileLayers, type TileJson, type TileLayer }

/** Who encodes tiles: PostGIS (ST_AsMVT) or geojson-vt + vt-pbf in this process. */
export type TileEncoder = 'postgis' | 'geojson-vt'

/** Largest zoom of the grid the API accepts; each layer narrows it. */
export const MAX_TILE_ZOOM = 22

export interface TileRequest extends TileAddress {
  layer: string
}

export interface TileStats {
  /** tiles encoded (cache misses that reached the database) */
  builds: number
  hits: number
  misses: number
}

interface TileState {
  cache: ByteLru
  /** the newest data version seen: the cache holds tiles of this version only */
  version: number
  /** `version` is current without asking: the listener is connected and a version was read since it connected */
  live: boolean
  /** the listener is connected (LISTEN in place) */
  listening: boolean
  /** bumped whenever the listener connects or is lost: a version read across a change is not trusted */
  epoch: number
  watch?: Listening
  /** a background preparation of tile_areas is running, and whether another is owed after it */
  preparing?: Promise<void>
  prepareAgain?: boolean
  /** builds under way, by layer/z/x/y */
  inflight: Map<string, Promise<Versioned<Uint8Array>>>
  encoder?: Promise<TileEncoder>
  stats: TileStats
}

const states = new WeakMap<Database, TileState>()

export const DATA_VERSION_CHANNEL = 'atlas_data_version'

/** Sizes this database's tile cache (TILE_CACHE_BYTES), emptying it; called once at start by the composition root. */
export function setTileCacheBytes(db: Database, bytes: number): void {
  stateOf(db).cache = new ByteLru(bytes)
}

function stateOf(db: Database): TileState {
  let s = states.get(db)
  if (!s) {
    const st: TileState = {
      cache: new ByteLru(tileDefaults.cacheBytes), version: -1, live: false, listening: false, epoch: 0,
      inflight: new Map(), stats: { builds: 0, hits: 0, misses: 0 },
    }
    s = st
    states.set(db, st)
    st.watch = db.listen?.(DATA_VERSION_CHANNEL, {
      notify: (payload) => {
        observeVersion(st, Number(payload))
        // The change may be to areas or values: prepare tile_areas now, off the request path.
        prepareInBackground(db, st)
      },
      state: (up) => {
        st.listening = up
        st.live = false
        st.epoch++
      },
    })
  }
  return s
}

/** One background preparation at a time; a change announced meanwhile owes one more. */
function prepareInBackground(db: Database, s: TileState): void {
  if (s.preparing) { s.prepareAgain = true; return }
  s.preparing = prepareTiles(db)
    .catch(() => {}) // the next tile prepares on demand and reports what fails
    .finally(() => {
      s.preparing = undefined
      if (s.prepareAgain) { s.prepareAgain = false; prepareInBackground(db, s) }
    })
}

/** A version read from the database: the newest seen, and trusted if the listener was up throughout. */
function versionRead(s: TileState, version: number, epoch: number): void {
  observeVersion(s, version)
  if (s.listening && s.epoch === epoch) s.live = true
}

/** Counters for one database's tiles, plus what the cache holds now (tiles: their gzip copies not counted again). */
export function tileStats(db: Database): TileStats & { cachedTiles: number; cachedBytes: number } {
  const s = stateOf(db)
  let tiles = 0
  for (const k of s.cache.keys()) if (!k.endsWith(GZIP_SUFFIX)) tiles++
  return { ...s.stats, cachedTiles: tiles, cachedBytes: s.cache.bytes }
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

const tileEtag = (version: number, layer: TileLayer, t: TileAddress) => `W/"tile-${version}-${layer.id}-${t.z}-${t.x}-${t.y}"`

const gzip = promisify(gzipCb)
const GZIP_SUFFIX = '~gz'

/**
 * One tile. A zoom outside the layer's range is an InvalidParameter (400), an unknown layer a
 * NotFound (404). An import shows at once:
 * - a cached tile at the version held here is served without a database round trip while the
 *   version is live (see TileState.live); otherwise the version is read first;
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
  if (!cond.notModified && s.live) {
    const hit = s.cache.get(`${s.version}/${tileKey}`)
    if (hit) {
      s.stats.hits++
      return served(s, s.version, tileKey, tileEtag(s.version, layer, t), hit, cond.gzip)
    }
  } else if (cond.notModified || s.cache.has(`${s.version}/${tileKey}`)) {
    const epoch = s.epoch
    const version = await dataVersion(db.knex)
    versionRead(s, version, epoch)
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
    const epoch = s.epoch
    pending = tileEncoder(db)
      .then((encoder) => encode(db, layer, t, encoder))
      .then((built) => {
        versionRead(s, built.version, epoch)
        // A build that read an older version than another request has seen is served, not filed.
        if (built.version === s.version) s.cache.set(`${built.version}/${tileKey}`, built.value)
        return built
      })
      .finally(() => s.inflight.delete(tileKey))
    s.inflight.set(tileKey, pending)
  }
  const built = await pending
  const etag = tileEtag(built.version, layer, t)
  if (cond.notModified?.(etag)) return { etag, dataVersion: built.version, bytes: null, encoding: 'identity' }
  return served(s, built.version, tileKey, etag, built.value, cond.gzip)
}

/** The plain bytes, or their gzip from the cache (compressed once, filed beside them). */
async function served(s: TileState, version: number, tileKey: string, etag: string, plain: Uint8Array, wantGzip?: boolean): Promise<TileResponse> {
  if (!wantGzip || plain.byteLength === 0) return { etag, dataVersion: version, bytes: plain, encoding: 'identity' }
  const key = `${version}/${tileKey}${GZIP_SUFFIX}`
  let gz = s.cache.get(key)
  if (!gz) {
    gz = new Uint8Array(await gzip(plain))
    if (version === s.version && s.cache.has(`${version}/${tileKey}`)) s.cache.set(key, gz)
  }
  return { etag, dataVersion: version, bytes: gz, encoding: 'gzip' }
}

/** A newer data version makes every cached tile stale: drop them all rather than wait for eviction. */
function observeVersion(s: TileState, version: number): void {
  if (version > s.version) {
    s.cache.clear()
    s.version = version
  }
}

/** Encodes one tile, uncached, with the encoder given (tests compare the two; benchmarks time them). */
export async function buildTile(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Uint8Array> {
  return (await encode(db, layer, t, encoder)).value
}

/** The area layers' sources, and a key naming them: tile_areas built for another key is stale. */
const areaSources = tileLayers.flatMap((l) => (l.source.kind === 'areas' ? [{ level: l.source.level, indicators: l.source.indicators }] : []))
export const tileLayersKey = JSON.stringify(areaSources)

const isCurrent = (p: TilePrepared | null | undefined, areasVersion: number | undefined) => !!p && p.version === areasVersion && p.key === tileLayersKey

/**
 * Prepares tile_areas for the current data version now (import and start-up call it, so the first
 * tile after an import does not pay for it). Tiles also prepare it on demand when they find it stale.
 */
export async function prepareTiles(db: Database): Promise<void> {
  await prepareTileAreas(db.knex, areaSources, tileLayersKey)
}

async function encode(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Versioned<Uint8Array>> {
  // An area tile read from tile_areas built for an older data version (or another catalogue) is
  // rebuilt after preparing; a concurrent import can make that race more than once, so a few tries.
  stateOf(db).stats.builds++
  for (let attempt = 0; ; attempt++) {
    const built = await encodeOnce(db, layer, t, encoder)
    if (layer.source.kind !== 'areas' || isCurrent(built.prepared, built.areasVersion) || attempt >= 3) return built
    await prepareTileAreas(db.knex, areaSources, tileLayersKey)
  }
}

async function encodeOnce(db: Database, layer: TileLayer, t: TileAddress, encoder: TileEncoder): Promise<Versioned<Uint8Array>> {
  const { extent, buffer } = tileDefaults
  const simplify = tileSimplify(layer, t.z)
  const values = tileCarriesValues(layer, t.z)
  if (encoder === 'postgis') {
    return mvtTile(db.knex, layer.source, t, { name: layer.id, extent, buffer, simplifyMetres: simplify * tileUnitMetres(t.z, extent), values })
  }
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

/** Half the circumference of the EPSG:3857 world, in metres. */
const MERCATOR_HALF_WORLD = 20037508.342789244

/** Width in EPSG:3857 metres of one tile unit at zoom z. */
export function tileUnitMetres(z: number, extent: number): number {
  return (2 * MERCATOR_HALF_WORLD) / 2 ** z / extent
}
