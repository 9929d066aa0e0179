/** The table view: the current layer's areas ranked by need, an alternative to the map. */
import { urls, type Catalogue } from '../api'
import { downloadLinks, GIS_DOWNLOADS } from '../downloads'
import { formatValue } from '../classes'
import type { Bus, Panel } from '../events'
import { LEVEL_LABEL, h } from '../dom'
import type { AreaValues } from '../values'

export class TablePanel implements Panel {
  readonly el = h('section', { class: 'table-view', 'aria-labelledby': 'table-title', id: 'table-view', tabindex: '-1' })
  private off: Array<() => void> = []

  constructor(private readonly bus: Bus, private readonly catalogue: Catalogue) {
    this.el.hidden = true
    this.off.push(bus.on('values', (v) => this.render(v)), bus.on('state', ({ state }) => { this.el.hidden = state.view !== 'table' }))
  }

  render(v: AreaValues): void {
    const ind = this.catalogue.indicators.find((i) => i.id === v.indicator)!
    const rows = v.rows.map((r) => {
      const b = h('button', { type: 'button', class: 'link-button' }, r.name)
      b.addEventListener('click', () => {
        this.bus.emit('choose-view', { view: 'map' })
        this.bus.emit('focus-area', { code: r.code, origin: 'list', zoom: true, level: v.level })
      })
      return h('tr', {}, h('td', {}, r.rank === null ? '–' : String(r.rank)), h('th', { scope: 'row' }, b), h('td', {}, r.code), h('td', { class: 'num' }, formatValue(r.value, ind)))
    })
    this.el.replaceChildren(
      h('h2', { id: 'table-title' }, `${ind.title} by ${LEVEL_LABEL[v.level]}`),
      h('p', { class: 'muted' }, `${v.count} areas with a value; rank 1 = greatest need. ${ind.source?.vintage ?? ind.vintage}.`),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Areas ranked by need' },
        h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ...['Rank', 'Area', 'Code', `Value (${ind.unit})`].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows))),
      downloadLinks(urls.areas(v.level, { indicators: [v.indicator] }), GIS_DOWNLOADS, 'this table'),
    )
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
