/**
 * The layer chooser, grouped as the catalogue groups its indicators, with the geography and the
 * classification choosers. Emits intents; redraws on `state`.
 */
import type { Catalogue } from '../api'
import type { Bus, Panel } from '../events'
import { GROUP_LABEL, LEVEL_LABEL, h } from '../dom'
import { MAP_LEVELS, type ClassMethod, type ViewState } from '../state'

const METHOD_LABEL: Record<ClassMethod, string> = { quantile: 'Quantiles (equal counts)', jenks: 'Natural breaks (Jenks)', equal: 'Equal intervals', deciles: 'National deciles' }

export class LayersPanel implements Panel {
  readonly el = h('section', { class: 'panel layers', 'aria-labelledby': 'layers-title' })
  private off: Array<() => void> = []
  private list = h('div', { class: 'layer-list', id: 'layer-list', role: 'group', 'aria-label': 'Layers by theme' })
  private levels = h('fieldset', { class: 'levels' })
  private method = h('select', { id: 'class-method', 'aria-describedby': 'class-help' })

  constructor(private readonly bus: Bus, private readonly catalogue: Catalogue) {
    this.el.append(h('h2', { id: 'layers-title' }, 'Layer'), this.list)
    this.levels.append(h('legend', {}, 'Geography'))
    for (const l of MAP_LEVELS) {
      const input = h('input', { type: 'radio', name: 'level', value: l, id: `level-${l}` })
      input.addEventListener('change', () => bus.emit('choose-level', { level: l }))
      this.levels.append(h('label', { for: `level-${l}`, class: 'chip' }, input, LEVEL_LABEL[l]))
    }
    this.method.addEventListener('change', () => bus.emit('choose-classification', { method: this.method.value as ClassMethod }))
    this.el.append(
      this.levels,
      h('div', { class: 'field' }, h('label', { for: 'class-method' }, 'Classes'), this.method,
        h('p', { id: 'class-help', class: 'muted' }, 'How areas are grouped into colour classes.')),
    )
    this.buildList()
    this.off.push(bus.on('state', ({ state }) => this.render(state)))
  }

  private buildList(): void {
    const groups = new Map<string, Catalogue['indicators']>()
    for (const i of this.catalogue.indicators) groups.set(i.group, [...(groups.get(i.group) ?? []), i])
    for (const [group, inds] of groups) {
      const fs = h('fieldset', { class: 'layer-group' }, h('legend', {}, GROUP_LABEL[group] ?? group))
      for (const i of inds) {
        const id = `layer-${i.id}`
        const input = h('input', { type: 'radio', name: 'layer', value: i.id, id })
        input.addEventListener('change', () => this.bus.emit('choose-indicator', { id: i.id }))
        const note = i.available.length === 0 ? h('span', { class: 'badge' }, 'no area data yet') : null
        fs.append(h('div', { class: 'layer-option' }, input, h('label', { for: id }, i.title, note)))
      }
      const details = h('details', { 'data-group': group }, h('summary', {}, GROUP_LABEL[group] ?? group, h('span', { class: 'count' }, ` (${inds.length})`)), fs)
      this.list.append(details)
    }
  }

  render(s: ViewState): void {
    const ind = this.catalogue.indicators.find((i) => i.id === s.indicator)!
    for (const input of this.list.querySelectorAll<HTMLInputElement>('input[name=layer]')) input.checked = input.value === s.indicator
    for (const d of this.list.querySelectorAll<HTMLDetailsElement>('details')) if (d.dataset.group === ind.group) d.open = true
    const has = ind.available.length ? ind.available : []
    for (const input of this.levels.querySelectorAll<HTMLInputElement>('input')) {
      input.checked = input.value === s.level
      input.closest('label')!.classList.toggle('unavailable', !has.includes(input.value as never))
    }
    this.method.replaceChildren(...ind.classification.allowed.map((m) => h('option', { value: m, selected: m === s.classification }, METHOD_LABEL[m] ?? m)))
    this.method.disabled = ind.classification.allowed.length < 2
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
