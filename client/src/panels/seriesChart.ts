/**
 * A small SVG line chart of a borough-level series beside London and England. Counts of very
 * different size (a borough's ~1,000 households, England's ~130,000) cannot share an axis, so a
 * series measured in counts is drawn as an index (first snapshot = 100); a rate ("per 1,000
 * households") is drawn as it is. The table beside it carries the figures themselves.
 */
import type { SeriesResult } from '../../../server/http/contract/series'

type Series = SeriesResult['series'][number]
const SVG = 'http://www.w3.org/2000/svg'
/** colour-blind-safe (Okabe-Ito) and told apart by dash and marker too */
export const ROLE_STYLE: Record<string, { colour: string; dash: string; label: string }> = {
  borough: { colour: '#0072B2', dash: '', label: 'borough' },
  london: { colour: '#D55E00', dash: '6 3', label: 'London' },
  england: { colour: '#333333', dash: '2 3', label: 'England' },
}

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
  if (text !== undefined) e.textContent = text
  return e
}

export const isRate = (s: Pick<Series, 'unit'>) => /^per\b/.test(s.unit) || s.unit.startsWith('%')

export const periodLabel = (p: string) => {
  const d = new Date(`${p}T00:00:00Z`)
  return Number.isNaN(d.getTime()) ? p : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
}

export function seriesChart(s: Series, titleId: string): SVGElement {
  const periods = [...new Set(s.areas.flatMap((a) => a.points.map((p) => p.period)))].sort()
  const indexed = !isRate(s)
  const lines = s.areas.map((a) => {
    const first = a.points.find((p) => p.value !== null)?.value ?? null
    return {
      area: a,
      pts: periods.map((period) => {
        const v = a.points.find((p) => p.period === period)?.value ?? null
        return v === null ? null : indexed ? (first ? (100 * v) / first : null) : v
      }),
    }
  })
  const values = lines.flatMap((l) => l.pts).filter((v): v is number => v !== null)
  let lo = Math.min(...values, indexed ? 100 : Infinity)
  let hi = Math.max(...values, indexed ? 100 : -Infinity)
  const pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.05 || 1
  lo -= pad
  hi += pad
  const W = 340, H = 170, L = 44, R = 96, T = 12, B = 28
  const x = (i: number) => (periods.length < 2 ? L + (W - L - R) / 2 : L + (i * (W - L - R)) / (periods.length - 1))
  const y = (v: number) => T + ((hi - v) * (H - T - B)) / (hi - lo)
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, class: 'chart series-chart', width: '100%' })
  root.append(svg('title', { id: titleId }, `${s.title}${indexed ? ', indexed to the first snapshot = 100' : ''}: ${s.areas.map((a) => a.name).join(', ')}`))
  // axis: three ticks
  for (const v of [lo + pad, (lo + hi) / 2, hi - pad]) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#e4e4e4' }))
    root.append(svg('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#555' }, v.toFixed(indexed || !s.decimals ? 0 : 1)))
  }
  periods.forEach((p, i) => root.append(svg('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', 'font-size': 10, fill: '#555' }, periodLabel(p))))
  const ends: Array<{ y: number; el: SVGElement }> = []
  for (const l of lines) {
    const st = ROLE_STYLE[l.area.role] ?? ROLE_STYLE.england
    const d = l.pts.map((v, i) => (v === null ? '' : `${i && l.pts[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`)).join('')
    root.append(svg('path', { d, fill: 'none', stroke: st.colour, 'stroke-width': l.area.role === 'borough' ? 3 : 2, 'stroke-dasharray': st.dash }))
    l.pts.forEach((v, i) => { if (v !== null) root.append(svg('circle', { cx: x(i), cy: y(v), r: 3.5, fill: st.colour })) })
    const lastI = l.pts.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0).at(-1)
    if (lastI !== undefined) ends.push({ y: y(l.pts[lastI]!), el: svg('text', { x: x(lastI) + 8, 'font-size': 11, fill: st.colour, 'font-weight': l.area.role === 'borough' ? 600 : 400 }, l.area.role === 'borough' ? 'Borough' : st.label) })
  }
  // end labels: keep them 12px apart
  ends.sort((a, b) => a.y - b.y)
  ends.forEach((e, i) => {
    const yy = i ? Math.max(e.y, ends[i - 1].y + 12) : e.y
    e.y = yy
    e.el.setAttribute('y', String(yy + 4))
    root.append(e.el)
  })
  return root
}
