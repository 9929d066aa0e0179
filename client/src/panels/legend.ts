/**
 * The legend of the current layer: its classes, unit, vintage and source, or an honest note when
 * the layer has no values at this geography (temporary accommodation is published for the borough
 * only; some datasets may not be imported yet).
 */
import type { Catalogue, CatalogueIndicator } from '../api'
import { classScheme, type ClassScheme } from '../classes'
import type { Bus, Panel } from '../events'
import { LEVEL_LABEL, h } from '../dom'
import type { ViewState } from '../state'

export interface LegendModel {
  title: string
  unit: string
  level: string
  scheme: ClassScheme | null
  note: string | null
  source: string
}

export function legendModel(ind: CatalogueIndicator, s: ViewState): LegendModel {
  const scheme = classScheme(ind, s.level, s.classification)
  let note: string | null = null
  if (!scheme) {
    note = ind.available.length === 0
      ? `No ${LEVEL_LABEL[s.level].toLowerCase()} values for this layer are loaded.` +
        (ind.group === 'housing' ? ' Temporary accommodation is published for the borough as a whole (MHCLG), not for small areas, so it is not drawn as a choropleth.' : '')
      : `No values at ${LEVEL_LABEL[s.level].toLowerCase()} level; available at: ${ind.available.map((l) => LEVEL_LABEL[l]).join(', ')}.`
  }
  const src = ind.source
  return {
    title: ind.title,
    unit: ind.unit,
    level: LEVEL_LABEL[s.level],
    scheme,
    note,
    source: src ? `${src.title} (${src.publisher}), ${src.vintage}. ${src.licence}.` : `Source not imported yet. ${ind.vintage}`,
  }
}

export class LegendPanel implements Panel {
  readonly el = h('section', { class: 'panel legend', 'aria-labelledby': 'legend-title', id: 'legend' })
  private off: Array<() => void> = []
  model: LegendModel | null = null

  constructor(bus: Bus, private readonly catalogue: Catalogue) {
    this.off.push(bus.on('state', ({ state }) => this.render(state)))
  }

  render(s: ViewState): void {
    const ind = this.catalogue.indicators.find((i) => i.id === s.indicator)!
    const m = (this.model = legendModel(ind, s))
    const body: Node[] = [h('h2', { id: 'legend-title' }, m.title), h('p', { class: 'muted' }, `${m.unit} · by ${m.level}`)]
    if (m.scheme) {
      const ul = h('ul', { class: 'classes', 'aria-label': 'Colour classes' })
      // greatest need first
      const order = m.scheme.colours.map((_, i) => i)
      if (ind.polarity !== 'higher-better') order.reverse()
      for (const i of order) ul.append(h('li', {}, h('span', { class: 'swatch', style: `background:${m.scheme.colours[i]}`, 'aria-hidden': 'true' }), m.scheme.labels[i]))
      ul.append(h('li', {}, h('span', { class: 'swatch nodata', 'aria-hidden': 'true' }), 'no value'))
      body.push(ul, h('p', { class: 'muted' }, 'Darker = greater need' + (ind.polarity === 'neutral' ? ' (here: higher value)' : '') + '.'))
    }
    if (m.note) body.push(h('p', { class: 'note', role: 'note' }, m.note))
    // Computed figures and publishers' caveats travel with the layer, never only in "About".
    if (ind.derived) body.push(h('p', { class: 'note derived', role: 'note' }, `Derived here: ${ind.derived}.`))
    if (ind.caveat) body.push(h('p', { class: 'note caveat', role: 'note' }, ind.caveat))
    body.push(h('p', { class: 'source-line' }, `Source: ${m.source}`))
    if (ind.description) body.push(h('details', {}, h('summary', {}, 'About this layer'), h('p', {}, ind.description)))
    this.el.replaceChildren(...body)
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
