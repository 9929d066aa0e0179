/**
 * Family Hub siting panel: a keyboard-usable form for the siting parameters (need weighting from
 * IDACI or a need index of up to five indicators), Run as a background job with a progress bar and
 * Cancel, the answer (sites, each of which can be kept fixed or excluded for the next run,
 * metrics overall and per locality against the baseline, every assumption in words), catchments and
 * sites on the map, Save (editor token kept in sessionStorage), saved scenarios, and two scenarios
 * compared side by side (table, and the second's catchments dashed on the map). It owns its DOM,
 * map sources, layers and listeners, and removes them all in destroy(); setActive(false) hides its
 * layers while another tool is open. The scenario shown is reported through onScenario (the app
 * keeps it in the URL as ?scenario=) and a `scenario` given at mount is reopened.
 */
import { rejectToken, tokenForWrite } from '../session'
import type * as maplibregl from 'maplibre-gl'
import type { Comparison, JobView, Metrics, NeedIndex, ScenarioSummary, SitingParams, SitingResult } from '../../../server/http/contract/siting'
import type { Catalogue } from '../../../server/http/contract/catalogue'
import { setLayersVisible, whenStyleLoaded } from '../map/styleReady'
import type { OverlayKey } from '../map/overlayKey'
import { downloadLinks, GIS_DOWNLOADS } from '../downloads'

type FetchJson = <T>(url: string, init?: RequestInit) => Promise<T>
type Saved = { id: number; name: string; author: string; created_at: string; params: SitingParams; result: SitingResult }

const SRC = { catch: 'siting-catchments', sites: 'siting-sites', cmp: 'siting-compare' }
const LAYERS = ['siting-catchments-fill', 'siting-catchments-line', 'siting-sites-circle', 'siting-sites-label', 'siting-compare-line']
/**
 * Candidate categories: the catalogue's asset categories plus the siting API's one derived category,
 * primary (and all-through) schools, which it takes from the schools category. The defaults are the
 * API's own defaults; both come from the catalogue's vocabulary.
 */
const categoriesFrom = (c: Catalogue): Array<[string, string, boolean, number | null]> => {
  const { primarySchools, defaultCandidates } = c.vocabulary.siting
  const list: Array<[string, string, number | null]> = c.assetCategories.map((a) => [a.id, a.title, a.count])
  const at = list.findIndex(([id]) => id === 'school')
  list.splice(at < 0 ? list.length : at + 1, 0, [primarySchools.id, primarySchools.label, null])
  return list.map(([id, title, n]) => [id, title, defaultCandidates.includes(id), n])
}
/** Need-index components offered: LSOA-level scores and rates where higher means more need. */
const indexIndicatorsFrom = (c: Catalogue | undefined): Array<[string, string]> =>
  (c?.indicators ?? [])
    .filter((d) => d.available.includes('lsoa21') && d.polarity === 'higher-worse' && (d.kind === 'score' || d.kind === 'rate'))
    .map((d) => [d.id, d.title])
const POLL_MS = 300


function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  e.append(...kids)
  return e
}

const show = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? 'n/a' : unit === 'share' ? `${(v * 100).toFixed(0)}%` : unit === 'm' ? `${Math.round(v)} m` : `${v.toFixed(1)} min`

export interface SitingPanelDeps {
  map: maplibregl.Map
  fetchJson: FetchJson
  /** the candidate categories (titles and counts) and the siting vocabulary (objectives, metrics, defaults) */
  catalogue: Catalogue
  /** a saved scenario to reopen at mount (the app's ?scenario=) */
  scenario?: number | null
  /** the scenario now shown: its id once opened or saved, null after an unsaved run */
  onScenario?: (id: number | null) => void
}

/** What the siting layers draw, for the map's legend (the colours of ensureLayers below). */
export const SITING_KEY: OverlayKey[] = [
  { label: 'Proposed hub (each has its own colour)', symbol: 'dot', colour: '#0072B2', stroke: '#000' },
  { label: 'Area served by that hub (catchment)', symbol: 'fill', colour: 'rgba(0, 114, 178, 0.25)', stroke: '#222' },
  { label: 'Scenario compared (outline)', symbol: 'dashed', colour: '#D55E00' },
]

export function mountSitingPanel(container: HTMLElement, deps: SitingPanelDeps): { destroy(): void; setActive(active: boolean): void } {
  const { map, fetchJson } = deps
  // objectives, populations, need weightings and metric rows as the server names them
  const words = deps.catalogue.vocabulary.siting
  const MAX_INDEX_COMPONENTS = words.maxIndexComponents
  const METRIC_LABELS = words.metrics.flatMap((r) => (r.short === null ? [] : [[r.key, r.short, r.unit] as const]))
  const onScenario = deps.onScenario ?? (() => {})
  const cleanups: Array<() => void> = []
  // answers arriving after destroy() must not put layers back on the map
  let destroyed = false
  let active = true
  const on = <K extends keyof HTMLElementEventMap>(t: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
    t.addEventListener(type, fn as EventListener)
    cleanups.push(() => t.removeEventListener(type, fn as EventListener))
  }
  const root = el('section', { class: 'panel siting', 'aria-labelledby': 'siting-title' }, el('h2', { id: 'siting-title' }, 'Family Hub siting'))
  container.append(root)

  // ---- form ----
  const form = el('form', { class: 'siting-form' })
  const radio = (name: string, value: string, label: string, checked = false) => {
    const id = `siting-${name}-${value}`
    const i = el('input', { type: 'radio', name, value, id })
    i.checked = checked
    return el('div', {}, i, el('label', { for: id }, label))
  }
  const pInput = el('input', { type: 'number', id: 'siting-p', min: '1', max: '50', value: '3', 'aria-label': 'Number of hubs', disabled: '' })
  const hubs = el('fieldset', {}, el('legend', {}, 'Hubs'), radio('hubs', 'locality', 'One per locality', true), el('div', {}, radio('hubs', 'p', 'Number of hubs anywhere:'), pInput))
  const select = (id: string, label: string, options: Array<[string, string]>) => {
    const s = el('select', { id })
    for (const [v, t] of options) s.append(el('option', { value: v }, t))
    return { s, row: el('div', {}, el('label', { for: id }, label), s) }
  }
  const population = select('siting-population', 'Population', words.populations.map((c) => [c.id, c.label]))
  const need = select('siting-need', 'Need weighting', words.need.map((c) => [c.id, c.label]))
  // the need index: up to five indicators with weights, ranked or on the IoD exponential scale
  const indexChoices = indexIndicatorsFrom(deps.catalogue)
  const indexRows = Array.from({ length: MAX_INDEX_COMPONENTS }, (_, k) => {
    const s = el('select', { id: `siting-index-${k}`, 'aria-label': `Need index indicator ${k + 1}` }, el('option', { value: '' }, '(none)'))
    for (const [id, title] of indexChoices) s.append(el('option', { value: id }, title))
    const w = el('input', { type: 'number', id: `siting-index-weight-${k}`, min: '0.1', max: '100', step: '0.1', value: '1', 'aria-label': `Weight of need index indicator ${k + 1}` })
    return { s, w, row: el('div', {}, s, el('label', { for: `siting-index-weight-${k}` }, ' weight '), w) }
  })
  const indexMethod = select('siting-index-method', 'Scale', words.indexMethods.map((c) => [c.id, c.label]))
  const indexSet = el('fieldset', { class: 'siting-index', hidden: '' }, el('legend', {}, `Need index: up to ${MAX_INDEX_COMPONENTS} indicators (weight × (1 + index))`), ...indexRows.map((r) => r.row), indexMethod.row)
  if (indexChoices.length) indexRows[0].s.value = indexChoices.find(([id]) => id === 'idaci_score_2019')?.[0] ?? indexChoices[0][0]
  const showIndex = () => { indexSet.hidden = need.s.value !== 'index' }
  const objective = select('siting-objective', 'Objective', words.objectives.map((o) => [o.id, o.label]))
  const threshold = el('input', { type: 'number', id: 'siting-threshold', min: '1', max: '120', value: '15' })
  const cats = el('fieldset', {}, el('legend', {}, 'Candidate sites'))
  // categories with no sites yet (council lists not imported) fold away unless chosen by default
  const empties = el('details', {}, el('summary', {}, 'Categories with no sites imported yet'))
  for (const [id, label, checked, n] of categoriesFrom(deps.catalogue)) {
    const i = el('input', { type: 'checkbox', id: `siting-cat-${id}`, value: id, name: 'category' })
    i.checked = checked
    const row = el('div', {}, i, el('label', { for: `siting-cat-${id}` }, label, n === null ? '' : el('span', { class: 'muted' }, n ? ` (${n})` : ' (none imported yet)')))
    ;(n === 0 && !checked ? empties : cats).append(row)
  }
  if (empties.children.length > 1) cats.append(empties)
  const everyPoint = el('input', { type: 'checkbox', id: 'siting-demand-points' })
  cats.append(el('div', {}, everyPoint, el('label', { for: 'siting-demand-points' }, 'Every LSOA centre')))
  const addPoints = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Add sites on the map')
  const pointList = el('ul', { class: 'siting-points', 'aria-label': 'Added sites' })
  cats.append(addPoints, pointList)
  const run = el('button', { type: 'submit' }, 'Run')
  const cancel = el('button', { type: 'button', hidden: '' }, 'Cancel')
  const bar = el('div', { class: 'siting-progress-bar' })
  const progress = el('div', { class: 'siting-progress', role: 'progressbar', 'aria-label': 'Solving', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', hidden: '' }, bar)
  // styled through the CSSOM (a style attribute would need CSP 'unsafe-inline'); the bar is this panel's own
  Object.assign(bar.style, { height: '100%', width: '0', background: '#0072B2' })
  Object.assign(progress.style, { height: '0.6rem', margin: '0.4rem 0', border: '1px solid #555', background: '#eee' })
  // sites the planner keeps open or rules out for the next run, chosen in the results list
  const fixedIds = new Map<string, string>()
  const excludedIds = new Map<string, string>()
  const choices = el('div', { class: 'siting-choices' })
  form.append(hubs, population.row, need.row, indexSet, cats, objective.row, el('div', {}, el('label', { for: 'siting-threshold' }, 'Threshold (minutes walk)'), threshold), choices, run, cancel, progress)
  const status = el('p', { class: 'siting-status', role: 'status', 'aria-live': 'polite' })
  const results = el('div', { class: 'siting-results' })
  const saveName = el('input', { type: 'text', id: 'siting-name', maxlength: '200', placeholder: 'Scenario name' })
  const save = el('button', { type: 'button', disabled: '' }, 'Save scenario')
  const saveRow = el('div', { class: 'siting-save' }, el('label', { for: 'siting-name' }, 'Name'), saveName, save)
  const list = el('ul', { class: 'siting-scenarios', 'aria-label': 'Saved scenarios' })
  const compareBtn = el('button', { type: 'button', disabled: '' }, 'Compare selected')
  const compareOut = el('div', { class: 'siting-compare' })
  root.append(form, status, results, saveRow, el('h3', {}, 'Saved scenarios'), list, compareBtn, compareOut)

  const points: Array<{ id: string; lon: number; lat: number }> = []
  let current: { params: SitingParams; result: SitingResult } | null = null

  on(need.s, 'change', showIndex)
  on(hubs, 'change', () => {
    pInput.disabled = !(form.querySelector<HTMLInputElement>('input[name=hubs][value=p]')!.checked)
  })
  const renderPoints = () => {
    pointList.replaceChildren(...points.map((p, k) => {
      const rm = el('button', { type: 'button', 'aria-label': `Remove added site ${p.id}` }, 'Remove')
      rm.addEventListener('click', () => { points.splice(k, 1); renderPoints() })
      return el('li', {}, `Site ${p.id} (${p.lon.toFixed(4)}, ${p.lat.toFixed(4)}) `, rm)
    }))
  }
  let adding = false
  const onMapClick = (e: maplibregl.MapMouseEvent) => {
    if (!adding || !active) return
    points.push({ id: String(points.length ? Number(points.at(-1)!.id) + 1 : 1), lon: e.lngLat.lng, lat: e.lngLat.lat })
    renderPoints()
  }
  map.on('click', onMapClick)
  cleanups.push(() => map.off('click', onMapClick))
  const setAdding = (v: boolean) => {
    adding = v
    addPoints.setAttribute('aria-pressed', String(v))
    addPoints.textContent = v ? 'Stop adding sites (Esc)' : 'Add sites on the map'
    map.getCanvas().style.cursor = v ? 'crosshair' : ''
  }
  on(addPoints, 'click', () => setAdding(!adding))
  on(root, 'keydown', (e) => { if (e.key === 'Escape' && adding) setAdding(false) })

  const params = (): SitingParams => ({
    objective: objective.s.value as SitingParams['objective'],
    hubs: pInput.disabled ? 'one-per-locality' : Number(pInput.value),
    population: population.s.value as SitingParams['population'],
    need: need.s.value === 'index'
      ? {
        kind: 'index', method: indexMethod.s.value as NeedIndex['method'], missing: 'exclude-area',
        indicators: indexRows.filter((r) => r.s.value).map((r) => ({ id: r.s.value, weight: Number(r.w.value) })),
      }
      : { kind: need.s.value } as SitingParams['need'],
    candidates: {
      categories: [...cats.querySelectorAll<HTMLInputElement>('input[name=category]:checked')].map((i) => i.value),
      points: points.map((p) => ({ ...p })),
      demandPoints: everyPoint.checked,
    },
    fixed: [...fixedIds.keys()], excluded: [...excludedIds.keys()], travel: { detourFactor: 1.3, speedKmh: 4.8 }, threshold: Number(threshold.value),
    baseline: { kind: 'fixed' }, lines: false, seed: 1, timeLimitMs: 3000,
  })
  const loadForm = (p: SitingParams) => {
    objective.s.value = p.objective
    population.s.value = p.population
    need.s.value = p.need.kind === 'indicator' ? 'none' : p.need.kind
    if (p.need.kind === 'index') {
      const comps = p.need.indicators
      indexRows.forEach((r, k) => { r.s.value = comps[k]?.id ?? ''; r.w.value = String(comps[k]?.weight ?? 1) })
      indexMethod.s.value = p.need.method
    }
    showIndex()
    const named = (ids: string[], m: Map<string, string>) => { m.clear(); for (const id of ids) m.set(id, id) }
    named(p.fixed, fixedIds)
    named(p.excluded, excludedIds)
    renderChoices()
    threshold.value = String(p.threshold)
    const locality = p.hubs === 'one-per-locality'
    form.querySelector<HTMLInputElement>(`input[name=hubs][value=${locality ? 'locality' : 'p'}]`)!.checked = true
    pInput.disabled = locality
    if (!locality) pInput.value = String(p.hubs)
    for (const i of cats.querySelectorAll<HTMLInputElement>('input[name=category]')) i.checked = p.candidates.categories.includes(i.value)
    everyPoint.checked = p.candidates.demandPoints
    points.splice(0, points.length, ...p.candidates.points.map((x, k) => ({ id: x.id ?? String(k + 1), lon: x.lon, lat: x.lat })))
    renderPoints()
  }

  // ---- map ----
  const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
  const ensureLayers = () => {
    if (destroyed) return false
    if (map.getSource(SRC.catch)) return true
    map.addSource(SRC.catch, { type: 'geojson', data: empty })
    map.addSource(SRC.sites, { type: 'geojson', data: empty })
    map.addSource(SRC.cmp, { type: 'geojson', data: empty })
    map.addLayer({ id: 'siting-catchments-fill', type: 'fill', source: SRC.catch, paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.25 } })
    map.addLayer({ id: 'siting-catchments-line', type: 'line', source: SRC.catch, paint: { 'line-color': '#222', 'line-width': 2 } })
    map.addLayer({ id: 'siting-compare-line', type: 'line', source: SRC.cmp, paint: { 'line-color': '#D55E00', 'line-width': 2.5, 'line-dasharray': [2, 2] } })
    map.addLayer({ id: 'siting-sites-circle', type: 'circle', source: SRC.sites, paint: { 'circle-radius': 8, 'circle-color': ['get', 'colour'], 'circle-stroke-color': '#000', 'circle-stroke-width': 2 } })
    // each hub named on the map, so the map and the list of chosen sites read together
    map.addLayer({
      id: 'siting-sites-label', type: 'symbol', source: SRC.sites,
      layout: { 'text-field': ['get', 'name'], 'text-font': ['Open Sans Semibold'], 'text-size': 12, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-max-width': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#000000', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
    })
    setLayersVisible(map, LAYERS, active)
    return true
  }
  const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442']
  const setData = (id: string, data: GeoJSON.FeatureCollection) => (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data)
  const draw = (r: SitingResult) => whenStyleLoaded(map, () => {
    if (!ensureLayers()) return
    const colour = new Map(r.sites.map((s, k) => [s.id, PALETTE[k % PALETTE.length]]))
    setData(SRC.catch, { type: 'FeatureCollection', features: r.catchments.features.map((f) => ({ ...f, properties: { ...f.properties, colour: colour.get(String(f.properties?.site)) } })) })
    setData(SRC.sites, { type: 'FeatureCollection', features: r.sites.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { name: s.name, colour: colour.get(s.id) } })) })
  })

  // ---- results ----
  const metricsTable = (caption: string, cols: string[], rows: Array<Array<Metrics | null>>, names: string[]) => {
    const t = el('table', { class: 'siting-metrics' }, el('caption', {}, caption))
    t.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...cols.map((c) => el('th', { scope: 'col' }, c)))))
    const body = el('tbody')
    rows.forEach((ms, k) => {
      for (const [key, label, unit] of METRIC_LABELS) {
        body.append(el('tr', {}, el('th', { scope: 'row' }, names[k] ? `${names[k]}: ${label}` : label), ...ms.map((m) => el('td', {}, m ? show(m[key] as number | null, unit) : '—'))))
      }
    })
    t.append(body)
    return t
  }
  function renderChoices() {
    const line = (label: string, m: Map<string, string>) => {
      if (!m.size) return []
      const clear = el('button', { type: 'button' }, `Clear ${label.toLowerCase()}`)
      clear.addEventListener('click', () => { m.clear(); renderChoices(); syncBoxes() })
      return [el('p', {}, `${label}: ${[...m.values()].join('; ')} `, clear)]
    }
    choices.replaceChildren(...line('Kept fixed', fixedIds), ...line('Excluded', excludedIds))
  }
  const syncBoxes = () => {
    for (const b of results.querySelectorAll<HTMLInputElement>('input[data-site]')) {
      b.checked = (b.dataset.choice === 'fixed' ? fixedIds : excludedIds).has(b.dataset.site!)
    }
  }
  const siteChoice = (s: SitingResult['sites'][number], choice: 'fixed' | 'excluded', label: string) => {
    const id = `siting-${choice}-${s.id.replace(/[^A-Za-z0-9_-]/g, '_')}`
    const box = el('input', { type: 'checkbox', id, 'data-site': s.id, 'data-choice': choice })
    box.checked = (choice === 'fixed' ? fixedIds : excludedIds).has(s.id)
    box.addEventListener('change', () => {
      const [mine, other] = choice === 'fixed' ? [fixedIds, excludedIds] : [excludedIds, fixedIds]
      if (box.checked) { mine.set(s.id, s.name); other.delete(s.id) } else mine.delete(s.id)
      renderChoices()
      syncBoxes()
    })
    return el('span', { class: 'siting-choice' }, box, el('label', { for: id }, label))
  }
  const render = (r: SitingResult) => {
    const sites = el('ol', { class: 'siting-sites' }, ...r.sites.map((s) => el('li', {},
      `${s.name} (${s.category}${s.locality ? `, ${s.locality.name}` : ''})${s.fixed ? ' — fixed' : ''} `,
      siteChoice(s, 'fixed', 'keep this site fixed'), ' ', siteChoice(s, 'excluded', 'exclude'))))
    for (const s of r.sites) if (fixedIds.has(s.id)) fixedIds.set(s.id, s.name)
    renderChoices()
    const cols = r.baseline ? ['This answer', `Baseline: ${r.baseline.label}`] : ['This answer']
    const overall = metricsTable('Access, whole borough', cols, [[r.metrics.overall, ...(r.baseline ? [r.baseline.metrics] : [])]], [''])
    const perLoc = metricsTable('Access by locality', cols, r.metrics.byLocality.map((l) => [l.metrics, ...(r.baseline ? [l.baseline] : [])]), r.metrics.byLocality.map((l) => l.name))
    results.replaceChildren(
      el('p', { class: 'siting-summary' }, r.summary),
      el('h3', {}, 'Chosen sites'), sites,
      el('h3', {}, 'Assumptions'),
      el('ul', {}, el('li', {}, r.weighting.text), el('li', {}, r.travel.text), el('li', {}, r.constraints.text), el('li', {}, r.candidates.text)),
      // the solver's own account, for those who want it
      el('details', { class: 'siting-method' }, el('summary', {}, 'How the answer was worked out (for analysts)'), el('p', {}, r.method)),
      overall, perLoc,
    )
    draw(r)
  }

  const problemText = (e: unknown) => (e instanceof Error ? e.message : String(e))
  on(form, 'submit', async (e) => {
    e.preventDefault()
    run.disabled = true
    status.textContent = 'Solving…'
    const setProgress = (fraction: number, message: string) => {
      const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100)
      progress.setAttribute('aria-valuenow', String(pct))
      progress.setAttribute('aria-valuetext', `${pct}%: ${message}`)
      bar.style.width = `${pct}%`
    }
    let jobUrl: string | null = null
    const onCancel = () => {
      if (!jobUrl) return
      cancel.disabled = true
      void fetchJson(jobUrl, { method: 'DELETE' }).catch(() => {}) // 409: it had just finished
    }
    cancel.addEventListener('click', onCancel)
    try {
      const p = params()
      let job = await fetchJson<JobView>('/api/siting/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) })
      jobUrl = `/api/siting/jobs/${job.id}`
      cancel.hidden = false
      cancel.disabled = false
      progress.hidden = false
      while (job.status === 'running' && !destroyed) {
        setProgress(job.progress.fraction, job.progress.message)
        status.textContent = `Solving… ${job.progress.message}${job.progress.gap !== null ? ` (gap ${(job.progress.gap * 100).toFixed(2)}%)` : ''}`
        await new Promise((res) => setTimeout(res, POLL_MS))
        job = await fetchJson<JobView>(jobUrl)
      }
      if (destroyed) return
      if (job.status === 'cancelled') { status.textContent = 'Cancelled.'; return }
      if (job.status === 'failed') { status.textContent = job.error?.detail ?? 'The solve failed.'; return }
      const r = job.result!
      current = { params: p, result: r }
      setData(SRC.cmp, empty)
      onScenario(null)
      render(r)
      save.disabled = false
      status.textContent = `Done: ${r.status === 'optimal' ? 'the best possible answer for these choices (proven)' : `a good answer, at most ${(r.gap * 100).toFixed(2)}% short of the best possible`}, in ${Math.round(r.solveMs)} ms.`
    } catch (err) {
      status.textContent = problemText(err)
    } finally {
      cancel.removeEventListener('click', onCancel)
      cancel.hidden = true
      progress.hidden = true
      run.disabled = false
    }
  })

  // ---- scenarios ----
  const selected = new Set<number>()
  const refresh = async () => {
    const { scenarios } = await fetchJson<{ scenarios: ScenarioSummary[] }>('/api/siting/scenarios?limit=50')
    list.replaceChildren(...scenarios.map((s) => {
      const box = el('input', { type: 'checkbox', id: `siting-s-${s.id}`, 'aria-label': `Select ${s.name} for comparison` })
      box.checked = selected.has(s.id)
      box.addEventListener('change', () => { if (box.checked) selected.add(s.id); else selected.delete(s.id); compareBtn.disabled = selected.size < 2 })
      const open = el('button', { type: 'button' }, 'Open')
      open.addEventListener('click', () => void openScenario(s.id))
      return el('li', {}, box, el('label', { for: `siting-s-${s.id}` }, `${s.name} — ${s.author}, ${new Date(s.created_at).toLocaleString('en-GB')}: ${show(s.summary.metrics?.meanMinutes, 'min')} mean `), open)
    }))
  }
  const openScenario = async (id: number) => {
    try {
      const s = await fetchJson<Saved>(`/api/siting/scenarios/${id}`)
      if (destroyed) return
      loadForm(s.params)
      current = { params: s.params, result: s.result }
      render(s.result)
      saveName.value = s.name
      status.textContent = `Opened scenario "${s.name}" (${s.id}).`
      onScenario(s.id)
    } catch (err) {
      status.textContent = problemText(err)
    }
  }
  on(save, 'click', async () => {
    if (!current) return
    const name = saveName.value.trim()
    if (!name) { status.textContent = 'Give the scenario a name first.'; saveName.focus(); return }
    const token = await tokenForWrite()
    if (!token) return
    try {
      const s = await fetchJson<Saved>('/api/siting/scenarios', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name, params: current.params }),
      })
      if (destroyed) return
      status.textContent = `Saved as scenario ${s.id}.`
      onScenario(s.id)
      await refresh()
    } catch (err) {
      const code = (err as { status?: number }).status
      rejectToken(code)
      status.textContent = code === 401 ? 'That token is not accepted (unknown, revoked or expired); try again with another.'
        : code === 403 ? 'Your token does not allow saving scenarios: an editor token is needed.' : problemText(err)
    }
  })
  on(compareBtn, 'click', async () => {
    try {
      const ids = [...selected].slice(0, 6)
      const c = await fetchJson<Comparison>(`/api/siting/compare?ids=${ids.join(',')}`)
      const t = el('table', { class: 'siting-metrics' }, el('caption', {}, 'Scenarios side by side'))
      t.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...c.scenarios.map((s) => el('th', { scope: 'col' }, s.name)))))
      const body = el('tbody', {}, el('tr', {}, el('th', { scope: 'row' }, 'Sites'), ...c.scenarios.map((s) => el('td', {}, s.sites.map((x) => x.name).join('; ')))))
      for (const r of c.rows) body.append(el('tr', {}, el('th', { scope: 'row' }, r.label), ...r.values.map((v) => el('td', {}, show(v, r.unit)))))
      t.append(body)
      compareOut.replaceChildren(t, downloadLinks(`/api/siting/compare?ids=${ids.join(',')}`, undefined, 'the comparison'),
        ...c.scenarios.map((s) => downloadLinks(`/api/siting/scenarios/${s.id}`, GIS_DOWNLOADS, `scenario ${s.name}`)),
        el('p', {}, `Map: "${c.scenarios[0].name}" filled, "${c.scenarios[1].name}" catchments dashed.`))
      const [a, b] = await Promise.all(ids.slice(0, 2).map((id) => fetchJson<Saved>(`/api/siting/scenarios/${id}`)))
      if (destroyed) return
      render(a.result)
      setData(SRC.cmp, b.result.catchments)
    } catch (err) {
      status.textContent = problemText(err)
    }
  })

  void refresh().catch((err) => (status.textContent = problemText(err)))
  if (deps.scenario) void openScenario(deps.scenario)

  return {
    setActive(on: boolean) {
      active = on
      if (!on) setAdding(false)
      setLayersVisible(map, LAYERS, on)
    },
    destroy() {
      destroyed = true
      setAdding(false)
      cleanups.forEach((f) => f())
      for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id)
      for (const id of Object.values(SRC)) if (map.getSource(id)) map.removeSource(id)
      root.remove()
    },
  }
}
