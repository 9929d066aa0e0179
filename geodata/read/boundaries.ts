import type { MultiPolygon, Polygon } from 'geojson'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import type { Crs } from './crs.js'
import { POLYGONAL } from './geometryCheck.js'
import { readShapefileFeatures, type FeatureSet } from './shapefileSource.js'
import { readGeoJsonFeatures, readGeoJsonLinesFeatures, readTopoJsonFeatures } from './geojsonSource.js'

// Readers for statistical and administrative boundaries. Coordinates stay in the source CRS; the
// database transforms them. Each reader returns the file, its CRS and checked polygon features;
// the *Features() helpers then check the property names one geography needs.

export type Areal = Polygon | MultiPolygon
export type BoundarySet = FeatureSet<Areal>

/**
 * Reads a polygon shapefile, throwing unless its .prj names `expectCrs`.
 * @example const lsoa = await readShapefile(`${raw}/london-data/bd_lsoa21_gen20.shp`, { expectCrs: 'EPSG:27700' })
 */
export function readShapefile(path: string, options: { expectCrs: Crs }): Promise<BoundarySet> {
  return readShapefileFeatures<Areal>(path, { expectCrs: options.expectCrs, geometryTypes: POLYGONAL })
}

/** Reads newline-delimited GeoJSON polygons (e.g. ons-wards-2022/bd_wards_WD22.geojsonl), WGS84. */
export function readGeoJsonLines(path: string): Promise<BoundarySet> {
  return readGeoJsonLinesFeatures<Areal>(path, POLYGONAL)
}

/** Reads a GeoJSON FeatureCollection of polygons (e.g. uk-geojson/bd_lsoa11_E09000002.json). */
export function readGeoJson(path: string): Promise<BoundarySet> {
  return readGeoJsonFeatures<Areal>(path, POLYGONAL)
}

/** Reads one object of a TopoJSON file as polygons; the only object when `objectName` is omitted. */
export function readTopoJson(path: string, objectName?: string): Promise<BoundarySet> {
  return readTopoJsonFeatures<Areal>(path, POLYGONAL, objectName)
}

/** One area with the codes a caller needs; `parentCode` is the next level up (MSOA for an LSOA). */
export interface AreaFeature {
  code: string
  name: string
  parentCode?: string
  ladCode?: string
  geometry: Areal
}

const gss = (prefix: string) => z.string().regex(new RegExp(`^[EW]${prefix}\\d{6}$`), `expected a [EW]${prefix} GSS code`)
const text = z.string().trim().min(1, 'expected a name')

interface AreaSpec {
  code: string
  codePrefix: string
  name: string
  /** Column and GSS prefix of the parent area; `required: false` for files that may lack it. */
  parent?: { column: string; prefix: string; required: boolean }
  lad?: { column: string; required: boolean }
}

/** Builds a helper that checks one geography's properties and maps them to AreaFeature. */
function areaHelper(spec: AreaSpec) {
  const optionalIf = (schema: z.ZodType, required: boolean) => (required ? schema : schema.optional())
  const shape: Record<string, z.ZodType> = { [spec.code]: gss(spec.codePrefix), [spec.name]: text }
  if (spec.parent) shape[spec.parent.column] = optionalIf(gss(spec.parent.prefix), spec.parent.required)
  if (spec.lad) shape[spec.lad.column] = optionalIf(gss('0[6-9]'), spec.lad.required)
  const schema = z.object(shape)
  return (set: BoundarySet): AreaFeature[] =>
    set.features.map((feature, i) => {
      const properties = feature.properties ?? {}
      const result = schema.safeParse(properties)
      if (!result.success) {
        const issue = result.error.issues[0]
        const column = String(issue.path[0] ?? '')
        const got = properties[column]
        const detail =
          got === undefined || got === null
            ? `missing property (has: ${Object.keys(properties).join(', ')})`
            : `${issue.message}, got ${JSON.stringify(got)}`
        throw new SourceFormatError(set.file, detail, i + 1, column)
      }
      const p = result.data as Record<string, string | undefined>
      const area: AreaFeature = { code: p[spec.code]!, name: p[spec.name]!, geometry: feature.geometry }
      const parent = spec.parent && p[spec.parent.column]
      if (parent) area.parentCode = parent
      const ladCode = spec.lad && p[spec.lad.column]
      if (ladCode) area.ladCode = ladCode
      return area
    })
}

/** LSOA 2021: LSOA21CD, LSOA21NM required; MSOA21CD -> parentCode, LAD22CD -> ladCode when present. */
export const lsoa21Features = areaHelper({
  code: 'LSOA21CD', codePrefix: '01', name: 'LSOA21NM',
  parent: { column: 'MSOA21CD', prefix: '02', required: false },
  lad: { column: 'LAD22CD', required: false },
})
/** LSOA 2011: LSOA11CD, LSOA11NM required; MSOA11CD, LAD11CD when present (UK-GeoJSON files lack them). */
export const lsoa11Features = areaHelper({
  code: 'LSOA11CD', codePrefix: '01', name: 'LSOA11NM',
  parent: { column: 'MSOA11CD', prefix: '02', required: false },
  lad: { column: 'LAD11CD', required: false },
})
/** MSOA 2021: MSOA21CD, MSOA21NM. */
export const msoa21Features = areaHelper({ code: 'MSOA21CD', codePrefix: '02', name: 'MSOA21NM' })
/** Wards Dec 2022: WD22CD, WD22NM and LAD22CD (-> ladCode) all required. */
export const wardFeatures = areaHelper({
  code: 'WD22CD', codePrefix: '05', name: 'WD22NM',
  lad: { column: 'LAD22CD', required: true },
})
/** Local authority districts 2022: LAD22CD, LAD22NM. */
export const ladFeatures = areaHelper({ code: 'LAD22CD', codePrefix: '0[6-9]', name: 'LAD22NM' })
