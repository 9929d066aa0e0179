/**
 * The legend, on the map: the current layer's classes, unit, geography and edition, a key for
 * every asset category shown and for what the open tool draws (hubs, catchments, the anchor's
 * ring), or an honest note when the layer has no values at this geography (temporary
 * accommodation is published for the borough only; some datasets may not be imported yet).
 * Collapsible (Hide key / Show key); starts collapsed where the map is small (a phone, or a screen
 * 800 px tall or less, where the open key covered a third of a 1024x768 laptop's map): its title,
 * PNG and Show key stay in view. The PNG export draws the same model, open or not.
 */
import type { Catalogue, CatalogueIndicator } from '../api'
import { classScheme, type ClassScheme } from '../classes'
import type { Bus, Panel } from '../events'
import { LEVEL_LABEL, h } from '../dom'
import type { OverlayKey } from '../map/overlayKey'
import type { Tool, ViewState } from '../state'

/** screens where the key starts collapsed */
const SMALL_MAP = '(max-width: 760px), (max-height: 800px)'

export interface LegendModel {
  title: string
  unit: string
  level: string
  /** the edition: "IoD 2025 (published 30 Oct 2025; LSOA 2021)" */
  vintage: string
  scheme: ClassScheme | null
  /** colour order to list, greatest need first */
  order: number[]
  note: string | null
  source: string
  /** asset symbols and the open tool's overlays */
  keys: OverlayKey[]
  /** the choropleth is faded under a tool's answer */
  faded: boolean
}

export function legendModel(ind: CatalogueIndicator, s: ViewState, keys: OverlayKey[] = []): LegendModel {
  const scheme = classScheme(ind, s.level, s.classification)
  let note: string | null = null
  if (!scheme) {
    note = ind.available.length === 0
      ? `No ${LEVEL_LABEL[s.level].toLowerCase()} values for this layer are loaded.` +
        (ind.group === 'housing' ? ' Temporary accommodation is published for the borough as a whole (MHCLG), not for small areas, so it is not drawn as a choropleth.' : '')
      : `No values at ${LEVEL_LABEL[s.level].toLowerCase()} level; available at: ${ind.available.map((l) => LEVEL_LABEL[l]).join(', ')}.`
  }
  const src = ind.source
  const order = scheme ? scheme.colours.map((_, i) => i) : []
  if (ind.polarity !== 'higher-better') order.reverse()
  return {
    title: ind.title,
    unit: ind.unit,
    level: LEVEL_LABEL[s.level],
    vintage: src?.vintage ?? ind.vintage,
    scheme,
    order,
    note,
    source: src ? `${src.title} (${src.publisher}), ${src.vintage}. ${src.licence}.` : `Source not imported yet. ${ind.vintage}`,
    keys,
    faded: s.tool !== 'explore',
  }
}

function keySymbol(k: OverlayKey): HTMLElement {
  const style = k.symbol === 'dot'
    ? `background:${k.colour};border-color:${k.stroke ?? '#fff'}`
    : k.symbol === 'fill' ? `background:${k.colour};border-color:${k.stroke ?? k.colour}`
      : `border-color:${k.colour}`
  return h('span', { class: `key-symbol key-${k.symbol}`, style, 'aria-hidden': 'true' })
}

export class LegendPanel implements Panel {
  readonly el = h('section', { class: 'map-legend', 'aria-labelledby': 'legend-title', id: 'legend' })
  private readonly toggle = h('button', { type: 'button', class: 'legend-toggle', id: 'legend-toggle', 'aria-expanded': 'true', 'aria-controls': 'legend-body' }, 'Hide key')
  private readonly titleEl = h('h2', { id: 'legend-title' })
  private readonly body = h('div', { id: 'legend-body', class: 'legend-body' })
  private off: Array<() => void> = []
  model: LegendModel | null = null

  /** toolKeys: what each tool draws over the map */
  constructor(bus: Bus, private readonly catalogue: Catalogue, private readonly toolKeys: Partial<Record<Tool, OverlayKey[]>> = {}) {
    // the map as shown, with these keys and every layer's source, from the legend itself (any tool)
    const png = h('button', { type: 'button', class: 'legend-png', id: 'legend-png', 'aria-label': 'PNG: save the map with this key as a picture' }, 'PNG')
    png.addEventListener('click', () => bus.emit('export-png', {}))
    this.el.append(h('div', { class: 'legend-head' }, this.titleEl, png, this.toggle), this.body)
    const flip = () => this.setOpen(this.toggle.getAttribute('aria-expanded') !== 'true')
    this.toggle.addEventListener('click', flip)
    this.off.push(() => this.toggle.removeEventListener('click', flip), bus.on('state', ({ state }) => this.render(state)))
    if (typeof matchMedia !== 'undefined' && matchMedia(SMALL_MAP).matches) this.setOpen(false)
  }

  setOpen(open: boolean): void {
    this.toggle.setAttribute('aria-expanded', String(open))
    this.toggle.textContent = open ? 'Hide key' : 'Show key'
    this.body.hidden = !open
    this.el.classList.toggle('collapsed', !open)
  }

  private keysFor(s: ViewState): OverlayKey[] {
    const assets = s.assets.flatMap((id) => {
      const c = this.catalogue.assetCategories.find((a) => a.id === id)
      return c ? [{ label: c.title, symbol: 'dot' as const, colour: c.colour, stroke: '#fff' }] : []
    })
    return [...(this.toolKeys[s.tool] ?? []), ...assets]
  }

  render(s: ViewState): void {
    const ind = this.catalogue.indicators.find((i) => i.id === s.indicator)!
    const m = (this.model = legendModel(ind, s, this.keysFor(s)))
    this.titleEl.textContent = m.title
    const body: Node[] = [h('p', { class: 'legend-sub' }, `${m.unit} · by ${m.level} · ${m.vintage}`)]
    if (m.scheme) {
      const ul = h('ul', { class: 'classes', 'aria-label': 'Colour classes, greatest need first' })
      for (const i of m.order) ul.append(h('li', {}, h('span', { class: 'swatch', style: `background:${m.scheme.colours[i]}`, 'aria-hidden': 'true' }), m.scheme.labels[i]))
      ul.append(h('li', {}, h('span', { class: 'swatch nodata', 'aria-hidden': 'true' }), 'no value'))
      body.push(ul, h('p', { class: 'legend-sub' }, 'Darker = greater need' + (ind.polarity === 'neutral' ? ' (here: higher value)' : '') + '.' +
        (m.faded ? ' Shown faded under the tool’s results.' : '')))
    }
    if (m.note) body.push(h('p', { class: 'note', role: 'note' }, m.note))
    if (m.keys.length) {
      body.push(h('ul', { class: 'overlay-keys', 'aria-label': 'Symbols' }, ...m.keys.map((k) => h('li', {}, keySymbol(k), k.label))))
    }
    // Computed figures and publishers' caveats travel with the layer, in view, never only in "About".
    if (ind.derived) body.push(h('p', { class: 'note derived', role: 'note' }, `Derived here: ${ind.derived}.`))
    if (ind.caveat) body.push(h('p', { class: 'note caveat', role: 'note' }, ind.caveat))
    const more: Node[] = [h('p', { class: 'source-line' }, `Source: ${m.source}`)]
    if (ind.description) more.push(h('p', {}, ind.description))
    body.push(h('details', { class: 'legend-more' }, h('summary', {}, 'Source and about this layer'), ...more))
    this.body.replaceChildren(...body)
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
