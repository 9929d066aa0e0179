/**
 * GeoJSON geometry to OGC WKB (little endian, 2D) and its bounding box: what a GeoPackage
 * geometry blob holds after its header.
 */
import type { Geometry, Position } from 'geojson'

const TYPE = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 } as const

class Writer {
  private parts: Buffer[] = []
  u8(n: number) { const b = Buffer.alloc(1); b.writeUInt8(n); this.parts.push(b) }
  u32(n: number) { const b = Buffer.alloc(4); b.writeUInt32LE(n); this.parts.push(b) }
  points(ps: Position[]) {
    const b = Buffer.alloc(16 * ps.length)
    ps.forEach((p, i) => { b.writeDoubleLE(p[0], 16 * i); b.writeDoubleLE(p[1], 16 * i + 8) })
    this.parts.push(b)
  }
  done() { return Buffer.concat(this.parts) }
}

function write(w: Writer, g: Geometry): void {
  w.u8(1)
  w.u32(TYPE[g.type])
  switch (g.type) {
    case 'Point': w.points([g.coordinates]); break
    case 'LineString': w.u32(g.coordinates.length); w.points(g.coordinates); break
    case 'Polygon': w.u32(g.coordinates.length); for (const ring of g.coordinates) { w.u32(ring.length); w.points(ring) } break
    case 'MultiPoint': w.u32(g.coordinates.length); for (const p of g.coordinates) write(w, { type: 'Point', coordinates: p }); break
    case 'MultiLineString': w.u32(g.coordinates.length); for (const l of g.coordinates) write(w, { type: 'LineString', coordinates: l }); break
    case 'MultiPolygon': w.u32(g.coordinates.length); for (const p of g.coordinates) write(w, { type: 'Polygon', coordinates: p }); break
    case 'GeometryCollection': w.u32(g.geometries.length); for (const x of g.geometries) write(w, x); break
  }
}

export const toWkb = (g: Geometry): Buffer => { const w = new Writer(); write(w, g); return w.done() }

/** [minx, maxx, miny, maxy], the order of the GeoPackage envelope. */
export function envelope(g: Geometry): [number, number, number, number] {
  const e: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity]
  const visit = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') {
      e[0] = Math.min(e[0], x[0]); e[1] = Math.max(e[1], x[0]); e[2] = Math.min(e[2], x[1] as number); e[3] = Math.max(e[3], x[1] as number)
    } else if (Array.isArray(x)) x.forEach(visit)
  }
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => { const s = envelope(x); visit([[s[0], s[2]], [s[1], s[3]]]) })
  else visit(g.coordinates)
  return e
}
