/**
 * The need index builder: pick indicators and weights, a normalisation method, a level and a
 * missing-value rule; the server computes the index (GET /api/targeting/index, so the same URL is
 * the share link and, with format=csv|geojson, the export). Shows the ranked table with each
 * component's contribution and the rank range under other weightings, and highlights the top N
 * areas on the map through its own source and layers, removed again by destroy() and hidden by
 * setActive(false). The index computed is reported through onSpec (the app keeps it in its URL),
 * and a `spec` given at mount is restored and computed. Editors can save the computed index by
 * name (POST /api/targeting/indices); for other roles the Save button is disabled and says why.
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catalogue, CatalogueIndicator } from '../../../server/http/contract/catalogue'
import type { IndexComponent, NeedIndexResult, NeedIndexSpec } from '../../../server/http/contract/targeting'
import { GROUP_LABEL, LEVEL_LABEL, h } from '../dom'
import { downloadLinks, GIS_DOWNLOADS } from '../downloads'
import { setLayersVisible, whenStyleLoaded } from '../map/styleReady'
import type { IndexSpec } from '../state'
import type { SavedIndex, SavedIndexInput } from '../api'
import { can, onUserChange, rejectToken, requestSignIn } from '../session'
import type { OverlayKey } from '../map/overlayKey'

export interface NeedIndexPanelDeps {
  map: maplibregl.Map
  fetchJson: <T>(url: string, init?: RequestInit) => Promise<T>
  catalogue: Catalogue
  /** an index to restore and compute at mount (the app's ?index=) */
  spec?: IndexSpec | null
  /** called with the index just computed, before its share link is drawn */
  onSpec?: (spec: IndexSpec) => void
  /** saves an index (the API client's, which sends the session's token); no Save without it */
  saveIndex?: (body: SavedIndexInput) => Promise<SavedIndex>
}

type IndexCollection = Omit<NeedIndexResult, 'areas'> & GeoJSON.FeatureCollection<GeoJSON.Geometry | null, Record<string, unknown>>

const SOURCE = 'need-index-panel'
const FILL = 'need-index-panel-fill'
const LINE = 'need-index-panel-line'
const API = '/api/targeting/index'

let seq = 0

/** What the index layer draws, for the map's legend (the colours of highlight below). */
export const NEED_INDEX_KEY: OverlayKey[] = [
  { label: 'Areas of greatest need on the index (the top chosen)', symbol: 'fill', colour: 'rgba(122, 1, 119, 0.35)', stroke: '#49006a', source: 'Need index computed here from the indicators chosen in the Need index panel (each indicator\'s source is listed there and in its download)' },
]

export function mountNeedIndexPanel(container: HTMLElement, deps: NeedIndexPanelDeps): { destroy(): void; setActive(active: boolean): void } {
  const { map, fetchJson, catalogue } = deps
  const uid = `nip${++seq}`
  const id = (s: string) => `${uid}-${s}`
  const cleanups: Array<() => void> = []
  const on = <K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
    el.addEventListener(type, fn as EventListener)
    cleanups.push(() => el.removeEventListener(type, fn as EventListener))
  }

  // methods, levels and missing-value rules as the server names them (the catalogue's vocabulary)
  const words = catalogue.vocabulary.needIndex
  const levelSelect = h('select', { id: id('level') }, ...words.levels.map((l) => h('option', { value: l }, LEVEL_LABEL[l] ?? l)))
  const methodSelect = h('select', { id: id('method') }, ...words.methods.map((m) => h('option', { value: m.id }, m.label)))
  const missingSelect = h('select', { id: id('missing') }, ...words.missing.map((m) => h('option', { value: m.id }, m.label)))
  const topInput = h('input', { id: id('top'), type: 'number', min: '1', max: '115', step: '1', value: '10', inputmode: 'numeric' })
  const picker = h('fieldset', { class: 'need-index-indicators' }, h('legend', {}, 'Indicators and weights'))
  const computeButton = h('button', { type: 'submit' }, 'Compute index')
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  const results = h('div', { class: 'need-index-results' })

  const candidates = (level: string): CatalogueIndicator[] =>
    catalogue.indicators.filter((d) => (d.kind === 'score' || d.kind === 'rate') && d.polarity !== 'neutral' && d.available.includes(level as never))

  let restore: Map<string, number> | null = null
  function renderPicker(): void {
    const chosen = restore ?? new Map(selected().map((c) => [c.id, c.weight]))
    restore = null
    picker.replaceChildren(h('legend', {}, 'Indicators and weights'))
    const byGroup = new Map<string, CatalogueIndicator[]>()
    for (const d of candidates(levelSelect.value)) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d])
    for (const [group, ds] of byGroup) {
      picker.append(h('p', { class: 'muted' }, GROUP_LABEL[group] ?? group))
      for (const d of ds) {
        const box = h('input', { type: 'checkbox', id: id(`use-${d.id}`), value: d.id, checked: chosen.has(d.id) })
        const weight = h('input', {
          type: 'number', id: id(`w-${d.id}`), min: '0.1', max: '100', step: '0.1', value: String(chosen.get(d.id) ?? 1),
          'aria-label': `Weight for ${d.title}`, 'data-weight-for': d.id, disabled: !chosen.has(d.id), size: '4',
        })
        on(box, 'change', () => { weight.disabled = !box.checked })
        picker.append(h('div', { class: 'need-index-option' }, box,
          h('label', { for: box.id, title: d.description }, `${d.title} `, h('span', { class: 'muted' }, `(${d.polarity === 'higher-better' ? 'higher is better: flipped' : 'higher = more need'})`)), ' ', weight))
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
  const section = h('section', { class: 'panel need-index', 'aria-labelledby': id('title') },
    h('h2', { id: id('title') }, 'Need index'),
    h('p', { class: 'muted' }, 'Weights are rescaled to sum to 1. Every indicator is oriented so that higher means more need.'),
    form, results)
  container.append(section)
  if (deps.spec) {
    levelSelect.value = deps.spec.level
    methodSelect.value = deps.spec.method
    missingSelect.value = deps.spec.missing
    restore = new Map(deps.spec.indicators.split(',').map((part) => {
      const [k, w] = part.split(':')
      return [k, Number(w) || 1]
    }))
  }
  renderPicker()
  on(levelSelect, 'change', renderPicker)

  // saving: editors only (the server checks; the button says why it is off)
  const saveName = h('input', { id: id('save-name'), type: 'text', maxlength: '200', 'aria-describedby': id('save-why') })
  const saveButton = h('button', { type: 'submit', id: id('save') }, 'Save index')
  const saveWhy = h('span', { id: id('save-why'), class: 'muted' })
  const saveSignIn = h('button', { type: 'button', class: 'link-button' }, 'Sign in')
  const saveStatus = h('p', { class: 'muted save-status', 'aria-live': 'polite' })
  const saveForm = h('form', { class: 'need-index-save', 'aria-label': 'Save this index' },
    h('div', {}, h('label', { for: saveName.id }, 'Name '), saveName, ' ', saveButton),
    h('p', {}, saveWhy, ' ', saveSignIn), saveStatus)
  if (deps.saveIndex) section.append(saveForm)
  let computed: { spec: IndexSpec; components: Array<{ id: string; weight: number }> } | null = null
  function saveState(): void {
    const why = !can('editor') ? 'Save needs an editor token.' : !computed ? 'Compute the index first, then save it.' : ''
    saveButton.disabled = why !== ''
    saveName.disabled = !can('editor')
    saveWhy.textContent = why
    saveSignIn.hidden = can('editor')
    saveWhy.parentElement!.hidden = why === ''
  }
  saveState()
  cleanups.push(onUserChange(saveState))
  on(saveSignIn, 'click', () => void requestSignIn())
  on(saveForm, 'submit', (e) => {
    e.preventDefault()
    void save()
  })
  async function save(): Promise<void> {
    if (!computed || !deps.saveIndex) return
    const name = saveName.value.trim()
    if (!name) { saveStatus.textContent = 'Give the index a name first.'; saveName.focus(); return }
    saveButton.disabled = true
    saveStatus.textContent = 'Saving…'
    try {
      const s = computed.spec
      // the selects offer only the server's own choices
      const spec = { indicators: computed.components, method: s.method, level: s.level, missing: s.missing } as NeedIndexSpec
      const saved = await deps.saveIndex({ name, spec })
      saveStatus.textContent = `Saved as index ${saved.id} ("${saved.name}").`
    } catch (err) {
      const code = (err as { status?: number }).status
      rejectToken(code)
      saveStatus.textContent = code === 401 ? 'Your token is no longer accepted; sign in again.'
        : code === 403 ? 'Your token cannot save indices: an editor token is needed.' : (err as Error).message
    } finally {
      saveState()
    }
  }

  let last: IndexCollection | null = null
  let token = 0
  on(form, 'submit', (e) => {
    e.preventDefault()
    void compute()
  })
  on(topInput, 'change', () => last && highlight(last))

  async function compute(): Promise<void> {
    if (!selected().length) {
      status.textContent = 'Choose at least one indicator.'
      return
    }
    const mine = ++token
    status.textContent = 'Computing…'
    computeButton.disabled = true
    try {
      const r = await fetchJson<IndexCollection>(query('geojson'))
      if (mine !== token) return
      last = r
      computed = { spec: spec(), components: selected() }
      saveState()
      deps.onSpec?.(spec())
      render(r)
      highlight(r)
      status.textContent = `Ranked ${r.features.length} areas; the top ${topN()} are highlighted on the map.`
    } catch (err) {
      if (mine === token) status.textContent = (err as Error).message
    } finally {
      computeButton.disabled = false
    }
  }

  const topN = () => Math.max(1, Math.floor(Number(topInput.value) || 10))
  const fmt = (x: unknown, dp = 3) => (typeof x === 'number' ? x.toFixed(dp) : '–')

  function render(r: IndexCollection): void {
    const comps: IndexComponent[] = r.components
    // the app's own URL once it holds the index (onSpec), else the API's
    const share = deps.onSpec ? location.href : new URL(query(), location.href).toString()
    const shareInput = h('input', { id: id('share'), type: 'text', readonly: true, value: share, size: '40' })
    const copy = h('button', { type: 'button' }, 'Copy link')
    on(copy, 'click', () => void navigator.clipboard?.writeText(share).then(() => (status.textContent = 'Link copied.')))
    const head = h('tr', {}, ...['Rank', 'Area', 'Index'].map((t) => h('th', { scope: 'col' }, t)),
      h('th', { scope: 'col', title: 'Stability: the best and worst rank of this area across other weightings (each weight 20% up and down, equal weights, each component left out)' }, 'Rank range (stability)'),
      ...comps.map((c) => h('th', { scope: 'col', title: `${c.title} (${c.vintage}); weight ${c.weight.toFixed(3)}` }, `${c.title}: contribution`)))
    const rows = r.features.map((f) => {
      const p = f.properties
      const top = (p.rank as number) <= topN()
      return h('tr', { class: top ? 'current' : undefined },
        h('td', {}, String(p.rank)), h('th', { scope: 'row' }, `${p.name} `, h('span', { class: 'muted' }, String(p.code))), h('td', {}, fmt(p.index)),
        h('td', {}, `${p.rankMin}–${p.rankMax}`),
        ...comps.map((c) => h('td', { title: `normalised ${fmt(p[`${c.id}_normalised`])}${p[`${c.id}_imputed`] ? ' (imputed)' : ''}` }, fmt(p[`${c.id}_contribution`]) + (p[`${c.id}_imputed`] ? '*' : ''))))
    })
    results.replaceChildren(
      h('h3', {}, 'How it was built'),
      h('ul', {}, ...r.notes.map((n) => h('li', {}, n))),
      ...(r.stability ? [h('p', { class: 'need-index-stability' }, `Stability: ranks move by up to ${r.stability.maxRankRange} places (${r.stability.meanRankRange.toFixed(1)} on average) across ${r.stability.scenarios.length} other weightings; the Rank range column gives each area's best and worst rank.`)] : []),
      downloadLinks(query(), GIS_DOWNLOADS, 'the need index ranking'),
      h('div', {}, h('label', { for: shareInput.id }, 'Share this index '), shareInput, ' ', copy),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Areas ranked by the need index' },
        h('table', { class: 'data' }, h('caption', {}, `Areas ranked by need index (rank 1 = greatest need; * = imputed value)`), h('thead', {}, head), h('tbody', {}, ...rows))),
      h('p', { class: 'muted' }, 'Sources: ', comps.map((c) => `${c.title}: ${c.source ?? c.dataset}, ${c.vintage}${c.licence ? `, ${c.licence}` : ''}`).join('; ')),
    )
  }

  function highlight(r: IndexCollection): void {
    const apply = () => {
      const data = { type: 'FeatureCollection' as const, features: r.features.filter((f) => f.geometry) } as GeoJSON.FeatureCollection
      const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
      if (src) src.setData(data)
      else {
        map.addSource(SOURCE, { type: 'geojson', data })
        map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': '#7a0177', 'fill-opacity': 0.35 } })
        map.addLayer({ id: LINE, type: 'line', source: SOURCE, paint: { 'line-color': '#49006a', 'line-width': 2.5 } })
      }
      const filter: maplibregl.FilterSpecification = ['<=', ['get', 'rank'], topN()]
      map.setFilter(FILL, filter)
      map.setFilter(LINE, filter)
      setLayersVisible(map, [FILL, LINE], active)
      results.querySelectorAll('tbody tr').forEach((tr, i) => tr.classList.toggle('current', (r.features[i]?.properties.rank as number) <= topN()))
    }
    pendingOff()
    pendingOff = whenStyleLoaded(map, apply)
  }
  let pendingOff: () => void = () => {}
  let active = true
  if (deps.spec && selected().length) void compute()

  return {
    setActive(on: boolean): void {
      active = on
      setLayersVisible(map, [FILL, LINE], on)
    },
    destroy(): void {
      token++
      pendingOff()
      cleanups.forEach((f) => f())
      for (const l of [LINE, FILL]) if (map.getLayer(l)) map.removeLayer(l)
      if (map.getSource(SOURCE)) map.removeSource(SOURCE)
      section.remove()
    },
  }
}
