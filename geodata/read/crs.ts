import { SourceFormatError } from './errors.js'

/** The two coordinate reference systems the raw data comes in. */
export type Crs = 'EPSG:27700' | 'EPSG:4326'

/**
 * Names the CRS of a shapefile's .prj (ESRI WKT1). Only the outermost definition counts: a
 * PROJCS named British National Grid (or carrying AUTHORITY["EPSG","27700"]) is EPSG:27700; a bare
 * GEOGCS on the WGS 84 datum is EPSG:4326. Anything else, including a bare OSGB 1936 GEOGCS
 * (that is EPSG:4277, lon/lat on Airy 1830), is an error rather than a guess.
 *
 * @example
 * crsFromPrj('x.prj', 'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",...]]') // 'EPSG:27700'
 */
export function crsFromPrj(file: string, wkt: string): Crs {
  const text = wkt.replace(/^\uFEFF/, '').trim()
  const head = /^(PROJCS|PROJCRS|GEOGCS|GEOGCRS)\s*\[\s*"([^"]*)"/i.exec(text)
  if (!head) throw new SourceFormatError(file, `not a WKT coordinate system: ${JSON.stringify(text.slice(0, 60))}`)
  const [, kind, name] = head
  const projected = /^PROJ/i.test(kind)
  const outerAuthority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)?.[1]
  if (projected && (/british.national.grid/i.test(name) || outerAuthority === '27700')) return 'EPSG:27700'
  if (!projected && (/^(GCS_)?WGS[ _]?(19)?84$/i.test(name) || outerAuthority === '4326')) return 'EPSG:4326'
  throw new SourceFormatError(file, `unsupported coordinate system "${name}" (${kind}); expected British National Grid or WGS 84`)
}

/**
 * Names the CRS of a GeoJSON object from its optional (pre-RFC 7946) `crs` member. Absent means
 * WGS84 lon/lat, as RFC 7946 says. Only the named forms of WGS84 lon/lat and BNG are accepted.
 */
export function crsFromGeoJsonMember(file: string, member: unknown): Crs {
  if (member === undefined || member === null) return 'EPSG:4326'
  const name = (member as { properties?: { name?: unknown } }).properties?.name
  if (typeof name !== 'string') throw new SourceFormatError(file, 'GeoJSON "crs" member has no properties.name')
  if (/CRS84$|EPSG:+4326$/i.test(name)) return 'EPSG:4326'
  if (/EPSG:+27700$/i.test(name)) return 'EPSG:27700'
  throw new SourceFormatError(file, `unsupported GeoJSON crs "${name}"`)
}

/** Throws unless the CRS found is the one the caller expected. */
export function assertCrs(file: string, found: Crs, expected: Crs | undefined): void {
  if (expected !== undefined && found !== expected) {
    throw new SourceFormatError(file, `coordinate system is ${found}, expected ${expected}`)
  }
}
