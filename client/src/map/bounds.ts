import type { Geometry, Position } from 'geojson'

export type Bbox = [number, number, number, number]

/** The bounding box of a geometry (any type), or null for an empty one. */
export function geometryBbox(g: Geometry | null | undefined): Bbox | null {
  if (!g) return null
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (c: unknown): void => {
    if (typeof (c as Position)[0] === 'number') {
      const [x, y] = c as Position
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y)
    } else (c as unknown[]).forEach(visit)
  }
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => { const bb = geometryBbox(x); if (bb) { visit([bb[0], bb[1]]); visit([bb[2], bb[3]]) } })
  else visit(g.coordinates)
  return Number.isFinite(b[0]) ? b : null
}
