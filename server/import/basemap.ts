/**
 * Imports the basemap context (provenance section 12): OSM water, waterways, railways, places and
 * stations, the OS-derived Thames, and the OS Open Greenspace public parks. The parks come from a
 * GeoPackage, i.e. SQLite; sql.js (SQLite compiled to WASM) reads it without a native build.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import initSqlJs from 'sql.js'
import { readOsmPlaces, readOsmRailways, readOsmWater, readOsmWaterways, readStations, readThames, type BasemapFeature } from '../../geodata/read/basemap'
import { SourceFormatError } from '../../geodata/read/errors'
import { clearBasemap, insertBasemap, type BasemapRow } from '../db/basemap'
import type { ImportContext, ImportFn } from './runner'

/** Manifest file order of the 'basemap' source (geodata/sources.json). */
const FILE = { water: 0, railways: 5, transport: 10, places: 15, greenspace: 20, thames: 21, stations: 22, waterways: 23 } as const

export const importBasemap =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    await clearBasemap(ctx.trx, datasetId)
    const features: BasemapFeature[] = [
      ...(await readOsmWater(ctx.file(FILE.water))),
      ...(await readOsmRailways(ctx.file(FILE.railways))),
      ...(await readOsmPlaces(ctx.file(FILE.places))),
      ...(await readThames(ctx.file(FILE.thames))),
      ...(await readStations(ctx.file(FILE.transport), ctx.file(FILE.stations))),
    ]
    // The waterways files are not (yet) in the manifest: read them only once they are listed, so
    // the dataset checksum always covers what was imported.
    const waterways = optionalFile(ctx, FILE.waterways)
    if (waterways) features.push(...(await readOsmWaterways(waterways)))
    else ctx.note('no waterways: osm-geofabrik-2019/bd2km_gis_osm_waterways_free_1.* are not listed in the manifest')
    const rows: BasemapRow[] = features.map((f) => ({ kind: f.properties.kind, name: f.properties.name, class: f.properties.class, geojson: JSON.stringify(f.geometry) }))
    const parks = await readGreenspaceParks(ctx.file(FILE.greenspace))
    const loaded = await insertBasemap(ctx.trx, datasetId, [...rows, ...parks])
    ctx.note(`${parks.length} parks from OS Open Greenspace; ${rows.length} OSM/OS context features`)
    return { read: rows.length + parks.length, loaded, rejected: 0 }
  }

function optionalFile(ctx: ImportContext, n: number): string | null {
  try {
    const f = ctx.file(n)
    return f.endsWith('.shp') ? f : null
  } catch {
    return null
  }
}

/** Public parks from the Greenspace GeoPackage, as WKB in its own CRS (EPSG:27700). */
export async function readGreenspaceParks(file: string): Promise<BasemapRow[]> {
  const SQL = await initSqlJs({ locateFile: (f: string) => createRequire(import.meta.url).resolve(`sql.js/dist/${f}`) })
  const db = new SQL.Database(readFileSync(file))
  try {
    const cols = db.exec("SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = 'Greenspace'")
    if (!cols.length || !cols[0].values.length) throw new SourceFormatError(file, 'no Greenspace geometry table')
    const [table, column, srid] = cols[0].values[0] as [string, string, number]
    const res = db.exec(`SELECT "${column}", distName1, function FROM "${table}"`)
    return (res[0]?.values ?? []).map((v, i) => ({
      kind: 'park',
      name: (v[1] as string | null) || null,
      class: (v[2] as string | null) ?? null,
      wkbHex: gpkgToWkbHex(v[0] as Uint8Array, file, i + 1),
      srid,
    }))
  } finally {
    db.close()
  }
}

/** Strips the GeoPackage binary header (magic "GP", version, flags, srs id, envelope) off a geometry. */
export function gpkgToWkbHex(blob: Uint8Array, file = 'geopackage', row = 0): string {
  if (!blob || blob[0] !== 0x47 || blob[1] !== 0x50) throw new SourceFormatError(file, 'geometry is not a GeoPackage blob', row, 'geom')
  const envelope = (blob[3] >> 1) & 0b111
  const envelopeBytes = [0, 32, 48, 48, 64][envelope]
  if (envelopeBytes === undefined) throw new SourceFormatError(file, `invalid envelope indicator ${envelope}`, row, 'geom')
  return Buffer.from(blob.subarray(8 + envelopeBytes)).toString('hex')
}
