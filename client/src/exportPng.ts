/**
 * The PNG export: the map canvas (kept with preserveDrawingBuffer) with a title, the legend and a
 * source line drawn around it, so the picture carries what it shows and where it came from.
 */
import type { LegendModel } from './panels/legend'

export function composePng(map: HTMLCanvasElement, legend: LegendModel, title: string, attribution: string): HTMLCanvasElement {
  const scale = map.width / map.clientWidth || 1
  const legendW = 260 * scale
  const headH = 48 * scale
  const footH = 44 * scale
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
  g.fillText(legend.title.slice(0, 34), x, y)
  y += 20 * scale
  g.font = `${12 * scale}px "Open Sans", sans-serif`
  g.fillText(`${legend.unit} · by ${legend.level}`, x, y)
  y += 14 * scale
  if (legend.scheme) {
    const order = legend.scheme.colours.map((_, i) => i).reverse()
    for (const i of order) {
      g.fillStyle = legend.scheme.colours[i]
      g.fillRect(x, y, 22 * scale, 16 * scale)
      g.fillStyle = '#1d1d1d'
      g.fillText(legend.scheme.labels[i], x + 30 * scale, y + 13 * scale)
      y += 22 * scale
    }
  } else if (legend.note) {
    g.fillText('No values at this geography.', x, y + 14 * scale)
  }
  g.font = `${11 * scale}px "Open Sans", sans-serif`
  g.fillStyle = '#333333'
  g.fillText(`Source: ${legend.source}`.slice(0, 180), 12 * scale, map.height + headH + 18 * scale)
  g.fillText(attribution.slice(0, 180), 12 * scale, map.height + headH + 34 * scale)
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
