import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readShapefileFeatures } from './shapefileSource.js'
import { readGeoJsonFeatures } from './geojsonSource.js'
import { readCsv, parseRecord } from './csvSource.js'
import { latCell, lonCell, textCell } from './csvCells.js'

// Readers for map context (provenance section 12): OSM 2019 Geofabrik layers, National Rail
// stations and the simplified Thames, all WGS84. Every feature carries a `kind` for styling.
// Not read: os-open-greenspace/*.gpkg. A GeoPackage is SQLite and Node 20 has no built-in SQLite
// (node:sqlite arrived in Node 22.5); reading it needs a dependency such as sql.js (WASM, no
// native build) or better-sqlite3 12.x (native). Left until one is chosen.

export type BasemapKind = 'water' | 'waterway' | 'railway' | 'station' | 'place' | 'thames'

export interface BasemapProperties {
  kind: BasemapKind
  name: string | null
  /** Source class: Geofabrik fclass (river, subway, suburb ...) or null. */
  class: string | null
  source: 'osm-geofabrik-2019' | 'uk-railway-stations' | 'os-open-data-thames'
  sourceRef: string | null
  [extra: string]: unknown
}

export type BasemapFeature<G extends Geometry = Geometry> = Feature<G, BasemapProperties>

const osmProperties = z.object({ osm_id: z.string(), fclass: z.string(), name: z.string().nullable() }).loose()

/** Reads one Geofabrik layer, keeping features whose fclass passes `keep`, tagged with `kind`. */
async function readOsmLayer<G extends Geometry>(
  path: string,
  kind: BasemapKind,
  geometryTypes: readonly G['type'][],
  keep: (fclass: string) => boolean = () => true,
): Promise<BasemapFeature<G>[]> {
  const { features } = await readShapefileFeatures<G>(path, { expectCrs: 'EPSG:4326', geometryTypes })
  const out: BasemapFeature<G>[] = []
  features.forEach((feature, i) => {
    const parsed = osmProperties.safeParse(feature.properties)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new SourceFormatError(path, issue.message, i + 1, String(issue.path[0] ?? ''))
    }
    const p = parsed.data
    if (!keep(p.fclass)) return
    const { osm_id, fclass, name, code: _code, ...rest } = p
    const properties: BasemapProperties = { kind, name: name || null, class: fclass, source: 'osm-geofabrik-2019', sourceRef: `osm:${osm_id}`, ...rest }
    out.push({ type: 'Feature', geometry: feature.geometry, properties })
  })
  return out
}

/** OSM water polygons (gis_osm_water_a_free_1): water, wetland, dock, river, reservoir. */
export function readOsmWater(path: string): Promise<BasemapFeature<Polygon | MultiPolygon>[]> {
  return readOsmLayer<Polygon | MultiPolygon>(path, 'water', ['Polygon', 'MultiPolygon'])
}

/** OSM watercourse lines (gis_osm_waterways_free_1): river, stream, drain, canal; `width` kept. */
export function readOsmWaterways(path: string): Promise<BasemapFeature<LineString | MultiLineString>[]> {
  return readOsmLayer<LineString | MultiLineString>(path, 'waterway', ['LineString', 'MultiLineString'])
}

/** OSM railway lines (gis_osm_railways_free_1): rail, subway, light_rail, miniature_railway. */
export function readOsmRailways(path: string): Promise<BasemapFeature<LineString | MultiLineString>[]> {
  return readOsmLayer<LineString | MultiLineString>(path, 'railway', ['LineString', 'MultiLineString'])
}

/** OSM place-name points (gis_osm_places_free_1): town, suburb, locality ...; `population` kept. */
export function readOsmPlaces(path: string): Promise<BasemapFeature<Point>[]> {
  return readOsmLayer<Point>(path, 'place', ['Point'])
}

/** The simplified River Thames polygons (oobrien-vis, "from OS Open Data (OGL)"). */
export async function readThames(path: string): Promise<BasemapFeature<Polygon | MultiPolygon>[]> {
  const { features } = await readGeoJsonFeatures<Polygon | MultiPolygon>(path, ['Polygon', 'MultiPolygon'])
  return features.map((f) => ({
    type: 'Feature',
    geometry: f.geometry,
    properties: { kind: 'thames', name: 'River Thames', class: 'river', source: 'os-open-data-thames', sourceRef: null },
  }))
}

const stationSchema = z.object({ stationName: textCell, lat: latCell, long: lonCell, crsCode: z.string().trim().regex(/^[A-Z]{3}$/, 'expected a 3-letter CRS code') })

/** Same station if the names agree once "(Essex)"-style qualifiers are dropped, and they are within 500 m. */
const MATCH_METRES = 500

/**
 * Railway stations: OSM transport points with fclass railway_station (Underground and DLR
 * included), given the National Rail CRS code where a uk-railway-stations row matches, plus
 * the National Rail stations OSM lacks as points (Barking Riverside, opened 2022; some mapped
 * only as station polygons).
 */
export async function readStations(osmTransportPath: string, railStationsCsv: string): Promise<BasemapFeature<Point>[]> {
  const osm = await readOsmLayer<Point>(osmTransportPath, 'station', ['Point'], (fclass) => fclass === 'railway_station')
  const table = await readCsv(railStationsCsv, { required: Object.keys(stationSchema.shape) })
  for (const record of table.records) {
    const r = parseRecord(railStationsCsv, record, stationSchema)
    const twin = osm.find((f) => f.properties.name !== null && sameName(f.properties.name, r.stationName) && metres(f.geometry.coordinates, [r.long, r.lat]) < MATCH_METRES)
    if (twin) {
      twin.properties.crsCode = r.crsCode
      continue
    }
    osm.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.long, r.lat] },
      properties: { kind: 'station', name: r.stationName, class: 'railway_station', source: 'uk-railway-stations', sourceRef: `crs:${r.crsCode}`, crsCode: r.crsCode },
    })
  }
  return osm
}

function sameName(a: string, b: string): boolean {
  const key = (s: string) => s.replace(/\(.*?\)/g, '').trim().toLowerCase()
  return key(a) === key(b)
}

/** Equirectangular distance in metres; exact enough at station spacing. */
function metres([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const rad = Math.PI / 180
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad)
  return Math.hypot(x, (lat2 - lat1) * rad) * 6_371_000
}
