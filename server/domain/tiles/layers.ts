/**
 * The tile layers: one descriptor each, read by the tile route, the encoders and TileJSON. Area
 * layers follow the catalogue's levels and carry every indicator marked `tile: true` at their level;
 * the assets layer carries the community assets as points.
 */
import { assetCategoryIds } from '../../catalogue/assetCategories'
import { indicators } from '../../catalogue/indicators'
import { LEVELS, type IndicatorDescriptor, type Level } from '../../catalogue/types'
import { contextLevel } from '../../db/context'
import type { TileSource } from '../../db/tiles'

/** Tiling settings shared by every layer and both encoders. */
export const tileDefaults = {
  /** tile coordinate extent: the MVT default, and what MapLibre expects */
  extent: 4096,
  /** tile units kept beyond each edge, so polygon outlines and point symbols do not break at tile seams */
  buffer: 64,
  /**
   * Douglas-Peucker tolerance in tile units below a layer's maxzoom (4 units = half a pixel of a
   * 512 px tile); at maxzoom nothing is simplified. ST_Simplify and geojson-vt both use it.
   */
  simplify: 4,
  /**
   * In-process cache of encoded tiles, in bytes (each entry also costs ~100 bytes of bookkeeping).
   * 32 MiB holds the whole B&D pyramid of every layer at z0-16 several times over.
   */
  cacheBytes: 32 * 1024 * 1024,
  /**
   * Below this zoom an area tile carries each area's code only, not its name or indicator values:
   * at low zooms over a region (London, England) these were most of a tile's bytes and time, and the
   * client colours the areas from /api/areas?geometry=false through feature-state (names from the
   * same rows), so one geometry tile serves every indicator and edition there. From this zoom on,
   * tiles carry the name and values too.
   */
  valuesMinZoom: 10,
  /**
   * Zoom bands whose area tiles read a geometry generalised once when tile_areas is prepared, not
   * the full one: a tile at zoom z reads the first band with z <= maxZoom. Each band is simplified
   * at `simplify` tile units of its maxZoom, the tolerance its finest tiles simplify to anyway, so
   * per request there are far fewer vertices to clip, simplify and encode. From zoom 12 on tiles
   * read the full geometry (their bytes are unchanged).
   */
  generalised: [{ maxZoom: 9, column: 'geom_3857_z9' }, { maxZoom: 11, column: 'geom_3857_z11' }] as ReadonlyArray<{ maxZoom: number; column: 'geom_3857_z9' | 'geom_3857_z11' }>,
  /** the size a tile should stay within (bytes, uncompressed); the benchmark reports tiles over it */
  sizeBudgetBytes: 500 * 1024,
  /** browsers and proxies reuse a tile this long, then revalidate with If-None-Match (304) */
  maxAgeSeconds: 300,
  /** TileJSON is cheap and names the data; clients revalidate it sooner */
  tileJsonMaxAgeSeconds: 60,
} as const

/** Half the circumference of the EPSG:3857 world, in metres. */
const MERCATOR_HALF_WORLD = 20037508.342789244

/** Width in EPSG:3857 metres of one tile unit at zoom z. */
export function tileUnitMetres(z: number, extent: number): number {
  return (2 * MERCATOR_HALF_WORLD) / 2 ** z / extent
}

/** The generalised geometry column and tolerance (metres) of each band (see tileDefaults.generalised). */
export const generalisedColumns = tileDefaults.generalised.map((b) => ({ column: b.column, toleranceMetres: tileDefaults.simplify * tileUnitMetres(b.maxZoom, tileDefaults.extent) }))

export interface TileLayer {
  /** the URL segment and the MVT layer name */
  id: string
  title: string
  description: string
  minzoom: number
  maxzoom: number
  /** indicators carried as properties (area layers) */
  indicators: IndicatorDescriptor[]
  /** property name -> description, for TileJSON (indicator fields are added from the catalogue) */
  baseFields: Record<string, string>
  source: TileSource
}

/** Zoom range per level: small areas only once they are a few pixels across. */
const AREA_LAYERS: Record<Level, { title: string; minzoom: number; maxzoom: number }> = {
  lsoa21: { title: 'Lower layer super output areas (2021)', minzoom: 8, maxzoom: 16 },
  ward: { title: 'Electoral wards (December 2022)', minzoom: 6, maxzoom: 16 },
  locality: { title: 'Localities', minzoom: 0, maxzoom: 16 },
  borough: { title: 'Borough', minzoom: 0, maxzoom: 16 },
}

function areaLayer(level: Level): TileLayer {
  const { title, minzoom, maxzoom } = AREA_LAYERS[level]
  const carried = indicators.filter((d) => d.tile && d.levels.includes(level))
  return {
    id: level, title, minzoom, maxzoom, indicators: carried,
    description: `${title} with the indicator values marked for tiles from zoom ${tileDefaults.valuesMinZoom} (below it, the code only: join names and values from /api/areas?geometry=false by code). Suppressed or missing values are left out of a feature's properties, never sent as 0.`,
    baseFields: { code: 'Area code (ONS GSS code; localities use the council\'s own codes)', name: 'Area name' },
    source: { kind: 'areas', level, indicators: carried.map((d) => d.id) },
  }
}

const assetsLayer: TileLayer = {
  id: 'assets',
  title: 'Community assets',
  description: 'Published community assets as points; the feature id is the asset id.',
  minzoom: 10,
  maxzoom: 16,
  indicators: [],
  baseFields: {
    id: 'Asset id (also the feature id)',
    category: `Category: ${assetCategoryIds.join(', ')}`,
    name: 'Asset name',
    precision: 'How exactly the point is placed: exact, building or postcode (centroid)',
    status: 'open or closed',
  },
  source: { kind: 'assets' },
}

/**
 * The LSOAs held as context around the borough (npm run geodata -- context london): a layer of its
 * own (its own URL, so caches and a CDN keep it apart from the borough's), with the same indicators
 * as lsoa21; every feature carries `context` and the client draws them muted. Empty until imported.
 */
const lsoaLayer = areaLayer('lsoa21')
const contextLsoaLayer: TileLayer = {
  ...lsoaLayer,
  id: 'context_lsoa21',
  title: 'LSOAs (2021) held as context around the borough',
  description: `Every other London LSOA 2021 held as context (outside LOCAL_AUTHORITY), each feature marked \`context\` (e.g. "london"), drawn muted; values as the lsoa21 layer, from zoom ${tileDefaults.valuesMinZoom}. Empty when no context is imported.`,
  baseFields: { ...lsoaLayer.baseFields, context: 'The context the area is held for (e.g. london): outside the focus authority' },
  source: { kind: 'areas', level: contextLevel('lsoa21'), indicators: lsoaLayer.indicators.map((d) => d.id), context: true },
}

export const tileLayers: readonly TileLayer[] = [...LEVELS.map(areaLayer), contextLsoaLayer, assetsLayer]

const byId = new Map(tileLayers.map((l) => [l.id, l]))

export function findTileLayer(id: string): TileLayer | undefined {
  return byId.get(id)
}
