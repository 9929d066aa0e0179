import type { MultiPolygon, Polygon, Position } from 'geojson'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readCsv, parseRecord } from './csvSource.js'
import { optionalTextCell, textCell } from './csvCells.js'
import { postcodeCell } from './postcodes.js'
import { checkFeature, POLYGONAL } from './geometryCheck.js'
import { parseWktPolygon } from './wkt.js'
import { joinAddress, type AssetRow } from './assets.js'

/** One OS "Important Building" classed Library (bd2km_os_library_buildings.csv), EPSG:27700. */
export interface LibraryBuilding {
  id: string
  name: string
  geometry: Polygon | MultiPolygon
}

/** Reads the library building polygons; the WKT column must be POLYGON/MULTIPOLYGON in EPSG:27700. */
export async function readLibraryBuildings(path: string): Promise<LibraryBuilding[]> {
  const schema = z.object({ WKT: textCell, id: textCell, distinctive_name: textCell })
  const table = await readCsv(path, { required: Object.keys(schema.shape) })
  return table.records.map((record) => {
    const r = parseRecord(path, record, schema)
    let geometry: Polygon | MultiPolygon
    try {
      geometry = parseWktPolygon(r.WKT)
      checkFeature(path, record.row, { type: 'Feature', geometry, properties: {} }, POLYGONAL)
    } catch (err) {
      const detail = err instanceof SourceFormatError ? err.detail : (err as Error).message
      throw new SourceFormatError(path, detail, record.row, 'WKT')
    }
    return { id: r.id, name: r.distinctive_name, geometry }
  })
}

// Words that differ between the ACE list and OS building names for the same place
// ("Barking Learning Centre Community Hub" is OS "Barking Library").
const GENERIC_WORDS = new Set(['library', 'libraries', 'community', 'hub', 'centre', 'center', 'learning', 'central', 'childrens', 'children', 'and', 'the'])

function nameKey(name: string): Set<string> {
  return new Set(name.toLowerCase().split(/[^a-z]+/).filter((w) => w !== '' && !GENERIC_WORDS.has(w)))
}

/**
 * The buildings for a library name: those whose distinctive name holds every distinctive word of the
 * library's name. Several polygons under one name (Seven Kings has two) are all returned; a name
 * that fits buildings of different names is ambiguous and matches none.
 */
export function matchLibraryBuildings(libraryName: string, buildings: readonly LibraryBuilding[]): LibraryBuilding[] {
  const key = nameKey(libraryName)
  if (key.size === 0) return []
  const hits = buildings.filter((b) => {
    const words = nameKey(b.name)
    return [...key].every((w) => words.has(w))
  })
  return new Set(hits.map((b) => b.name)).size === 1 ? hits : []
}

/** Area-weighted centroid of the outer rings of polygons in a projected CRS (shoelace formula). */
export function planarCentroid(geometries: readonly (Polygon | MultiPolygon)[]): [number, number] {
  let area = 0
  let cx = 0
  let cy = 0
  const rings: Position[][] = geometries.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates[0]] : g.coordinates.map((p) => p[0])))
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i]
      const [x1, y1] = ring[i + 1]
      const cross = x0 * y1 - x1 * y0
      area += cross
      cx += (x0 + x1) * cross
      cy += (y0 + y1) * cross
    }
  }
  return [cx / (3 * area), cy / (3 * area)]
}

const yearCell = z
  .string()
  .trim()
  .refine((s) => s === '' || /^(1[89]|20)\d\d$/.test(s), { error: 'expected a year or an empty cell' })
  .transform((s) => (s === '' ? null : Number(s)))

const librarySchema = z.object({
  authority: textCell,
  name: textCell,
  address1: z.string(),
  address2: z.string(),
  address3: z.string(),
  postcode: postcodeCell,
  uprn: optionalTextCell,
  type: z.string(),
  closed: yearCell,
  opened: yearCell,
  statutory_23: optionalTextCell,
  email: optionalTextCell,
})

/**
 * Reads the LibrariesHacked 2023 library list (UTF-8 with BOM, postcodes only). A library is closed
 * when its `closed` year is on or before `asOfYear` (default 2023, the reporting year). Where a
 * building polygon's name matches, the row gets the polygon centroid (EPSG:27700) and precision
 * 'building'; otherwise precision 'postcode' and no point (geocode the postcode later).
 *
 * @example
 * const bd = await readLibraries(list, { buildingsPath, authority: 'Barking and Dagenham' }) // 12 rows, 6 open
 */
export async function readLibraries(
  path: string,
  options: { buildingsPath?: string; authority?: string; asOfYear?: number } = {},
): Promise<AssetRow[]> {
  const buildings = options.buildingsPath ? await readLibraryBuildings(options.buildingsPath) : []
  const asOf = options.asOfYear ?? 2023
  const table = await readCsv(path, { required: Object.keys(librarySchema.shape) })
  const rows: AssetRow[] = []
  for (const record of table.records) {
    const r = parseRecord(path, record, librarySchema)
    if (options.authority !== undefined && r.authority !== options.authority) continue
    const closed = r.closed !== null && r.closed <= asOf
    const matched = closed ? [] : matchLibraryBuildings(r.name, buildings)
    const row: AssetRow = {
      category: 'library',
      name: r.name,
      address: joinAddress([r.address1, r.address2, r.address3]),
      postcode: r.postcode,
      // Not the UPRN: several are missing and the Redbridge ones are float-rounded (57800060000762000).
      sourceRef: `${r.authority}/${r.name}`,
      precision: 'postcode',
      status: closed ? 'closed' : 'open',
      attrs: { authority: r.authority, uprn: r.uprn, type: r.type, statutory2023: r.statutory_23, closedYear: r.closed, openedYear: r.opened, email: r.email },
    }
    if (matched.length > 0) {
      ;[row.easting, row.northing] = planarCentroid(matched.map((b) => b.geometry)).map((v) => Math.round(v * 10) / 10)
      row.precision = 'building'
      row.attrs.buildingName = matched[0].name
      row.attrs.buildingIds = matched.map((b) => b.id)
    }
    rows.push(row)
  }
  return rows
}
