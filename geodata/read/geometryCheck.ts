import { createRequire } from 'node:module'
import type { Feature, Geometry, Position } from 'geojson'
import { SourceFormatError } from './errors.js'

// geojson-validation ships no types and is CommonJS; this is the one function used from it.
const gjv = createRequire(import.meta.url)('geojson-validation') as {
  isGeometryObject(object: unknown, trace: true): string[]
}

export type GeometryType = Geometry['type']

/** The polygon types a boundary may have. */
export const POLYGONAL = ['Polygon', 'MultiPolygon'] as const

/**
 * Checks one feature's geometry, which must be of one of `allowed` types: structure by
 * geojson-validation (ring closure, at least four positions per ring, two per line), plus what it
 * lets through: NaN/Infinity coordinates, empty rings, and a GeometryCollection nobody expects.
 * `row` is the feature's 1-based position (or line number in GeoJSON Lines).
 *
 * @example
 * checkFeature('wards.geojsonl', 3, feature, POLYGONAL) // returns the feature, typed
 */
export function checkFeature<G extends Geometry>(
  file: string,
  row: number,
  feature: Feature | null | undefined,
  allowed: readonly G['type'][],
): Feature<G> {
  if (!feature || feature.type !== 'Feature') throw new SourceFormatError(file, 'not a GeoJSON Feature', row)
  const geometry = feature.geometry
  if (!geometry) throw new SourceFormatError(file, 'feature has no geometry', row)
  if (!(allowed as readonly string[]).includes(geometry.type)) {
    throw new SourceFormatError(file, `geometry is ${geometry.type}, expected ${allowed.join(' or ')}`, row)
  }
  const bad = firstBadPosition(geometry)
  if (bad) throw new SourceFormatError(file, `broken geometry: ${bad}`, row)
  // Guarded by firstBadPosition: geojson-validation throws a TypeError on an empty ring.
  const problems = gjv.isGeometryObject(geometry, true)
  if (problems.length > 0) throw new SourceFormatError(file, `broken geometry: ${problems.join('; ')}`, row)
  return feature as Feature<G>
}

function firstBadPosition(geometry: Geometry): string | null {
  if (geometry.type === 'GeometryCollection') return 'GeometryCollection is not supported'
  const c = geometry.coordinates
  switch (geometry.type) {
    case 'Point':
      return badPositions([c as Position], 1)
    case 'MultiPoint':
      return badPositions(c as Position[], 1)
    case 'LineString':
      return badPositions(c as Position[], 2)
    case 'MultiLineString':
      return firstOf((c as Position[][]).map((line) => badPositions(line, 2)))
    case 'Polygon':
      return firstOf((c as Position[][]).map((ring) => badPositions(ring, 4)))
    case 'MultiPolygon':
      return firstOf((c as Position[][][]).flat().map((ring) => badPositions(ring, 4)))
  }
}

function badPositions(positions: Position[], minimum: number): string | null {
  if (!Array.isArray(positions) || positions.length < minimum) {
    return `needs at least ${minimum} position${minimum > 1 ? 's' : ''}, has ${Array.isArray(positions) ? positions.length : 'none'}`
  }
  for (const p of positions) {
    if (!Array.isArray(p) || p.length < 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return `coordinate [${Array.isArray(p) ? p.join(', ') : String(p)}] is not a pair of finite numbers`
    }
  }
  return null
}

function firstOf(problems: (string | null)[]): string | null {
  return problems.find((p) => p !== null) ?? null
}
