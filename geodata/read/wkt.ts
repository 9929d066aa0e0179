import type { MultiPolygon, Polygon, Position } from 'geojson'

/**
 * Parses a WKT POLYGON or MULTIPOLYGON (2D; Z/M values are dropped) into GeoJSON geometry,
 * coordinates unchanged. Throws a plain Error describing the fault; callers add file, row and
 * column. Ring closure and vertex counts are left to checkFeature().
 *
 * @example
 * parseWktPolygon('POLYGON ((0 0, 1 0, 1 1, 0 0))') // { type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,0]]] }
 */
export function parseWktPolygon(text: string): Polygon | MultiPolygon {
  const match = /^\s*(MULTIPOLYGON|POLYGON)\s*(?:Z|M|ZM)?\s*(\(.*)$/is.exec(text)
  if (!match) throw new Error(`expected WKT POLYGON or MULTIPOLYGON, got ${JSON.stringify(text.slice(0, 40))}`)
  const nested = parseNested(match[2])
  if (match[1].toUpperCase() === 'POLYGON') return { type: 'Polygon', coordinates: asRings(nested) }
  if (!Array.isArray(nested) || nested.length === 0) throw new Error('MULTIPOLYGON has no polygons')
  return { type: 'MultiPolygon', coordinates: nested.map(asRings) }
}

/** Nested lists whose leaves are positions, as parsed; shape-checked by asRings(). */
type Nested = unknown[]

/** Turns '((1 2, 3 4), (5 6))' into nested arrays whose leaves are positions. */
function parseNested(body: string): Nested {
  let i = 0
  const parseList = (): Nested[] => {
    if (body[i] !== '(') throw new Error(`expected "(" at character ${i + 1}`)
    i++
    const items: Nested[] = []
    for (;;) {
      while (body[i] === ' ' || body[i] === '\n' || body[i] === '\t') i++
      if (body[i] === '(') items.push(parseList())
      else items.push(parsePosition())
      while (body[i] === ' ') i++
      if (body[i] === ',') i++
      else if (body[i] === ')') {
        i++
        return items
      } else throw new Error(`expected "," or ")" at character ${i + 1}${i >= body.length ? ' (text ends early: truncated?)' : ''}`)
    }
  }
  const parsePosition = (): Position => {
    const start = i
    while (i < body.length && body[i] !== ',' && body[i] !== ')') i++
    const values = body.slice(start, i).trim().split(/\s+/).map(Number)
    if (values.length < 2 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`bad coordinate "${body.slice(start, i).trim()}" at character ${start + 1}`)
    }
    return values.slice(0, 2)
  }
  const result = parseList()
  if (body.slice(i).trim() !== '') throw new Error(`unexpected text after the geometry at character ${i + 1}`)
  return result
}

function asRings(polygon: unknown): Position[][] {
  if (!Array.isArray(polygon) || !polygon.every((ring: unknown) => Array.isArray(ring) && ring.every(isPosition))) {
    throw new Error('polygon nesting is wrong: expected ((x y, ...), ...)')
  }
  return polygon as Position[][]
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && typeof value[0] === 'number'
}
