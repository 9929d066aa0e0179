/**
 * The report's map as inline SVG (no tiles, no network): the locality's LSOAs shaded by fifths of
 * the chosen indicator, darkest = greatest need, the locality outline, and the open assets as dots.
 */
import type { Geometry, Position } from 'geojson'
import { assetCategories } from '../../catalogue/assetCategories'
import type { LocalityReport } from '../../domain/report'
import { needOrder } from '../../domain/profile'

/** magma, light to dark: readable in greyscale and for common colour-vision deficiencies */
export const SHADES = ['#fcfdbf', '#fe9f6d', '#de4968', '#8c2981', '#3b0f70']
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

const rings = (g: Geometry | null): Position[][] =>
  !g ? [] : g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : []

export function reportMap(r: LocalityReport, width = 180): { svg: string; classes: Array<{ colour: string; from: number; to: number }> } {
  const all = [...r.lsoas.flatMap((a) => rings(a.geometry)), ...rings(r.outline?.geometry ?? null)].flat()
  if (!all.length) return { svg: '', classes: [] }
  const lons = all.map((p) => p[0]), lats = all.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)]
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180)
  const s = width / ((x1 - x0) * k)
  const height = (y1 - y0) * s
  const pt = (p: Position) => `${((p[0] - x0) * k * s).toFixed(2)} ${((y1 - p[1]) * s).toFixed(2)}`
  const path = (g: Geometry | null) => rings(g).map((ring) => `M${ring.map(pt).join('L')}Z`).join('')

  // fifths of the locality's LSOAs in need order: class 4 (darkest) holds the greatest need
  const id = r.indicator.id
  const ordered = r.lsoas.filter((a) => a.values[id] != null).sort((a, b) => needOrder(r.indicator)(a.values[id]!, b.values[id]!))
  const cls = new Map(ordered.map((a, i) => [a.code, 4 - Math.floor((5 * i) / ordered.length)]))
  const classes = SHADES.map((colour, c) => {
    const vs = ordered.filter((a) => cls.get(a.code) === c).map((a) => a.values[id]!)
    return { colour, from: Math.min(...vs), to: Math.max(...vs) }
  }).filter((c) => Number.isFinite(c.from))
  const colour = new Map(assetCategories.map((c) => [c.id, c.colour]))
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${width + 4} ${(height + 4).toFixed(1)}" width="${width}mm" height="${height.toFixed(1)}mm" role="img" aria-label="Map of ${esc(r.profile.locality.name)}: LSOAs shaded by ${esc(r.indicator.title)}">
${r.lsoas.map((a) => `<path d="${path(a.geometry)}" fill="${cls.has(a.code) ? SHADES[cls.get(a.code)!] : '#ddd'}" stroke="#fff" stroke-width="0.25" fill-rule="evenodd"><title>${esc(a.name)}</title></path>`).join('\n')}
<path d="${path(r.outline?.geometry ?? null)}" fill="none" stroke="#000" stroke-width="0.6"/>
${r.assets.map((a) => `<circle cx="${pt([a.lon, a.lat]).split(' ')[0]}" cy="${pt([a.lon, a.lat]).split(' ')[1]}" r="0.9" fill="${colour.get(a.category) ?? '#000'}" stroke="#fff" stroke-width="0.25"/>`).join('')}
</svg>`
  return { svg, classes }
}
