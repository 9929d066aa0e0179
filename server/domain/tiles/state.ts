/**
 * What the tile use-case keeps per Database: the cache, build counters, the encoder once probed,
 * and the version the cache holds, so two apps on two databases never share tiles and a newer data
 * version empties the cache.
 *
 * The data version itself is held by the database's watch (domain/dataVersion.ts, opened by
 * createServices): a cache hit asks nothing while it is live, and each announced change empties the
 * cache and prepares tile_areas in the background. Without a live watch a cache hit reads the
 * version first, as it always did.
 */
import type { Database } from '../../db/connect'
import type { Versioned } from '../../db/tiles'
import { dataVersionOf, type DataVersionSource } from '../dataVersion'
import { ByteLru } from './byteLru'
import { tileDefaults } from './layers'
import { prepareTiles } from './prepare'

/** Who encodes tiles: PostGIS (ST_AsMVT) or geojson-vt + vt-pbf in this process. */
export type TileEncoder = 'postgis' | 'geojson-vt'

export interface TileStats {
  /** tiles encoded (cache misses that reached the database) */
  builds: number
  hits: number
  misses: number
}

export interface TileState {
  cache: ByteLru
  /** the newest data version seen: the cache holds tiles of this version only */
  version: number
  /** the watch this state is subscribed to (a new one, after services restart on the same database, is subscribed again) */
  source?: DataVersionSource
  /** a background preparation of tile_areas is running, and whether another is owed after it */
  preparing?: Promise<void>
  prepareAgain?: boolean
  /** builds under way, by layer/z/x/y */
  inflight: Map<string, Promise<Versioned<Uint8Array>>>
  /** the encoder probe under way or done, and its answer once known (read without awaiting) */
  encoder?: Promise<TileEncoder>
  encoderKnown?: TileEncoder
  stats: TileStats
}

const states = new WeakMap<Database, TileState>()

/** Cache keys of gzip copies: the plain key with this suffix. */
export const GZIP_SUFFIX = '~gz'

export function stateOf(db: Database): TileState {
  let s = states.get(db)
  if (!s) {
    s = { cache: new ByteLru(tileDefaults.cacheBytes), version: -1, inflight: new Map(), stats: { builds: 0, hits: 0, misses: 0 } }
    states.set(db, s)
  }
  return s
}

/** The database's watch, subscribed to once: each newer version empties the cache and prepares tile_areas. */
export function tileVersionSource(db: Database, s: TileState): DataVersionSource | undefined {
  const source = dataVersionOf(db)
  if (source && s.source !== source) {
    s.source = source
    source.onChange((v) => {
      versionRead(s, v)
      // The change may be to areas or values: prepare tile_areas now, off the request path.
      prepareInBackground(db, s)
    })
  }
  return source
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

/** A newer data version makes every cached tile stale: drop them all rather than wait for eviction. */
export function versionRead(s: TileState, version: number): void {
  if (version > s.version) {
    s.cache.clear()
    s.version = version
  }
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

/** Sizes this database's tile cache (TILE_CACHE_BYTES), emptying it; called once at start by the composition root. */
export function setTileCacheBytes(db: Database, bytes: number): void {
  stateOf(db).cache = new ByteLru(bytes)
}
