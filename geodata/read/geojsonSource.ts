import { readFile } from 'node:fs/promises'
import { feature as topoFeature } from 'topojson-client'
import type { Feature, GeoJsonObject, Geometry } from 'geojson'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { SourceFormatError } from './errors.js'
import { crsFromGeoJsonMember } from './crs.js'
import { checkFeature } from './geometryCheck.js'
import type { FeatureSet } from './shapefileSource.js'

/**
 * Reads a GeoJSON FeatureCollection (or a single Feature). The CRS comes from the old `crs` member
 * when present (the ONS/UK-GeoJSON files say CRS84), otherwise WGS84 as RFC 7946 says.
 *
 * @example
 * const thames = await readGeoJsonFeatures('bd2km_river_thames_simp.geojson', ['Polygon', 'MultiPolygon'])
 */
export async function readGeoJsonFeatures<G extends Geometry>(
  path: string,
  geometryTypes: readonly G['type'][],
): Promise<FeatureSet<G>> {
  const json = parseJson(path, await readText(path)) as GeoJsonObject & { crs?: unknown; features?: unknown }
  const crs = crsFromGeoJsonMember(path, json.crs)
  if (json.type === 'Feature') return { file: path, crs, features: [checkFeature(path, 1, json as Feature, geometryTypes)] }
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new SourceFormatError(path, `expected a GeoJSON FeatureCollection, got type ${JSON.stringify(json.type)}`)
  }
  const features = (json.features as Feature[]).map((f, i) => checkFeature(path, i + 1, f, geometryTypes))
  return { file: path, crs, features }
}

/** Reads newline-delimited GeoJSON: one Feature per line, WGS84; `row` in errors is the line number. */
export async function readGeoJsonLinesFeatures<G extends Geometry>(
  path: string,
  geometryTypes: readonly G['type'][],
): Promise<FeatureSet<G>> {
  const lines = (await readText(path)).split(/\r?\n/)
  const features: Feature<G>[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    features.push(checkFeature(path, i + 1, parseJson(path, line, i + 1) as Feature, geometryTypes))
  })
  return { file: path, crs: 'EPSG:4326', features }
}

/**
 * Reads one object of a TopoJSON topology as GeoJSON features (topojson-client `feature()`), taking
 * the only object when `objectName` is omitted.
 */
export async function readTopoJsonFeatures<G extends Geometry>(
  path: string,
  geometryTypes: readonly G['type'][],
  objectName?: string,
): Promise<FeatureSet<G>> {
  const topology = parseJson(path, await readText(path)) as Topology
  if (topology?.type !== 'Topology' || typeof topology.objects !== 'object' || !Array.isArray(topology.arcs)) {
    throw new SourceFormatError(path, 'not a TopoJSON Topology (needs type "Topology", objects and arcs)')
  }
  const names = Object.keys(topology.objects)
  const name = objectName ?? (names.length === 1 ? names[0] : undefined)
  if (name === undefined) throw new SourceFormatError(path, `has objects ${names.join(', ')}; say which to read`)
  const object = topology.objects[name] as GeometryCollection & { crs?: unknown }
  if (!object) throw new SourceFormatError(path, `no object "${name}" (has ${names.join(', ')})`)
  const crs = crsFromGeoJsonMember(path, object.crs)
  let converted: Feature | { features: Feature[] }
  try {
    converted = topoFeature(topology, object) as Feature | { features: Feature[] }
  } catch (err) {
    throw new SourceFormatError(path, `TopoJSON could not be decoded: ${(err as Error).message}`)
  }
  const list = 'features' in converted ? converted.features : [converted]
  return { file: path, crs, features: list.map((f, i) => checkFeature(path, i + 1, f, geometryTypes)) }
}

async function readText(path: string): Promise<string> {
  const text = (await readFile(path, 'utf-8')).replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new SourceFormatError(path, 'file is empty')
  return text
}

function parseJson(path: string, text: string, row?: number): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new SourceFormatError(path, `not valid JSON (truncated?): ${(err as Error).message}`, row)
  }
}
