/**
 * The PNG export: the map canvas (kept with preserveDrawingBuffer) with a title, the same keys as
 * the on-map legend (classes, asset symbols, the open tool's overlays) and the source of every
 * layer shown (the choropleth, each asset category, each tool overlay), so the picture carries what
 * it shows and where it came from. The picture is measured before it is drawn, so the legend
 * column and the sources below grow to fit and nothing is clipped. Labels drawn by map layers (hub
 * numbers, the compared runs' letters) are on the canvas already; what the map shows as DOM markers
 * over it (a picked point's pin, any labelled marker) is not, so domMarks() rasterises each one and
 * the picture draws it where it stands on the map.
 */
import type { LegendModel } from './panels/legend'

/** A DOM marker over the map: where it stands (CSS px from the canvas's top left) and its picture or words. */
export interface Mark {
  x: number
  y: number
  w: number
  h: number
  /** the marker's SVG, rasterised */
  image: HTMLImageElement | null
  /** its words (a text marker, or an SVG marker's label) */
  label: string
}

const loadImage = (src: string) => new Promise<HTMLImageElement | null>((resolve) => {
  const img = new Image()
  img.onload = () => resolve(img)
  img.onerror = () => resolve(null)
  img.src = src
})

/** Every marker shown over `canvas` inside `container`, ready to draw. */
export async function domMarks(container: HTMLElement, canvas: HTMLCanvasElement): Promise<Mark[]> {
  const c = canvas.getBoundingClientRect()
  const marks = [...container.querySelectorAll<HTMLElement>('.maplibregl-marker')].map(async (el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.right < c.left || r.left > c.right || r.bottom < c.top || r.top > c.bottom) return null
    const svg = el.querySelector('svg')
    let image: HTMLImageElement | null = null
    if (svg) {
      const copy = svg.cloneNode(true) as SVGSVGElement
      copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
      copy.setAttribute('width', String(r.width))
      copy.setAttribute('height', String(r.height))
      image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`)
    }
    const label = (svg ? el.getAttribute('aria-label') : el.textContent?.trim() || el.getAttribute('aria-label')) ?? ''
    return { x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height, image, label }
  })
  return (await Promise.all(marks)).filter((m): m is Mark => m !== null)
}

type Draw = (g: CanvasRenderingContext2D, x: number, y: number) => void

/** Words wrapped to `width`, one string per line. */
function lines(g: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word
    if (g.measureText(next).width > width && line) { out.push(line); line = word } else line = next
  }
  if (line) out.push(line)
  return out
}

export function composePng(map: HTMLCanvasElement, legend: LegendModel, title: string, attribution: string, sources: string[] = [], marks: Mark[] = []): HTMLCanvasElement {
  const scale = map.width / map.clientWidth || 1
  const s = (n: number) => n * scale
  const legendW = s(280)
  const out = document.createElement('canvas')
  const g0 = out.getContext('2d')!
  const font = (weight: string, px: number) => `${weight} ${s(px)}px "Open Sans", sans-serif`
  const inner = legendW - s(24)

  // ---- measure: the legend column, then the sources under the map ----
  const ops: Array<{ font: string; draw: Draw; h: number }> = []
  const text = (f: string, t: string, width: number, lineH: number, dx = 0, colour = '#1d1d1d') => {
    g0.font = f
    const ls = lines(g0, t, width)
    ops.push({ font: f, h: ls.length * lineH, draw: (g, x, y) => { g.fillStyle = colour; ls.forEach((l, i) => g.fillText(l, x + dx, y + (i + 1) * lineH - s(4))) } })
  }
  const gap = (h: number) => ops.push({ font: '', h, draw: () => {} })
  text(font('600', 14), legend.title, inner, s(18))
  text(font('', 12), `${legend.unit} · by ${legend.level} · ${legend.vintage}`, inner, s(15))
  gap(s(6))
  const swatch = (colour: string, label: string) => {
    g0.font = font('', 12)
    const ls = lines(g0, label, inner - s(30))
    ops.push({ font: font('', 12), h: Math.max(s(22), ls.length * s(15) + s(6)), draw: (g, x, y) => {
      g.fillStyle = colour; g.fillRect(x, y, s(22), s(16))
      g.fillStyle = '#1d1d1d'; ls.forEach((l, i) => g.fillText(l, x + s(30), y + s(13) + i * s(15)))
    } })
  }
  if (legend.scheme) {
    for (const i of legend.order) swatch(legend.scheme.colours[i], legend.scheme.labels[i])
    swatch('#d4d4d4', 'no value')
    if (legend.faded) text(font('', 11), 'Shown faded under the tool’s results.', inner, s(14), 0, '#333333')
    gap(s(6))
  } else if (legend.note) {
    text(font('', 12), legend.note, inner, s(15))
    gap(s(6))
  }
  for (const k of legend.keys) {
    g0.font = font('', 12)
    const ls = lines(g0, k.label, inner - s(30))
    ops.push({ font: font('', 12), h: Math.max(s(22), ls.length * s(15) + s(6)), draw: (g, x, y) => {
      g.lineWidth = s(2)
      if (k.symbol === 'dot') {
        g.beginPath(); g.arc(x + s(11), y + s(8), s(6), 0, 2 * Math.PI)
        g.fillStyle = k.colour; g.fill(); g.strokeStyle = k.stroke ?? '#555555'; g.stroke()
      } else {
        if (k.symbol === 'fill') { g.fillStyle = k.colour; g.fillRect(x, y, s(22), s(16)) }
        g.setLineDash(k.symbol === 'dashed' ? [s(4), s(3)] : [])
        g.strokeStyle = k.stroke ?? k.colour
        g.strokeRect(x + scale, y + scale, s(20), s(14))
        g.setLineDash([])
      }
      g.fillStyle = '#1d1d1d'
      ls.forEach((l, i) => g.fillText(l, x + s(30), y + s(13) + i * s(15)))
    } })
  }
  const legendH = ops.reduce((a, o) => a + o.h, 0) + s(24)

  const width = map.width + legendW
  // the title wraps across the picture (a long layer name with a locality was cut off on a phone)
  g0.font = font('600', 20)
  const titleLines = lines(g0, title, width - s(24))
  const headH = titleLines.length * s(26) + s(22)
  g0.font = font('', 11)
  const foot = [...new Set([`Source: ${legend.source}`, ...sources.map((x) => `Source: ${x}`), attribution])].flatMap((t) => lines(g0, t, width - s(24)))
  const footH = foot.length * s(15) + s(16)
  const bodyH = Math.max(map.height, legendH)
  out.width = width
  out.height = headH + bodyH + footH

  // ---- draw ----
  const g = out.getContext('2d')!
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, out.width, out.height)
  g.drawImage(map, 0, headH)
  // the DOM markers, where they stand over the map: an SVG as drawn, a text marker as haloed words
  for (const m of marks) {
    if (m.image) g.drawImage(m.image, s(m.x), headH + s(m.y), s(m.w), s(m.h))
    else if (m.label) {
      g.font = font('600', 12)
      g.lineWidth = s(3)
      g.strokeStyle = '#ffffff'
      g.strokeText(m.label, s(m.x), headH + s(m.y + m.h))
      g.fillStyle = '#1d1d1d'
      g.fillText(m.label, s(m.x), headH + s(m.y + m.h))
    }
  }
  g.fillStyle = '#1d1d1d'
  g.font = font('600', 20)
  titleLines.forEach((l, i) => g.fillText(l, s(12), s(30) + i * s(26)))
  const titleFits = titleLines.every((l) => g.measureText(l).width <= width - s(12))
  let y = headH + s(12)
  const x = map.width + s(14)
  for (const o of ops) {
    if (o.font) g.font = o.font
    o.draw(g, x, y)
    y += o.h
  }
  g.font = font('', 11)
  g.fillStyle = '#333333'
  foot.forEach((l, i) => g.fillText(l, s(12), headH + bodyH + s(14) + i * s(15)))
  // what was drawn, in words: for checking that every key and source made it in, unclipped
  g.font = font('', 11)
  out.dataset.footer = JSON.stringify(foot)
  out.dataset.fits = String(titleFits && legendH <= bodyH && foot.every((l) => g.measureText(l).width <= width - s(12)))
  out.dataset.keys = JSON.stringify(legend.keys.map((k) => k.label))
  out.dataset.title = JSON.stringify(titleLines)
  out.dataset.mapTop = String(headH)
  out.dataset.marks = JSON.stringify(marks.map((m) => ({ label: m.label, drawn: m.image ? 'image' : m.label ? 'text' : 'nothing', x: Math.round(m.x), y: Math.round(m.y) })))
  return out
}

export function download(canvas: HTMLCanvasElement, filename: string): void {
  const a = document.createElement('a')
  a.href = canvas.toDataURL('image/png')
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
}
