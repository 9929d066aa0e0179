/**
 * The table view: the current layer's areas ranked by need, an alternative to the map. With a
 * locality open it follows it: only that locality's areas (ranks stay the borough's), with a
 * button to show the whole borough again. Each column sorts (a button in its header, aria-sort
 * says which way); the rows shown download (CSV, Excel, GIS formats) through the shared download links.
 * In a narrow box (a phone) the code, ward and locality fold into the area's cell (style.css,
 * a container query on .table-view), so the table never scrolls sideways.
 */
import { urls, type ApiClient, type Catalogue } from '../api'
import { downloadLinks } from '../downloads'
import { formatValue } from '../classes'
import type { Bus, Panel } from '../events'
import { LEVEL_LABEL, h } from '../dom'
import { rankNode, tieRanks } from './ties'
import { AreaPlaces, type Place } from './tablePlaces'
import type { ViewState } from '../state'
import type { AreaValue, AreaValues } from '../values'

type SortKey = 'rank' | 'name' | 'code' | 'ward' | 'locality' | 'value'
const COLUMNS: Array<[SortKey, string]> = [['rank', 'Rank in borough'], ['name', 'Area'], ['code', 'Code'], ['ward', 'Ward'], ['locality', 'Locality'], ['value', 'Value']]
type Row = AreaValue & Place

/** Rows in the chosen order; areas without a value (and so without a rank) always last. */
function sortRows(rows: Row[], key: SortKey, dir: 1 | -1): Row[] {
  const cmp = (a: Row, b: Row): number => {
    if (key === 'name' || key === 'code') return dir * a[key].localeCompare(b[key], 'en-GB', { numeric: true })
    if (key === 'ward' || key === 'locality') return dir * (a[key] ?? '').localeCompare(b[key] ?? '', 'en-GB')
    const x = a[key], y = b[key]
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1
    return dir * (x - y)
  }
  return [...rows].sort((a, b) => cmp(a, b) || a.code.localeCompare(b.code))
}

export class TablePanel implements Panel {
  readonly el = h('section', { class: 'table-view', 'aria-labelledby': 'table-title', id: 'table-view', tabindex: '-1' })
  private off: Array<() => void> = []
  private values: AreaValues | null = null
  private state: ViewState | null = null
  /** the open locality's areas at the current level (null: no locality, or not loaded yet) */
  private members: { key: string; codes: Set<string> } | null = null
  private wholeBorough = false
  private sort: { key: SortKey; dir: 1 | -1 } = { key: 'rank', dir: 1 }
  /** each area's ward and locality, once loaded */
  private places: Map<string, Place> | null = null
  private readonly placeLookup: AreaPlaces

  constructor(private readonly bus: Bus, private readonly catalogue: Catalogue, private readonly api: ApiClient) {
    this.el.hidden = true
    this.placeLookup = new AreaPlaces(api, catalogue)
    this.off.push(
      bus.on('values', (v) => { this.values = v; this.render() }),
      bus.on('state', ({ state, previous }) => {
        this.state = state
        this.el.hidden = state.view !== 'table'
        if (previous?.locality !== state.locality) this.wholeBorough = false
        void this.loadMembers(state)
        this.render()
      }),
    )
  }

  private async loadMembers(s: ViewState): Promise<void> {
    const key = `${s.locality}/${s.level}`
    if (!s.locality || this.members?.key === key) return
    const fc = await this.api.areas(s.level, { indicators: [s.indicator], locality: s.locality, geometry: false }).catch(() => null)
    if (!fc || `${this.state?.locality}/${this.state?.level}` !== key) return
    this.members = { key, codes: new Set(fc.features.map((f) => String(f.properties.code))) }
    this.render()
  }

  render(): void {
    const v = this.values
    const s = this.state
    if (!v || !s) return
    if (!this.places && s.view === 'table') void this.placeLookup.all().then((m) => { this.places = m; this.render() }).catch(() => {})
    // which place columns this level has: an LSOA its ward and locality, a ward its locality
    const columns = COLUMNS.filter(([k]) => (k !== 'ward' || v.level === 'lsoa21') && (k !== 'locality' || v.level !== 'locality'))
    const placed = (r: AreaValue): Row => ({ ...r, ward: this.places?.get(r.code)?.ward ?? null, locality: this.places?.get(r.code)?.locality ?? null })
    const ind = this.catalogue.indicators.find((i) => i.id === v.indicator)!
    const loc = s.locality ? this.catalogue.localities.find((l) => l.code === s.locality) : undefined
    const members = loc && this.members?.key === `${s.locality}/${v.level}` ? this.members.codes : null
    const only = members && !this.wholeBorough ? members : null
    const shown = sortRows((only ? v.rows.filter((r) => only.has(r.code)) : v.rows).map(placed), this.sort.key, this.sort.dir)
    // ties shown as ties (equal values share the best rank among them)
    const ties = new Map(tieRanks(v.rows, (r) => r.value, (r) => r.rank).map((t, k) => [v.rows[k].code, t]))
    const rows = shown.map((r) => {
      const t = ties.get(r.code)!
      const b = h('button', { type: 'button', class: 'link-button' }, r.name)
      b.addEventListener('click', () => {
        this.bus.emit('choose-view', { view: 'map' })
        this.bus.emit('focus-area', { code: r.code, origin: 'list', zoom: true, level: v.level })
      })
      const place = (k: 'ward' | 'locality') => r[k] ?? (this.places ? '–' : '…')
      const placeCols = columns.filter(([k]) => k === 'ward' || k === 'locality').map(([k]) => k as 'ward' | 'locality')
      // shown only in a narrow box, where the code, ward and locality columns are folded away
      const folded = h('span', { class: 'area-place' }, [r.code, ...placeCols.map(place)].join(' · '))
      return h('tr', { 'data-code': r.code }, h('td', {}, rankNode(t)), h('th', { scope: 'row' }, b, folded), h('td', { class: 'wide' }, r.code),
        ...placeCols.map((k) => h('td', { 'data-col': k, class: 'wide' }, place(k))),
        h('td', { class: 'num' }, formatValue(r.value, ind)))
    })
    const scope = h('p', { class: 'table-scope' })
    if (loc && members) {
      const toggle = h('button', { type: 'button', id: 'table-scope', 'aria-pressed': String(this.wholeBorough) }, 'Whole borough')
      toggle.addEventListener('click', () => { this.wholeBorough = !this.wholeBorough; this.render(); document.getElementById('table-scope')?.focus() })
      scope.append(only ? `${shown.length} of ${v.rows.length} areas: those in ${loc.name}. ` : `All ${v.rows.length} areas of the borough. `, toggle)
    }
    const head = columns.map(([key, label]) => {
      const on = this.sort.key === key
      const b = h('button', { type: 'button', class: 'sort', 'data-sort': key }, key === 'value' ? `${label} (${ind.unit})` : label, h('span', { 'aria-hidden': 'true' }, on ? (this.sort.dir === 1 ? ' ▲' : ' ▼') : ''))
      b.addEventListener('click', () => {
        this.sort = { key, dir: on ? (this.sort.dir === 1 ? -1 : 1) : 1 }
        this.render()
        this.el.querySelector<HTMLElement>(`button[data-sort="${key}"]`)?.focus()
      })
      const wide = key === 'code' || key === 'ward' || key === 'locality'
      return h('th', { scope: 'col', 'aria-sort': on ? (this.sort.dir === 1 ? 'ascending' : 'descending') : 'none', ...(wide ? { class: 'wide' } : {}) }, b)
    })
    this.el.replaceChildren(
      h('h2', { id: 'table-title' }, `${ind.title} by ${LEVEL_LABEL[v.level]}${only ? ` in ${loc!.name}` : ''}`),
      h('p', { class: 'muted' }, `${v.count} areas in the borough with a value; rank 1 = greatest need in the borough. ${ind.source?.vintage ?? ind.vintage}.`),
      scope,
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Areas ranked by need' },
        h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows))),
      downloadLinks(urls.areas(v.level, { indicators: [v.indicator], ...(only ? { locality: s.locality! } : {}) }), 'areas', `these ${shown.length} rows`),
    )
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
