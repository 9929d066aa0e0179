/**
 * Family Hub siting panel: the form (form.ts), Run as a background job with a progress bar and
 * Cancel, the answer (results.ts), every run of the session kept and any two or more compared
 * side by side beside a baseline, table and map, without signing in (runs.ts), saving and saved
 * scenarios (scenarios.ts), and the map layers (mapLayers.ts). It owns its DOM, map sources, layers
 * and listeners through its control's disposer, which removes them; setActive(false) hides its layers while another tool
 * is open. The saved scenario shown goes to onScenario (the app's ?scenario=), and a `scenario`
 * given at mount is reopened.
 */
import type * as maplibregl from 'maplibre-gl'
import type { SitingResult } from '../../../../server/http/contract/siting'
import type { JobView } from '../../../../server/http/contract/siting'
import type { Catalogue } from '../../../../server/http/contract/catalogue'
import { ApiError } from '../../api'
import { Control } from '../control'
import { clearFieldErrors, issuePaths, plainWords, showFieldError } from '../fieldErrors'
import { buildSitingForm, CURRENT_SITE_CATEGORIES } from './form'
import { SitingLayers } from './mapLayers'
import { doneWords, renderResult, syncChoiceBoxes } from './results'
import { renderComparison, renderRunList, runTitle, SessionRuns, type Run } from './runs'
import { buildScenarios, type Saved } from './scenarios'
import { el } from './words'

export { SITING_KEY } from './mapLayers'

type FetchJson = <T>(url: string, init?: RequestInit) => Promise<T>
const POLL_MS = 300

export interface SitingPanelDeps {
  map: maplibregl.Map
  fetchJson: FetchJson
  catalogue?: Catalogue
  scenario?: number | null
  onScenario?: (id: number | null) => void
}

export const sitingControl = (deps: SitingPanelDeps): Control => new Control((container, ctl) => {
  const { map, fetchJson } = deps
  const d = ctl.disposer
  const onScenario = deps.onScenario ?? (() => {})
  const root = el('section', { class: 'panel siting', 'aria-labelledby': 'siting-title' }, el('h2', { id: 'siting-title' }, 'Family Hub siting'))
  container.append(root)
  d.add(() => root.remove())
  const layers = new SitingLayers(map, d)
  const results = el('div', { class: 'siting-results' })
  const choices = { fixedIds: new Map<string, string>(), excludedIds: new Map<string, string>(), changed: () => { f.renderChoices(); syncChoiceBoxes(results, choices) } }
  const f = buildSitingForm(map, deps.catalogue, () => syncChoiceBoxes(results, choices), d)
  choices.fixedIds = f.fixedIds
  choices.excludedIds = f.excludedIds
  const status = el('p', { class: 'siting-status', role: 'status', 'aria-live': 'polite' })
  const session = new SessionRuns()
  const chosen = new Set<number>()
  const runList = el('ul', { class: 'siting-runs', 'aria-label': 'Runs this session' })
  const compareRuns = el('button', { type: 'button', id: 'siting-compare-runs', disabled: '' }, 'Compare chosen runs')
  const compareOut = el('div', { class: 'siting-compare', 'aria-live': 'polite' })
  let current: Run | null = null
  const scenarios = buildScenarios({
    fetchJson, current: () => current,
    say: (t) => (status.textContent = t),
    onSaved: (s) => { if (current) session.markSaved(current, s.name, s.id); onScenario(s.id); listRuns() },
    onOpen: (ids) => void openSaved(ids),
  })
  root.append(f.form, status, results,
    el('h3', {}, 'Runs this session'),
    el('p', { class: 'muted' }, 'Every run is kept in this browser tab (until it is closed). Tick two or more to compare them side by side.'),
    runList, compareRuns, compareOut, scenarios.el)

  const listRuns = () => {
    renderRunList(runList, session.runs, chosen, () => { compareRuns.disabled = chosen.size < 2 }, (r) => showRun(r))
    compareRuns.disabled = chosen.size < 2
  }
  const showRun = (r: Run, compared: Run[] = []) => {
    current = r
    f.load(r.params)
    results.replaceChildren(...renderResult(r.result, r.params, compared.length ? `A: ${runTitle(r)}` : runTitle(r), choices))
    layers.draw(r.result, compared.map((c) => c.result))
    scenarios.setCanSave(true)
    if (r.name) scenarios.setName(r.name)
    onScenario(r.savedId ?? null)
  }
  const compare = (runs: Run[]) => {
    compareOut.replaceChildren(...renderComparison(runs))
    showRun(runs[0], runs.slice(1))
    status.textContent = `Comparing ${runs.map((r) => runTitle(r)).join(', ')}.`
  }
  d.listen(compareRuns, 'click', () => compare(session.runs.filter((r) => chosen.has(r.n))))
  listRuns()

  const openSaved = async (ids: number[]) => {
    try {
      const found = await Promise.all(ids.map((id) => fetchJson<Saved>(`/api/siting/scenarios/${id}`)))
      if (ctl.removed) return
      const runs = found.map((s) => session.add(s.params, s.result, { name: s.name, id: s.id }))
      listRuns()
      if (runs.length > 1) {
        chosen.clear()
        for (const r of runs) chosen.add(r.n)
        listRuns()
        compare(runs)
      } else {
        showRun(runs[0])
        status.textContent = `Opened scenario "${found[0].name}" (${found[0].id}).`
      }
    } catch (err) {
      // a stale link: say what it asked for and that it is not there
      status.textContent = (err as { status?: number }).status === 404
        ? `The saved scenario${ids.length > 1 ? 's' : ''} ${ids.join(', ')} asked for ${ids.length > 1 ? 'are' : 'is'} not there (any more); the form shows the usual choices.`
        : plainWords(err)
    }
  }

  // the current Family Hubs and children's centres, for the baseline
  void fetchJson<GeoJSON.FeatureCollection>(`/api/assets?category=${CURRENT_SITE_CATEGORIES.join(',')}`)
    .then((fc) => f.setCurrentSites(fc.features.map((x) => Number(x.properties?.id)).filter(Number.isFinite)))
    .catch(() => f.setCurrentSites([]))

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault()
    if (!f.validate()) { status.textContent = 'Some choices need changing before a run: see the notes beside them.'; return }
    f.run.disabled = true
    status.textContent = 'Solving…'
    let jobUrl: string | null = null
    const onCancel = () => {
      if (!jobUrl) return
      f.cancel.disabled = true
      void fetchJson(jobUrl, { method: 'DELETE' }).catch(() => {}) // 409: it had just finished
    }
    f.cancel.addEventListener('click', onCancel)
    try {
      const p = f.params()
      let job = await fetchJson<JobView>('/api/siting/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) })
      jobUrl = `/api/siting/jobs/${job.id}`
      f.cancel.hidden = false
      f.cancel.disabled = false
      f.progress.hidden = false
      while (job.status === 'running' && !ctl.removed) {
        f.setProgress(job.progress.fraction, job.progress.message)
        status.textContent = `Solving… ${job.progress.message}`
        await new Promise((res) => setTimeout(res, POLL_MS))
        job = await fetchJson<JobView>(jobUrl)
      }
      if (ctl.removed) return
      if (job.status === 'cancelled') { status.textContent = 'Cancelled.'; return }
      if (job.status === 'failed') throw new ApiError(jobUrl, job.error?.status ?? 500, job.error?.detail ?? 'The solve failed.', job.error?.issues)
      const r = job.result as SitingResult
      const run = session.add(p, r)
      compareOut.replaceChildren()
      listRuns()
      showRun(run)
      status.textContent = `${runTitle(run)}: ${doneWords(r)}`.replace(`${runTitle(run)}: Done:`, 'Done:') + ` Kept as ${runTitle(run)}.`
    } catch (err) {
      // a refusal names the field it concerns: say it there, in words
      const paths = issuePaths(err)
      const field = paths.map((x) => f.fieldFor(x)).find((x) => x)
      clearFieldErrors(f.form)
      if (field) { showFieldError(field, plainWords(err)); field.focus() }
      status.textContent = field ? 'The run was refused: see the note beside the field.' : plainWords(err)
    } finally {
      f.cancel.removeEventListener('click', onCancel)
      f.cancel.hidden = true
      f.progress.hidden = true
      f.run.disabled = false
    }
  }
  d.listen(f.form, 'submit', onSubmit)

  void scenarios.refresh().catch((err) => (status.textContent = plainWords(err)))
  if (deps.scenario) void openSaved([deps.scenario])

  return {
    setActive(on: boolean) {
      if (!on) f.stopAdding()
      layers.setActive(on)
    },
  }
})
