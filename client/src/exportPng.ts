/**
 * The PNG export: the map canvas (kept with preserveDrawingBuffer) with a title, the legend and a
 * source line drawn around it, so the picture carries what it shows and where it came from.
 */
import type { LegendModel } from './panels/legend'

/** Draws text wrapped to `width`; returns the y below the last line. */
function wrap(g: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, lineH: number): number {
  let line = ''
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word
    if (g.measureText(next).width > width && line) {
      g.fillText(line, x, y)
      y += lineH
      line = word
    } else line = next
  }
  if (line) g.fillText(line, x, y)
  return y + lineH
}

export function composePng(map: HTMLCanvasElement, legend: LegendModel, title: string, attribution: string): HTMLCanvasElement {
  const scale = map.width / map.clientWidth || 1
  const legendW = 260 * scale
  const headH = 48 * scale
  const footH = 64 * scale
  const out = document.createElement('canvas')
  out.width = map.width + legendW
  out.height = map.height + headH + footH
  const g = out.getContext('2d')!
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, out.width, out.height)
  g.drawImage(map, 0, headH)
  g.fillStyle = '#1d1d1d'
  g.font = `600 ${20 * scale}px "Open Sans", sans-serif`
  g.fillText(title, 12 * scale, 30 * scale)
  let y = headH + 24 * scale
  const x = map.width + 14 * scale
  g.font = `600 ${14 * scale}px "Open Sans", sans-serif`
  y = wrap(g, legend.title, x, y, legendW - 24 * scale, 18 * scale)
  g.font = `${12 * scale}px "Open Sans", sans-serif`
  // unit, geography and edition wrap inside the legend column (a long edition was clipped)
  y = wrap(g, `${legend.unit} · by ${legend.level} · ${legend.vintage}`, x, y, legendW - 24 * scale, 15 * scale)
  if (legend.scheme) {
    for (const i of legend.order) {
      g.fillStyle = legend.scheme.colours[i]
      g.fillRect(x, y, 22 * scale, 16 * scale)
      g.fillStyle = '#1d1d1d'
      g.fillText(legend.scheme.labels[i], x + 30 * scale, y + 13 * scale)
      y += 22 * scale
    }
    g.fillStyle = '#d4d4d4'
    g.fillRect(x, y, 22 * scale, 16 * scale)
    g.fillStyle = '#1d1d1d'
    g.fillText('no value', x + 30 * scale, y + 13 * scale)
    y += 26 * scale
  } else if (legend.note) {
    y = wrap(g, legend.note, x, y + 14 * scale, legendW - 24 * scale, 15 * scale)
  }
  // the symbols drawn over the map: asset categories and the open tool's overlays
  for (const k of legend.keys) {
    g.lineWidth = 2 * scale
    if (k.symbol === 'dot') {
      g.beginPath()
      g.arc(x + 11 * scale, y + 8 * scale, 6 * scale, 0, 2 * Math.PI)
      g.fillStyle = k.colour
      g.fill()
      g.strokeStyle = '#555555'
      g.stroke()
    } else {
      if (k.symbol === 'fill') { g.fillStyle = k.colour; g.fillRect(x, y, 22 * scale, 16 * scale) }
      g.setLineDash(k.symbol === 'dashed' ? [4 * scale, 3 * scale] : [])
      g.strokeStyle = k.stroke ?? k.colour
      g.strokeRect(x + scale, y + scale, 20 * scale, 14 * scale)
      g.setLineDash([])
    }
    g.fillStyle = '#1d1d1d'
    y = wrap(g, k.label, x + 30 * scale, y + 13 * scale, legendW - 54 * scale, 15 * scale) + 5 * scale - 13 * scale
  }
  g.font = `${11 * scale}px "Open Sans", sans-serif`
  g.fillStyle = '#333333'
  const below = wrap(g, `Source: ${legend.source}`, 12 * scale, map.height + headH + 18 * scale, out.width - 24 * scale, 15 * scale)
  wrap(g, attribution, 12 * scale, below, out.width - 24 * scale, 15 * scale)
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
