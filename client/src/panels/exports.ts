/** Share and export: the link to this view, PNG of the map, CSV/GeoJSON of the data in view. */
import { urls } from '../api'
import type { Bus, Panel } from '../events'
import { h } from '../dom'
import { withFormat } from '../downloads'
import type { ViewState } from '../state'

export class ExportPanel implements Panel {
  readonly el = h('section', { class: 'panel exports', 'aria-labelledby': 'export-title' })
  private off: Array<() => void> = []
  private csv = h('a', { id: 'export-csv', download: '' }, 'CSV')
  private geojson = h('a', { id: 'export-geojson', download: '' }, 'GeoJSON')
  private state: ViewState | null = null
  private bbox: [number, number, number, number] | undefined

  constructor(bus: Bus) {
    const png = h('button', { type: 'button', id: 'export-png' }, 'Map as PNG')
    png.addEventListener('click', () => bus.emit('export-png', {}))
    const copy = h('button', { type: 'button', id: 'copy-link' }, 'Copy link to this view')
    const copied = h('span', { class: 'muted', 'aria-live': 'polite' })
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(location.href)
        copied.textContent = ' Copied.'
      } catch {
        copied.textContent = ' Copy the address bar: it holds this view.'
      }
    })
    this.el.append(
      h('h2', { id: 'export-title' }, 'Share and export'),
      h('div', { class: 'row' }, copy, copied),
      h('div', { class: 'row' }, png, h('span', {}, ' Data in view: '), this.csv, ' · ', this.geojson),
    )
    this.off.push(
      bus.on('state', ({ state }) => { this.state = state; this.update() }),
      bus.on('camera-change', ({ bbox }) => { this.bbox = bbox; this.update() }),
    )
  }

  private update(): void {
    const s = this.state
    if (!s) return
    const q = { indicators: [s.indicator], locality: s.locality ?? undefined, bbox: s.locality ? undefined : this.bbox }
    this.csv.href = urls.areas(s.level, q, 'csv')
    this.geojson.href = withFormat(urls.areas(s.level, q), 'geojson')
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
