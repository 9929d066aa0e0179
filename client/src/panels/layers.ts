/**
 * The layer chooser, grouped as the catalogue groups its indicators. Each layer family (an IoD
 * domain's score, rank, decile and shares; a pollutant's years) shows once by its main measure;
 * the chosen family offers its other measures in a "Measure" select, with the ones that have no
 * values at the current geography disabled and the reason given. Also the geography and the
 * classification choosers. Emits intents; redraws on `state`.
 *
 * Keyboard: each theme is its own radio group, so Tab reaches every theme (and each theme's
 * summary opens it). Arrow keys move within a theme without loading each layer on the way: the
 * layer moved to is shown on Enter or Space (a click shows it at once). Leaving the theme without
 * choosing puts the marks back. The measure select works the same way.
 */
import type { Catalogue } from '../api'
import type { Bus, Panel } from '../events'
import { GROUP_LABEL, LEVEL_LABEL, h } from '../dom'
import { familyOf, layerFamilies, measureAtLevel, unavailableReason, type LayerFamily } from '../layerFamilies'
import { MAP_LEVELS, type ClassMethod, type ViewState } from '../state'

const METHOD_LABEL: Record<ClassMethod, string> = { quantile: 'Quantiles (equal counts)', jenks: 'Natural breaks (Jenks)', equal: 'Equal intervals', deciles: 'National deciles' }
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

type Family = LayerFamily<Catalogue['indicators'][number]>

export class LayersPanel implements Panel {
  readonly el = h('section', { class: 'panel layers', 'aria-labelledby': 'layers-title' })
  private off: Array<() => void> = []
  private list = h('div', { class: 'layer-list', id: 'layer-list', role: 'group', 'aria-label': 'Layers by theme', 'aria-describedby': 'layer-keys' })
  /** the last key in the chooser was an arrow (so the change it makes waits for Enter) */
  private arrowed = false
  /** a layer moved to with the arrow keys, shown on Enter */
  private waiting: (() => void) | null = null
  private pending = h('p', { class: 'layer-pending', id: 'layer-pending', role: 'status', 'aria-live': 'polite' })
  private levels = h('fieldset', { class: 'levels' })
  private method = h('select', { id: 'class-method', 'aria-describedby': 'class-help' })
  private measure = h('select', { id: 'layer-measure', 'aria-describedby': 'layer-measure-help' })
  private measureHelp = h('p', { id: 'layer-measure-help', class: 'muted' })
  private measureBox = h('div', { class: 'measure' }, h('label', { for: 'layer-measure' }, 'Measure'), this.measure, this.measureHelp)
  private readonly families: Family[]
  private state: ViewState | null = null

  constructor(private readonly bus: Bus, private readonly catalogue: Catalogue) {
    this.families = layerFamilies(catalogue.indicators)
    this.el.append(h('h2', { id: 'layers-title' }, 'Layer'),
      h('p', { id: 'layer-keys', class: 'muted' }, 'Arrow keys move within a theme; Enter or Space shows the layer.'), this.list, this.pending)
    this.levels.append(h('legend', {}, 'Geography'))
    for (const l of MAP_LEVELS) {
      const input = h('input', { type: 'radio', name: 'level', value: l, id: `level-${l}` })
      input.addEventListener('change', () => bus.emit('choose-level', { level: l }))
      this.levels.append(h('label', { for: `level-${l}`, class: 'chip' }, input, LEVEL_LABEL[l]))
    }
    this.method.addEventListener('change', () => bus.emit('choose-classification', { method: this.method.value as ClassMethod }))
    this.deferArrows(this.measure, () => this.measure.selectedOptions[0]?.textContent ?? '', () => bus.emit('choose-indicator', { id: this.measure.value }))
    this.el.append(
      this.levels,
      h('div', { class: 'field' }, h('label', { for: 'class-method' }, 'Classes'), this.method,
        h('p', { id: 'class-help', class: 'muted' }, 'How areas are grouped into colour classes.')),
    )
    this.buildList()
    this.off.push(bus.on('state', ({ state }) => this.render(state)))
  }

  private buildList(): void {
    const groups = new Map<string, Family[]>()
    for (const f of this.families) groups.set(f.group, [...(groups.get(f.group) ?? []), f])
    for (const [group, fams] of groups) {
      const fs = h('fieldset', { class: 'layer-group' }, h('legend', {}, GROUP_LABEL[group] ?? group))
      for (const f of fams) {
        const id = `layer-${f.key}`
        const input = h('input', { type: 'radio', name: `layer-${group}`, value: f.key, id })
        this.deferArrows(input, () => cap(f.title), () => {
          const level = this.state?.level ?? 'lsoa21'
          this.bus.emit('choose-indicator', { id: measureAtLevel(this.families, f.main.id, level) })
        })
        const none = f.measures.every((m) => m.indicator.available.length === 0)
        const note = none ? h('span', { class: 'badge' }, 'no area data yet') : null
        const more = f.measures.length > 1 ? h('span', { class: 'count' }, ` · ${f.measures.length} measures`) : null
        fs.append(h('div', { class: 'layer-option', 'data-family': f.key }, input, h('label', { for: id }, cap(f.title), more, note)))
      }
      const details = h('details', { 'data-group': group }, h('summary', {}, GROUP_LABEL[group] ?? group, h('span', { class: 'count' }, ` (${fams.length})`)), fs)
      this.list.append(details)
    }
  }

  /**
   * `apply` runs on a change made by click, Space or Enter, not on one made by an arrow key (which
   * only says "press Enter to show …"); leaving the control with a change pending redraws the
   * current state.
   */
  private deferArrows(el: HTMLInputElement | HTMLSelectElement, label: () => string, apply: () => void): void {
    const run = (f: () => void) => { this.waiting = null; this.pending.textContent = ''; f() }
    const control: HTMLElement = el
    control.addEventListener('keydown', (e: KeyboardEvent) => {
      // an arrow key moves the check (and the change event) to the next radio: the flag is the panel's
      this.arrowed = e.key.startsWith('Arrow')
      if (e.key !== 'Enter') return
      if (this.waiting) { e.preventDefault(); run(this.waiting) }
      else if (el instanceof HTMLInputElement && !el.checked) { e.preventDefault(); el.checked = true; run(apply) }
    })
    el.addEventListener('change', () => {
      if (!this.arrowed) return run(apply)
      this.arrowed = false
      this.waiting = apply
      this.pending.textContent = `Press Enter to show ${label()}.`
    })
    // (blur fires between an arrow's keydown and the change it makes, so it leaves the flag alone)
    control.addEventListener('pointerdown', () => { this.arrowed = false })
    el.addEventListener('blur', () => {
      setTimeout(() => {
        const now = document.activeElement
        const sameGroup = now === el || (now instanceof HTMLInputElement && el instanceof HTMLInputElement && now.name === el.name)
        if (!this.waiting || sameGroup) return
        this.waiting = null
        this.pending.textContent = ''
        if (this.state) this.render(this.state)
      }, 0)
    })
  }

  private renderMeasure(f: Family, s: ViewState): void {
    if (f.measures.length < 2) return void this.measureBox.remove()
    const reasons = new Map<string, string[]>() // reason -> measures it applies to
    this.measure.replaceChildren(...f.measures.map((m) => {
      const why = unavailableReason(m.indicator, s.level)
      if (why) reasons.set(why, [...(reasons.get(why) ?? []), m.label])
      return h('option', { value: m.indicator.id, selected: m.indicator.id === s.indicator, disabled: !!why }, cap(m.label) + (why ? ' (not at this geography)' : ''))
    }))
    this.measureHelp.textContent = reasons.size
      ? `${[...reasons].map(([why, labels]) => `${cap(labels.join(' and '))}: ${why}.`).join(' ')} Change the geography to see them.`
      : ''
    const row = this.list.querySelector<HTMLElement>(`.layer-option[data-family="${CSS.escape(f.key)}"]`)!
    if (row.nextElementSibling !== this.measureBox) row.after(this.measureBox)
  }

  render(s: ViewState): void {
    this.state = s
    const ind = this.catalogue.indicators.find((i) => i.id === s.indicator)!
    const fam = familyOf(this.families, s.indicator)!
    for (const input of this.list.querySelectorAll<HTMLInputElement>('input[type=radio]')) input.checked = input.value === fam.key
    for (const d of this.list.querySelectorAll<HTMLDetailsElement>('details')) if (d.dataset.group === ind.group) d.open = true
    this.renderMeasure(fam, s)
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
