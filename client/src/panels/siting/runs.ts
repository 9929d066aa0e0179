/**
 * Every run of this browser session, kept (sessionStorage) so none overwrites another, and any two
 * or more compared side by side, table and map, without signing in: a baseline column first
 * (the first run's baseline: current sites, fixed sites, or none), then one column per run,
 * lettered A, B, … as on the map. Saving and sharing a run still need an editor (scenarios.ts).
 */
import type { SitingParams, SitingResult } from '../../../../server/http/contract/siting'
import type { Metrics } from '../../../../server/http/contract/siting'
import { baselineHeading, metricsTable } from './results'
import { runLetter } from './mapLayers'
import { describeRun, el, metricLabels, objectiveWords, show } from './words'

export interface Run {
  n: number
  params: SitingParams
  result: SitingResult
  /** the saved scenario's name and id, once saved or when opened from the list */
  name?: string
  savedId?: number
}

const KEY = 'atlas.siting.runs'
/** sessionStorage holds a few megabytes: the oldest runs beyond this many are dropped */
const MAX_RUNS = 12

export const runTitle = (r: Run) => r.name ? `Run ${r.n}: ${r.name}` : `Run ${r.n}`

export class SessionRuns {
  readonly runs: Run[] = []

  constructor() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Run[]
      if (Array.isArray(saved)) this.runs.push(...saved.filter((r) => r && r.params && r.result))
    } catch { /* nothing kept, or storage refused */ }
  }

  add(params: SitingParams, result: SitingResult, saved?: { name: string; id: number }): Run {
    const same = saved && this.runs.find((r) => r.savedId === saved.id)
    if (same) return same
    const run: Run = { n: (this.runs.at(-1)?.n ?? 0) + 1, params, result, ...(saved ? { name: saved.name, savedId: saved.id } : {}) }
    this.runs.push(run)
    while (this.runs.length > MAX_RUNS) this.runs.shift()
    this.persist()
    return run
  }

  markSaved(run: Run, name: string, id: number): void {
    run.name = name
    run.savedId = id
    this.persist()
  }

  private persist(): void {
    // a full store keeps the runs in memory only: they still compare until the page reloads
    try { sessionStorage.setItem(KEY, JSON.stringify(this.runs)) } catch { /* quota */ }
  }
}

/** The list of runs: a box to choose each for comparison and a button to show it on the map. */
export function renderRunList(list: HTMLElement, runs: Run[], chosen: Set<number>, onChange: () => void, onShow: (r: Run) => void): void {
  list.replaceChildren(...runs.map((r) => {
    const id = `siting-run-${r.n}`
    const box = el('input', { type: 'checkbox', id })
    box.checked = chosen.has(r.n)
    box.addEventListener('change', () => { if (box.checked) chosen.add(r.n); else chosen.delete(r.n); onChange() })
    const o = r.result.metrics.overall
    const showBtn = el('button', { type: 'button', 'aria-label': `Show ${runTitle(r)} on the map` }, 'Show')
    showBtn.addEventListener('click', () => onShow(r))
    return el('li', {}, box, el('label', { for: id }, el('strong', {}, runTitle(r)), `: ${describeRun(r.params)}. Average ${show(o.meanMinutes, 'min')}, ${show(o.withinThreshold, 'share')} within ${r.params.threshold} min.`), ' ', showBtn)
  }))
}

/** Runs side by side: the baseline column, then one column per run (A, B, …). */
export function renderComparison(runs: Run[]): HTMLElement[] {
  const first = runs[0]
  const base = first.result.baseline
  const cols = [baselineHeading(first.result, first.params), ...runs.map((r, k) => `${runLetter(k)}: ${runTitle(r)}`)]
  const t = el('table', { class: 'siting-metrics' }, el('caption', {}, `${runs.length} runs side by side, beside the baseline`))
  t.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...cols.map((c) => el('th', { scope: 'col' }, c)))))
  const row = (label: string, base: string, values: string[]) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, base), ...values.map((v) => el('td', {}, v)))
  const body = el('tbody', {},
    row('Aim', '—', runs.map((r) => objectiveWords(r.params.objective, r.params.population, r.params.threshold))),
    row('Hubs', base ? base.sites.map((s) => s.name).join('; ') : '—', runs.map((r, k) => r.result.sites.map((s, i) => `${runLetter(k)}${i + 1} ${s.name}`).join('; '))))
  const thresholds = new Set(runs.map((r) => r.params.threshold))
  for (const [key, label, unit] of metricLabels(first.params.threshold)) {
    const words = key === 'withinThreshold' && thresholds.size > 1 ? 'Share within each run\'s journey limit' : label
    const v = (m: Metrics | null | undefined) => (m ? show(m[key] as number | null, unit) : '—')
    body.append(row(words, v(base?.metrics), runs.map((r) => v(r.result.metrics.overall))))
  }
  t.append(body)
  const locs = first.result.metrics.byLocality
  const perLoc = metricsTable('Access by locality, run by run', first.params.threshold, [cols[0], ...cols.slice(1)],
    locs.map((l) => [l.baseline ?? null, ...runs.map((r) => r.result.metrics.byLocality.find((x) => x.code === l.code)?.metrics ?? null)]), locs.map((l) => l.name))
  return [
    t,
    el('details', { class: 'siting-bylocality' }, el('summary', {}, 'The same by locality'), perLoc),
    el('p', {}, `On the map: ${runLetter(0)} (${runTitle(first)}) filled in its hubs' colours; ${runs.slice(1).map((r, k) => `${runLetter(k + 1)} (${runTitle(r)})`).join(', ')} as dashed catchments and ringed hubs.`),
  ]
}
