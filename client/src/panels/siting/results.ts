/**
 * One run's answer: what it found in a sentence, the chosen sites (numbered and coloured as on the
 * map, each can be kept fixed or excluded for the next run), the assumptions in words, the
 * solver's account folded away, and the access measures overall and per locality beside the
 * baseline column (the current sites, the fixed sites, or none).
 */
import type { Metrics } from '../../../../server/http/contract/siting'
import type { SitingParams, SitingResult } from '../../../../server/http/contract/siting'
import { el, metricLabels, PALETTE, show } from './words'

/** The baseline column's heading, whatever the run compared with. */
export function baselineHeading(r: SitingResult, p: SitingParams): string {
  if (r.baseline) return `Baseline: ${r.baseline.label}`
  return p.baseline.kind === 'none' ? 'Baseline: none chosen' : 'Baseline: none (no current or fixed sites)'
}

/** A measures table: one row per measure (per locality when `names` are given), one column per answer. */
export function metricsTable(caption: string, threshold: number, cols: string[], rows: Array<Array<Metrics | null>>, names: string[]): HTMLTableElement {
  const t = el('table', { class: 'siting-metrics' }, el('caption', {}, caption))
  t.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...cols.map((c) => el('th', { scope: 'col' }, c)))))
  const body = el('tbody')
  rows.forEach((ms, k) => {
    for (const [key, label, unit] of metricLabels(threshold)) {
      body.append(el('tr', {}, el('th', { scope: 'row' }, names[k] ? `${names[k]}: ${label}` : label), ...ms.map((m) => el('td', {}, m ? show(m[key] as number | null, unit) : '—'))))
    }
  })
  t.append(body)
  return t
}

export interface SiteChoices {
  fixedIds: Map<string, string>
  excludedIds: Map<string, string>
  changed(): void
}

function siteChoice(s: SitingResult['sites'][number], choice: 'fixed' | 'excluded', label: string, c: SiteChoices): HTMLElement {
  const id = `siting-${choice}-${s.id.replace(/[^A-Za-z0-9_-]/g, '_')}`
  const box = el('input', { type: 'checkbox', id, 'data-site': s.id, 'data-choice': choice })
  box.checked = (choice === 'fixed' ? c.fixedIds : c.excludedIds).has(s.id)
  box.addEventListener('change', () => {
    const [mine, other] = choice === 'fixed' ? [c.fixedIds, c.excludedIds] : [c.excludedIds, c.fixedIds]
    if (box.checked) { mine.set(s.id, s.name); other.delete(s.id) } else mine.delete(s.id)
    c.changed()
  })
  return el('span', { class: 'siting-choice' }, box, el('label', { for: id }, `${label} ${s.name}`))
}

/** Keeps the fixed/excluded boxes of the shown answer in step with the choices. */
export function syncChoiceBoxes(root: HTMLElement, c: SiteChoices): void {
  for (const b of root.querySelectorAll<HTMLInputElement>('input[data-site]')) {
    b.checked = (b.dataset.choice === 'fixed' ? c.fixedIds : c.excludedIds).has(b.dataset.site!)
  }
}

export function renderResult(r: SitingResult, p: SitingParams, heading: string, c: SiteChoices): HTMLElement[] {
  // the list is the catchments' key: each hub's number and colour as on the map
  const sites = el('ol', { class: 'siting-sites', 'aria-label': 'Chosen sites, numbered as on the map; each colour is that hub\'s catchment' }, ...r.sites.map((s, k) => el('li', {},
    el('span', { class: 'key-symbol key-fill hub-swatch', 'aria-hidden': 'true', 'data-colour': PALETTE[k % PALETTE.length] }),
    el('strong', {}, `${k + 1} ${s.name}`), ` (${s.category}${s.locality ? `, ${s.locality.name}` : ''})${s.fixed ? ', kept fixed' : ''}. `,
    siteChoice(s, 'fixed', 'Keep fixed:', c), ' ', siteChoice(s, 'excluded', 'Exclude:', c))))
  for (const sw of sites.querySelectorAll<HTMLElement>('.hub-swatch')) Object.assign(sw.style, { background: sw.dataset.colour, borderColor: '#222' })
  for (const s of r.sites) if (c.fixedIds.has(s.id)) c.fixedIds.set(s.id, s.name)
  const cols = [heading, baselineHeading(r, p)]
  const overall = metricsTable('Access, whole borough', p.threshold, cols, [[r.metrics.overall, r.baseline?.metrics ?? null]], [''])
  const perLoc = metricsTable('Access by locality', p.threshold, cols, r.metrics.byLocality.map((l) => [l.metrics, l.baseline ?? null]), r.metrics.byLocality.map((l) => l.name))
  return [
    el('p', { class: 'siting-summary' }, r.summary),
    el('h3', {}, 'Chosen sites'), sites,
    overall,
    el('details', { class: 'siting-bylocality' }, el('summary', {}, 'Access by locality'), perLoc),
    el('h3', {}, 'Assumptions'),
    el('ul', {}, el('li', {}, r.weighting.text), el('li', {}, r.travel.text), el('li', {}, r.constraints.text), el('li', {}, r.candidates.text)),
    // the solver's own account, for those who want it
    el('details', { class: 'siting-method' }, el('summary', {}, 'How the answer was worked out (for analysts)'), el('p', {}, r.method)),
  ]
}

/** What a finished run says in the status line. */
export const doneWords = (r: SitingResult) =>
  `Done: ${r.certificate ?? legacyWords(r)}, in ${Math.round(r.solveMs)} ms.`

/** results saved before the server worded the certificate */
const legacyWords = (r: SitingResult) =>
  r.status === 'optimal' ? 'the best possible answer for these choices (proven)' : `a good answer, at most ${(r.gap * 100).toFixed(2)}% short of the best possible`
