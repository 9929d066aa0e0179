/**
 * The siting form: hubs, population, need weighting (IDACI or a need index of up to five
 * indicators), candidate sites (categories, points added on the map, every LSOA centre),
 * objective, journey limit, the baseline every answer is compared with (the current Family Hubs
 * and children's centres, the sites kept fixed, or none), and the sites kept fixed or excluded.
 * It checks what it can before a run and shows each problem beside its field.
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catalogue } from '../../../../server/http/contract/catalogue'
import type { NeedIndex, SitingParams } from '../../../../server/http/contract/siting'
import type { Disposer } from '../control'
import { clearFieldErrors, showFieldError } from '../fieldErrors'
import { SITING } from '../../vocabulary'
import { el, objectiveIds, objectiveWords } from './words'

/** Candidate categories: the catalogue's plus the siting API's derived primary (and all-through) schools; the API's defaults ticked. */
/** What "current sites" are for a baseline: the borough's existing Family Hubs and children's centres. */
export const CURRENT_SITE_CATEGORIES = ['family_hub', 'childrens_centre']
const categoriesFrom = (c: Catalogue | undefined): Array<[string, string, boolean, number | null]> => {
  const list: Array<[string, string, number | null]> = (c?.assetCategories ?? []).map((a) => [a.id, a.title, a.count])
  const at = list.findIndex(([id]) => id === 'school')
  list.splice(at < 0 ? list.length : at + 1, 0, [SITING.primarySchools.id, SITING.primarySchools.label, null])
  return list.map(([id, title, n]) => [id, title, SITING.defaultCandidates.includes(id), n])
}
const indexIndicatorsFrom = (c: Catalogue | undefined): Array<[string, string]> =>
  (c?.indicators ?? [])
    .filter((d) => d.available.includes('lsoa21') && d.polarity === 'higher-worse' && (d.kind === 'score' || d.kind === 'rate'))
    .map((d) => [d.id, d.title])

export interface SitingForm {
  form: HTMLFormElement
  run: HTMLButtonElement
  cancel: HTMLButtonElement
  progress: HTMLElement
  setProgress(fraction: number, message: string): void
  params(): SitingParams
  load(p: SitingParams): void
  /** checks the form; false (with each problem beside its field) when it cannot be run */
  validate(): boolean
  /** the field a refusal's issue path concerns (body.threshold -> the journey limit) */
  fieldFor(path: string): HTMLElement | null
  fixedIds: Map<string, string>
  excludedIds: Map<string, string>
  renderChoices(): void
  /** the current sites a baseline can use (asset ids), once loaded */
  setCurrentSites(ids: number[]): void
  /** stops adding sites by clicking the map (the tool was left) */
  stopAdding(): void
}

/** The form's listeners (and the map's crosshair) are undone by the panel's disposer `d`. */
export function buildSitingForm(map: maplibregl.Map, catalogue: Catalogue | undefined, onChoicesChange: () => void, d: Disposer): SitingForm {
  const on = d.listen.bind(d)
  const form = el('form', { class: 'siting-form', novalidate: '' })
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
  const MAX_INDEX_COMPONENTS = SITING.maxIndexComponents
  const population = select('siting-population', 'Who the hubs serve', SITING.populations.map((c) => [c.id, c.label]))
  const need = select('siting-need', 'Weight by need', SITING.need.map((c) => [c.id, c.label]))
  const indexChoices = indexIndicatorsFrom(catalogue)
  const indexRows = Array.from({ length: MAX_INDEX_COMPONENTS }, (_, k) => {
    const s = el('select', { id: `siting-index-${k}`, 'aria-label': `Need index indicator ${k + 1}` }, el('option', { value: '' }, '(none)'))
    for (const [id, title] of indexChoices) s.append(el('option', { value: id }, title))
    const w = el('input', { type: 'number', id: `siting-index-weight-${k}`, min: '0.1', max: '100', step: '0.1', value: '1', 'aria-label': `Weight of need index indicator ${k + 1}` })
    return { s, w, row: el('div', {}, s, el('label', { for: `siting-index-weight-${k}` }, ' weight '), w) }
  })
  const indexMethod = select('siting-index-method', 'Scale', SITING.indexMethods.map((c) => [c.id, c.label]))
  const indexSet = el('fieldset', { class: 'siting-index', hidden: '' }, el('legend', {}, `Need index: up to ${MAX_INDEX_COMPONENTS} indicators (weight × (1 + index))`), ...indexRows.map((r) => r.row), indexMethod.row)
  if (indexChoices.length) indexRows[0].s.value = indexChoices.find(([id]) => id === 'idaci_score_2019')?.[0] ?? indexChoices[0][0]
  const showIndex = () => { indexSet.hidden = need.s.value !== 'index' }
  const objective = select('siting-objective', 'Aim', objectiveIds().map((o) => [o, o]))
  const threshold = el('input', { type: 'number', id: 'siting-threshold', min: '1', max: '120', value: '15', inputmode: 'numeric' })
  // the objectives' names follow who is served and the journey limit ("Most children under 5 within 15 minutes")
  const nameObjectives = () => {
    for (const o of objective.s.options) o.textContent = objectiveWords(o.value as SitingParams['objective'], population.s.value, Number(threshold.value) || 15)
  }
  nameObjectives()
  // Demand across the boundary, only when neighbouring areas are held as context: families just
  // outside the borough use its hubs too.
  const held = catalogue?.contexts?.[0]
  const acrossDemand = el('input', { type: 'checkbox', id: 'siting-demand-context' })
  const acrossRow = held
    ? el('div', {}, acrossDemand, el('label', { for: acrossDemand.id }, `Count demand just across the boundary too (${held.title} LSOAs held as context, within ${(held.sitingDemandWithinM / 1000).toLocaleString('en-GB')} km of the borough)`))
    : null
  const cats = el('fieldset', { id: 'siting-candidates' }, el('legend', {}, 'Candidate sites'))
  const empties = el('details', {}, el('summary', {}, 'Categories with no sites imported yet'))
  for (const [id, label, checked, n] of categoriesFrom(catalogue)) {
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
  // the baseline: what every answer and comparison is measured against
  const baseline = select('siting-baseline', 'Compare with', [['current', 'Current Family Hubs and children\'s centres'], ['fixed', 'The sites kept fixed'], ['none', 'No baseline']])
  let currentIds: number[] = []
  const baselineHelp = el('p', { class: 'muted', id: 'siting-baseline-help' })
  baseline.s.setAttribute('aria-describedby', baselineHelp.id)
  const run = el('button', { type: 'submit' }, 'Run')
  const cancel = el('button', { type: 'button', hidden: '' }, 'Cancel')
  const bar = el('div', { class: 'siting-progress-bar' })
  const progress = el('div', { class: 'siting-progress', role: 'progressbar', 'aria-label': 'Solving', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', hidden: '' }, bar)
  Object.assign(bar.style, { height: '100%', width: '0', background: '#0072B2' })
  Object.assign(progress.style, { height: '0.6rem', margin: '0.4rem 0', border: '1px solid #555', background: '#eee' })
  const fixedIds = new Map<string, string>()
  const excludedIds = new Map<string, string>()
  const choices = el('div', { class: 'siting-choices' })
  form.append(hubs, population.row, ...(acrossRow ? [acrossRow] : []), need.row, indexSet, cats, objective.row,
    el('div', {}, el('label', { for: 'siting-threshold' }, 'Journey limit (minutes on foot)'), threshold),
    baseline.row, baselineHelp, choices, run, cancel, progress)

  const points: Array<{ id: string; lon: number; lat: number }> = []
  on(need.s, 'change', showIndex)
  on(population.s, 'change', nameObjectives)
  on(threshold, 'input', nameObjectives)
  on(hubs, 'change', () => { pInput.disabled = !(form.querySelector<HTMLInputElement>('input[name=hubs][value=p]')!.checked) })
  const renderPoints = () => {
    pointList.replaceChildren(...points.map((p, k) => {
      const rm = el('button', { type: 'button', 'aria-label': `Remove added site ${p.id}` }, 'Remove')
      rm.addEventListener('click', () => { points.splice(k, 1); renderPoints() })
      return el('li', {}, `Site ${p.id} (${p.lon.toFixed(4)}, ${p.lat.toFixed(4)}) `, rm)
    }))
  }
  let adding = false
  const onMapClick = (e: maplibregl.MapMouseEvent) => {
    if (!adding) return
    points.push({ id: String(points.length ? Number(points.at(-1)!.id) + 1 : 1), lon: e.lngLat.lng, lat: e.lngLat.lat })
    renderPoints()
  }
  d.onMap(map, 'click', onMapClick)
  const setAdding = (v: boolean) => {
    adding = v
    addPoints.setAttribute('aria-pressed', String(v))
    addPoints.textContent = v ? 'Stop adding sites (Esc)' : 'Add sites on the map'
    map.getCanvas().style.cursor = v ? 'crosshair' : ''
  }
  on(addPoints, 'click', () => setAdding(!adding))
  on(form, 'keydown', (e) => { if (e.key === 'Escape' && adding) setAdding(false) })
  d.add(() => setAdding(false))

  const describeBaseline = () => {
    const v = baseline.s.value
    baselineHelp.textContent = v === 'current'
      ? (currentIds.length ? `${currentIds.length} current site${currentIds.length === 1 ? '' : 's'} from the council's list.` : 'No current Family Hubs or children\'s centres are imported yet, so there is nothing to compare with.')
      : v === 'fixed' ? 'The sites you keep fixed, on their own (none kept: no baseline).' : 'Answers are shown without a baseline.'
  }
  on(baseline.s, 'change', describeBaseline)
  describeBaseline()

  function renderChoices() {
    const line = (label: string, m: Map<string, string>) => {
      if (!m.size) return []
      const clear = el('button', { type: 'button' }, `Clear ${label.toLowerCase()}`)
      clear.addEventListener('click', () => { m.clear(); renderChoices(); onChoicesChange() })
      return [el('p', {}, `${label}: ${[...m.values()].join('; ')} `, clear)]
    }
    choices.replaceChildren(...line('Kept fixed', fixedIds), ...line('Excluded', excludedIds))
  }

  const fields: Array<[RegExp, HTMLElement]> = [
    [/^body\.threshold/, threshold], [/^body\.hubs/, pInput], [/^body\.candidates/, cats], [/^body\.need/, need.s],
    [/^body\.objective/, objective.s], [/^body\.population/, population.s], [/^body\.baseline/, baseline.s], [/^body\.(fixed|excluded)/, choices],
  ]
  choices.id = 'siting-choices'
  return {
    form, run, cancel, progress, fixedIds, excludedIds, renderChoices,
    setProgress(fraction, message) {
      const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100)
      progress.setAttribute('aria-valuenow', String(pct))
      progress.setAttribute('aria-valuetext', `${pct}%: ${message}`)
      bar.style.width = `${pct}%`
    },
    stopAdding: () => setAdding(false),
    setCurrentSites(ids) {
      currentIds = ids
      describeBaseline()
    },
    params: (): SitingParams => ({
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
      baseline: baseline.s.value === 'current' && currentIds.length ? { kind: 'assets', ids: currentIds } : baseline.s.value === 'fixed' ? { kind: 'fixed' } : { kind: 'none' },
      lines: false, seed: 1, timeLimitMs: 3000,
      ...(held && acrossDemand.checked ? { demandContext: held.name } : {}),
    }),
    validate() {
      clearFieldErrors(form)
      let ok = true
      const t = Number(threshold.value)
      if (!Number.isInteger(t) || t < 1 || t > 120) { showFieldError(threshold, 'Give the journey limit in whole minutes, from 1 to 120.'); ok = false }
      if (!pInput.disabled) {
        const p = Number(pInput.value)
        if (!Number.isInteger(p) || p < 1 || p > 50) { showFieldError(pInput, 'Give the number of hubs as a whole number from 1 to 50.'); ok = false }
      }
      const anyCandidate = cats.querySelector('input[name=category]:checked') || points.length || everyPoint.checked
      if (!anyCandidate) { showFieldError(cats, 'Choose at least one kind of site, add sites on the map, or use every LSOA centre.'); ok = false }
      if (need.s.value === 'index' && !indexRows.some((r) => r.s.value)) { showFieldError(need.s, 'Choose at least one indicator for the need index.'); ok = false }
      if (!ok) form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus()
      return ok
    },
    fieldFor(path) {
      return fields.find(([re]) => re.test(path))?.[1] ?? null
    },
    load(p) {
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
      baseline.s.value = p.baseline.kind === 'assets' ? 'current' : p.baseline.kind
      describeBaseline()
      const locality = p.hubs === 'one-per-locality'
      form.querySelector<HTMLInputElement>(`input[name=hubs][value=${locality ? 'locality' : 'p'}]`)!.checked = true
      pInput.disabled = locality
      if (!locality) pInput.value = String(p.hubs)
      for (const i of cats.querySelectorAll<HTMLInputElement>('input[name=category]')) i.checked = p.candidates.categories.includes(i.value)
      everyPoint.checked = p.candidates.demandPoints
      acrossDemand.checked = !!held && p.demandContext === held.name
      points.splice(0, points.length, ...p.candidates.points.map((x, k) => ({ id: x.id ?? String(k + 1), lon: x.lon, lat: x.lat })))
      renderPoints()
      nameObjectives()
    },
  }
}
