/**
 * The anchor-institution view: pick an anchor (NHS trust hospitals by default, plus any an editor
 * marked), a travel distance and detour factor; the server returns the LSOAs within reach ranked
 * by employment deprivation with their working-age population and headline counts. Draws the
 * reach circle, the catchment's LSOAs and the anchor on the map through its own source and
 * layers, removed again by destroy() and hidden by setActive(false); links the CSV for a
 * recruitment or procurement team. The anchor and distance shown are reported through onAnchor (the
 * app keeps them in its URL) and an `anchor` given at mount is shown once the list has loaded.
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catalogue } from '../../../server/http/contract/catalogue'
import type { AnchorRow, Catchment } from '../../../server/http/contract/targeting'
import { h } from '../dom'
import { downloadLinks, GIS_DOWNLOADS } from '../downloads'
import { setLayersVisible, whenStyleLoaded } from '../map/styleReady'
import type { OverlayKey } from '../map/overlayKey'

export interface AnchorPanelDeps {
  map: maplibregl.Map
  fetchJson: <T>(url: string, init?: RequestInit) => Promise<T>
  catalogue: Catalogue
  /** an anchor and distance to show at mount (the app's ?anchor=&distance=) */
  anchor?: { id: number; distance: number } | null
  onAnchor?: (anchor: { id: number; distance: number }) => void
}

const SOURCE = 'anchor-panel'
const LAYERS = ['anchor-panel-lsoas', 'anchor-panel-reach', 'anchor-panel-point'] as const
const API = '/api/targeting/anchors'

let seq = 0

/** What the anchor layers draw, for the map's legend (the colours of its addLayer calls). */
export const ANCHOR_KEY: OverlayKey[] = [
  { label: 'Anchor institution', symbol: 'dot', colour: '#332288', stroke: '#fff' },
  { label: 'Distance reached', symbol: 'dashed', colour: '#332288' },
  { label: 'LSOAs within reach', symbol: 'fill', colour: 'rgba(51, 34, 136, 0.25)' },
]

export function mountAnchorPanel(container: HTMLElement, deps: AnchorPanelDeps): { destroy(): void; setActive(active: boolean): void } {
  const { map, fetchJson, catalogue } = deps
  const uid = `anp${++seq}`
  const id = (s: string) => `${uid}-${s}`
  const cleanups: Array<() => void> = []
  const on = <K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
    el.addEventListener(type, fn as EventListener)
    cleanups.push(() => el.removeEventListener(type, fn as EventListener))
  }
  const title = (indicator: string) => catalogue.indicators.find((d) => d.id === indicator)?.title ?? indicator

  const anchorSelect = h('select', { id: id('anchor'), required: true }, h('option', { value: '' }, 'Loading anchors…'))
  const distanceInput = h('input', { id: id('distance'), type: 'number', min: '100', max: '20000', step: '100', value: '3000', inputmode: 'numeric' })
  const detourInput = h('input', { id: id('detour'), type: 'number', min: '1', max: '3', step: '0.05', value: '1.3' })
  const button = h('button', { type: 'submit' }, 'Show catchment')
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  const rule = h('p', { class: 'muted' })
  const results = h('div', { class: 'anchor-results' })
  const form = h('form', { class: 'anchor-form' },
    h('div', {}, h('label', { for: anchorSelect.id }, 'Anchor institution '), anchorSelect),
    h('div', {}, h('label', { for: distanceInput.id }, 'Travel distance (metres) '), distanceInput),
    h('div', {}, h('label', { for: detourInput.id }, 'Detour factor (road distance ÷ straight line) '), detourInput),
    button, status)
  const section = h('section', { class: 'panel anchors', 'aria-labelledby': id('title') },
    h('h2', { id: id('title') }, 'Anchor institutions'), rule, form, results)
  container.append(section)

  let token = 0
  void fetchJson<{ rule: string; anchors: AnchorRow[] }>(API).then(
    (r) => {
      rule.textContent = r.rule
      anchorSelect.replaceChildren(h('option', { value: '' }, 'Choose an anchor'),
        ...r.anchors.map((a) => h('option', { value: String(a.id) }, `${a.name}${a.organisation ? ` (${a.organisation})` : ''}`)))
      const want = deps.anchor
      if (want && r.anchors.some((a) => a.id === want.id)) {
        anchorSelect.value = String(want.id)
        distanceInput.value = String(want.distance)
        void show()
      }
    },
    (err: Error) => { status.textContent = err.message },
  )

  const url = () => {
    const p = new URLSearchParams({ distance: String(Math.round(Number(distanceInput.value) || 3000)), detour: String(Number(detourInput.value) || 1.3) })
    return `${API}/${encodeURIComponent(anchorSelect.value)}/catchment?${p}`
  }

  on(form, 'submit', (e) => {
    e.preventDefault()
    void show()
  })

  async function show(): Promise<void> {
    if (!anchorSelect.value) {
      status.textContent = 'Choose an anchor institution.'
      return
    }
    const mine = ++token
    status.textContent = 'Finding the catchment…'
    button.disabled = true
    try {
      const c = await fetchJson<Catchment>(url())
      if (mine !== token) return
      render(c)
      draw(c)
      deps.onAnchor?.({ id: c.anchor.id, distance: c.distance_m })
      status.textContent = c.headline.summary
    } catch (err) {
      if (mine === token) status.textContent = (err as Error).message
    } finally {
      button.disabled = false
    }
  }

  const num = (x: number | null | undefined, dp: number) => (x === null || x === undefined ? '–' : x.toFixed(dp))

  function render(c: Catchment): void {
    const cols: Array<[string, string, number]> = catalogue.vocabulary.anchors.columns.map((c) => [c.id, c.label, c.decimals])
    const head = h('tr', {}, ...['Rank', 'LSOA', 'Straight-line distance (m)'].map((t) => h('th', { scope: 'col' }, t)),
      ...cols.map(([k, t]) => h('th', { scope: 'col', title: title(k) }, t)))
    const rows = c.lsoas.map((l) => h('tr', { class: (l.values[catalogue.vocabulary.anchors.decile] ?? 99) <= 1 ? 'current' : undefined },
      h('td', {}, l.rank === null ? '–' : String(l.rank)), h('th', { scope: 'row' }, `${l.name} `, h('span', { class: 'muted' }, l.code)), h('td', {}, String(l.distance_m)),
      ...cols.map(([k, , dp]) => h('td', {}, num(l.values[k], dp)))))
    const hl = c.headline
    results.replaceChildren(
      // the distance asked for is a road estimate: say what it means in a straight line, in the heading
      h('h3', {}, `Within ${c.distance_m} m of ${c.anchor.name}`, h('span', { class: 'anchor-reach' },
        c.detour === 1 ? ' (straight line)' : ` (by road, estimated as ${c.reach_m.toLocaleString('en-GB')} m in a straight line × ${c.detour} for detours)`)),
      h('ul', {},
        h('li', {}, `${hl.lsoas} LSOAs, ${hl.workingAge.toLocaleString('en-GB')} residents aged 15-64`),
        h('li', {}, `${hl.workingAgeMostDeprived10.toLocaleString('en-GB')} of them in ${hl.lsoasMostDeprived10} LSOAs in England's most employment-deprived 10%`),
        h('li', {}, `${hl.workingAgeMostDeprived20.toLocaleString('en-GB')} in ${hl.lsoasMostDeprived20} LSOAs in the most deprived 20%`)),
      h('p', { class: 'muted' }, c.method, ' ', c.workingAgeBand),
      downloadLinks(url(), GIS_DOWNLOADS, 'the catchment ranking (for recruitment or procurement)'),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Catchment LSOAs ranked by employment deprivation' },
        h('table', { class: 'data' }, h('caption', {}, 'LSOAs ranked by employment deprivation (highlighted: England\'s most deprived 10%)'), h('thead', {}, head), h('tbody', {}, ...rows))),
      h('p', { class: 'muted' }, 'Sources: ', [...new Map(c.indicators.map((d) => [d.source ?? d.id, `${d.source ?? d.title} (${d.vintage})${d.licence ? `, ${d.licence}` : ''}`])).values()].join('; ')),
    )
  }

  let pendingOff: () => void = () => {}
  function draw(c: Catchment): void {
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        ...(c.geometry.lsoas ? [{ type: 'Feature' as const, geometry: c.geometry.lsoas, properties: { part: 'lsoas' } }] : []),
        { type: 'Feature', geometry: c.geometry.reach, properties: { part: 'reach' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [c.anchor.lon, c.anchor.lat] }, properties: { part: 'anchor', name: c.anchor.name } },
      ],
    }
    const apply = () => {
      const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
      if (src) src.setData(data)
      else {
        map.addSource(SOURCE, { type: 'geojson', data })
        map.addLayer({ id: LAYERS[0], type: 'fill', source: SOURCE, filter: ['==', ['get', 'part'], 'lsoas'], paint: { 'fill-color': '#332288', 'fill-opacity': 0.25 } })
        map.addLayer({ id: LAYERS[1], type: 'line', source: SOURCE, filter: ['==', ['get', 'part'], 'reach'], paint: { 'line-color': '#332288', 'line-width': 2, 'line-dasharray': [2, 2] } })
        map.addLayer({ id: LAYERS[2], type: 'circle', source: SOURCE, filter: ['==', ['get', 'part'], 'anchor'], paint: { 'circle-color': '#332288', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } })
      }
      setLayersVisible(map, LAYERS, active)
      const [w, s, e, n] = bounds(c.geometry.reach)
      map.fitBounds([[w, s], [e, n]], { padding: 30, duration: 0 })
    }
    pendingOff()
    pendingOff = whenStyleLoaded(map, apply)
  }
  let active = true

  return {
    setActive(on: boolean): void {
      active = on
      setLayersVisible(map, LAYERS, on)
    },
    destroy(): void {
      token++
      pendingOff()
      cleanups.forEach((f) => f())
      for (const l of [...LAYERS].reverse()) if (map.getLayer(l)) map.removeLayer(l)
      if (map.getSource(SOURCE)) map.removeSource(SOURCE)
      section.remove()
    },
  }
}

function bounds(p: GeoJSON.Polygon): [number, number, number, number] {
  const xs = p.coordinates[0].map((c) => c[0])
  const ys = p.coordinates[0].map((c) => c[1])
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}
