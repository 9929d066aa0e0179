/**
 * The need index form: the level, the indicators with their weights (those of the level, by
 * group), the normalisation method, the missing-value rule and how many areas to highlight, in the
 * server's own words (the catalogue's vocabulary). What it holds is the index's spec, and the
 * spec is the API's query (so the same URL is the share link and, with a format, the export).
 */
import type { Catalogue, CatalogueIndicator } from '../../../../server/http/contract/catalogue'
import { GROUP_LABEL, LEVEL_LABEL, h } from '../../dom'
import type { IndexSpec } from '../../state'
import type { Disposer } from '../control'

export const API = '/api/targeting/index'

export interface NeedIndexForm {
  form: HTMLFormElement
  topInput: HTMLInputElement
  computeButton: HTMLButtonElement
  status: HTMLElement
  /** the indicators ticked, with their weights */
  selected(): Array<{ id: string; weight: number }>
  spec(): IndexSpec
  /** the API's URL for the spec (the JSON answer, or an export) */
  query(format?: 'csv' | 'geojson'): string
  /** how many areas to highlight */
  topN(): number
}

export function buildNeedIndexForm(catalogue: Catalogue, id: (s: string) => string, d: Disposer, initial?: IndexSpec | null): NeedIndexForm {
  // methods, levels and missing-value rules as the server names them (the catalogue's vocabulary)
  const words = catalogue.vocabulary.needIndex
  const levelSelect = h('select', { id: id('level') }, ...words.levels.map((l) => h('option', { value: l }, LEVEL_LABEL[l] ?? l)))
  const methodSelect = h('select', { id: id('method') }, ...words.methods.map((m) => h('option', { value: m.id }, m.label)))
  const missingSelect = h('select', { id: id('missing') }, ...words.missing.map((m) => h('option', { value: m.id }, m.label)))
  const topInput = h('input', { id: id('top'), type: 'number', min: '1', max: '115', step: '1', value: '10', inputmode: 'numeric' })
  const picker = h('fieldset', { class: 'need-index-indicators' }, h('legend', {}, 'Indicators and weights'))
  const computeButton = h('button', { type: 'submit' }, 'Compute index')
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })

  const candidates = (level: string): CatalogueIndicator[] =>
    catalogue.indicators.filter((x) => (x.kind === 'score' || x.kind === 'rate') && x.polarity !== 'neutral' && x.available.includes(level as never))

  let restore: Map<string, number> | null = null
  function renderPicker(): void {
    const chosen = restore ?? new Map(selected().map((c) => [c.id, c.weight]))
    restore = null
    picker.replaceChildren(h('legend', {}, 'Indicators and weights'))
    const byGroup = new Map<string, CatalogueIndicator[]>()
    for (const x of candidates(levelSelect.value)) byGroup.set(x.group, [...(byGroup.get(x.group) ?? []), x])
    for (const [group, ds] of byGroup) {
      picker.append(h('p', { class: 'muted' }, GROUP_LABEL[group] ?? group))
      for (const x of ds) {
        const box = h('input', { type: 'checkbox', id: id(`use-${x.id}`), value: x.id, checked: chosen.has(x.id) })
        const weight = h('input', {
          type: 'number', id: id(`w-${x.id}`), min: '0.1', max: '100', step: '0.1', value: String(chosen.get(x.id) ?? 1),
          'aria-label': `Weight for ${x.title}`, 'data-weight-for': x.id, disabled: !chosen.has(x.id), size: '4',
        })
        d.listen(box, 'change', () => { weight.disabled = !box.checked })
        picker.append(h('div', { class: 'need-index-option' }, box,
          h('label', { for: box.id, title: x.description }, `${x.title} `, h('span', { class: 'muted' }, `(${x.polarity === 'higher-better' ? 'higher is better: flipped' : 'higher = more need'})`)), ' ', weight))
      }
    }
  }

  function selected(): Array<{ id: string; weight: number }> {
    return [...picker.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((b) => {
      const w = picker.querySelector<HTMLInputElement>(`input[data-weight-for="${b.value}"]`)
      return { id: b.value, weight: Number(w?.value) || 1 }
    })
  }

  const spec = (): IndexSpec => ({
    indicators: selected().map((c) => `${c.id}:${c.weight}`).join(','),
    method: methodSelect.value, level: levelSelect.value, missing: missingSelect.value,
  })
  function query(format?: 'csv' | 'geojson'): string {
    const p = new URLSearchParams({ ...spec(), ...(format ? { format } : {}) })
    return `${API}?${p.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')}`
  }

  const form = h('form', { class: 'need-index-form', 'aria-labelledby': id('title') },
    h('div', {}, h('label', { for: levelSelect.id }, 'Areas '), levelSelect),
    picker,
    h('div', {}, h('label', { for: methodSelect.id }, 'Put indicators on a common scale by '), methodSelect),
    h('div', {}, h('label', { for: missingSelect.id }, 'Missing values '), missingSelect),
    h('div', {}, h('label', { for: topInput.id }, 'Highlight the top '), topInput, ' areas on the map'),
    computeButton, status)
  if (initial) {
    levelSelect.value = initial.level
    methodSelect.value = initial.method
    missingSelect.value = initial.missing
    restore = new Map(initial.indicators.split(',').map((part) => {
      const [k, w] = part.split(':')
      return [k, Number(w) || 1]
    }))
  }
  renderPicker()
  d.listen(levelSelect, 'change', renderPicker)

  const topN = () => Math.max(1, Math.floor(Number(topInput.value) || 10))
  return { form, topInput, computeButton, status, selected, spec, query, topN }
}
