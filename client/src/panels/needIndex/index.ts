/**
 * The need index builder: pick indicators and weights, a normalisation method, a level and a
 * missing-value rule (form.ts); the server computes the index (GET /api/targeting/index, so the
 * same URL is the share link and, with format=csv|geojson, the export). Shows the ranked table with
 * each component's contribution and the rank range under other weightings, and highlights the top
 * N areas on the map (results.ts), hidden while another tool is open and removed with the control.
 * The index computed is reported through onSpec (the app keeps it in its URL), and a `spec` given
 * is restored and computed. Editors can save the computed index by name (save.ts).
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catalogue } from '../../../../server/http/contract/catalogue'
import { h } from '../../dom'
import type { IndexSpec } from '../../state'
import type { SavedIndex, SavedIndexInput } from '../../api'
import { Control } from '../control'
import { buildNeedIndexForm } from './form'
import { NeedIndexLayer, renderIndexResults, type IndexCollection } from './results'
import { buildSaveForm, type Computed } from './save'

export { NEED_INDEX_KEY } from './results'

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

let seq = 0

export const needIndexControl = (deps: NeedIndexPanelDeps): Control => new Control((container, ctl) => {
  const { map, fetchJson, catalogue } = deps
  const d = ctl.disposer
  const uid = `nip${++seq}`
  const id = (s: string) => `${uid}-${s}`
  const f = buildNeedIndexForm(catalogue, id, d, deps.spec)
  const { status } = f
  const results = h('div', { class: 'need-index-results' })
  const layer = new NeedIndexLayer(map, d)
  const section = h('section', { class: 'panel need-index', 'aria-labelledby': id('title') },
    h('h2', { id: id('title') }, 'Need index'),
    h('p', { class: 'muted' }, 'Weights are rescaled to sum to 1. Every indicator is oriented so that higher means more need.'),
    f.form, results)
  container.append(section)
  d.add(() => section.remove())

  let computed: Computed | null = null
  const saving = deps.saveIndex ? buildSaveForm(id, d, deps.saveIndex, () => computed) : null
  if (saving) section.append(saving.el)

  let last: IndexCollection | null = null
  let token = 0
  d.add(() => token++)
  d.listen(f.form, 'submit', (e) => {
    e.preventDefault()
    void compute()
  })
  d.listen(f.topInput, 'change', () => last && layer.highlight(last, f.topN(), results))

  async function compute(): Promise<void> {
    if (!f.selected().length) {
      status.textContent = 'Choose at least one indicator.'
      return
    }
    const mine = ++token
    status.textContent = 'Computing…'
    f.computeButton.disabled = true
    try {
      const r = await fetchJson<IndexCollection>(f.query('geojson'))
      if (mine !== token) return
      last = r
      computed = { spec: f.spec(), components: f.selected() }
      saving?.refresh()
      deps.onSpec?.(f.spec())
      // the app's own URL once it holds the index (onSpec), else the API's
      const share = deps.onSpec ? location.href : new URL(f.query(), location.href).toString()
      results.replaceChildren(...renderIndexResults(r, { d, id, share, query: f.query(), topN: f.topN(), say: (t) => (status.textContent = t) }))
      layer.highlight(r, f.topN(), results)
      status.textContent = `Ranked ${r.features.length} areas; the top ${f.topN()} are highlighted on the map.`
    } catch (err) {
      if (mine === token) status.textContent = (err as Error).message
    } finally {
      f.computeButton.disabled = false
    }
  }

  if (deps.spec && f.selected().length) void compute()

  return {
    setActive(on: boolean): void {
      layer.setActive(on)
    },
  }
})
