/**
 * The moderation queue, for editors: each pending suggestion with what was sent (untrusted text,
 * so only ever set as text), its place on the map (its own source and layer, hidden while the tab
 * is closed, removed with the control), and Accept (optionally correcting name and category) or Reject
 * (with a reason). An accepted asset is reported through onAccepted so the app reloads that asset
 * layer. The server checks the role on every call; a 401 forgets the token.
 */
import type * as maplibregl from 'maplibre-gl'
import type { AcceptEdits, AcceptResult, ApiClient, Catalogue, SuggestionRow } from '../api'
import { h } from '../dom'
import { setLayersVisible } from '../map/styleReady'
import { can, onUserChange, rejectToken, requestSignIn } from '../session'
import { Control } from './control'

export interface ModeratePanelDeps {
  map: maplibregl.Map
  api: ApiClient
  catalogue: Catalogue
  /** an accepted suggestion is now this asset */
  onAccepted: (asset: AcceptResult['asset']) => void
  /** element ids and map layers start with this (default "moderate"): the asset register holds a queue of its own */
  prefix?: string
  /** the heading's level and text (default an h2, "Moderate suggestions") */
  heading?: { tag: 'h2' | 'h3'; text: string }
}

export const moderateControl = (deps: ModeratePanelDeps): Control => new Control((container, ctl) => {
  const { map, api, catalogue } = deps
  const prefix = deps.prefix ?? 'moderate'
  const [SOURCE, POINTS, LABELS] = [`${prefix}-suggestions`, `${prefix}-suggestions-points`, `${prefix}-suggestions-labels`]
  const heading = deps.heading ?? { tag: 'h2', text: 'Moderate suggestions' }
  const d = ctl.disposer
  const on = d.listen.bind(d)
  const categoryTitle = (id: string | null) => (id ? catalogue.assetCategories.find((c) => c.id === id)?.title ?? id : 'none given')

  const refreshButton = h('button', { type: 'button' }, 'Refresh the queue')
  const status = h('p', { class: 'moderate-status', role: 'status', 'aria-live': 'polite' })
  const list = h('div', { class: 'moderate-list' })
  const section = h('section', { class: 'panel moderate', 'aria-labelledby': `${prefix}-title` },
    h(heading.tag, { id: `${prefix}-title` }, heading.text),
    h('p', { class: 'muted' }, 'Suggestions from residents and organisations, oldest first. Nothing here is on the map until you accept it.'),
    refreshButton, status, list)
  container.append(section)
  d.add(() => section.remove())
  d.ownLayers(map, [POINTS, LABELS], [SOURCE])
  on(refreshButton, 'click', () => void load())

  let rows: SuggestionRow[] = []

  async function load(): Promise<void> {
    if (!can('editor')) {
      list.replaceChildren()
      status.replaceChildren('The moderation queue needs an editor token. ', signInLink())
      draw([])
      return
    }
    status.textContent = 'Loading the queue…'
    try {
      const r = await api.pendingSuggestions()
      if (ctl.removed) return
      rows = r.suggestions
      status.textContent = rows.length ? `${r.total} suggestion${r.total === 1 ? '' : 's'} waiting.` : 'Nothing waiting: the queue is empty.'
      render()
    } catch (err) {
      fail(err)
    }
  }

  function signInLink(): HTMLElement {
    const b = h('button', { type: 'button', class: 'link-button' }, 'Sign in')
    b.addEventListener('click', () => void requestSignIn(), { once: true })
    return b
  }

  function fail(err: unknown): void {
    const code = (err as { status?: number }).status
    rejectToken(code)
    status.textContent = code === 401 ? 'Your token is no longer accepted; sign in again.'
      : code === 403 ? 'Your token cannot moderate: an editor token is needed.' : (err as Error).message
  }

  function render(): void {
    list.replaceChildren(...rows.map(card))
    draw(rows)
  }

  /** One suggestion. Every value from the suggestion is a text node (h() never parses HTML). */
  function card(s: SuggestionRow): HTMLElement {
    const id = (x: string) => `${prefix}-${s.id}-${x}`
    const facts = h('dl', { class: 'moderate-facts' })
    const fact = (k: string, v: string | null | undefined) => { if (v) facts.append(h('dt', {}, k), h('dd', {}, v)) }
    fact('Kind', s.kind === 'correction' ? `Correction to asset ${s.asset_id}` : 'New place')
    fact('Category', categoryTitle(s.category))
    fact('Description', s.description)
    fact('Address', s.address)
    fact('Postcode', s.postcode)
    fact('Place', s.lon !== null && s.lat !== null ? `${s.lat.toFixed(5)}, ${s.lon.toFixed(5)} (picked on the map)` : s.postcode ? 'at its postcode centre (placed when accepted)' : null)
    fact('Contact', s.contact)
    fact('Sent', new Date(s.submitted_at).toLocaleString('en-GB'))

    const name = h('input', { id: id('name'), type: 'text', value: s.name, maxlength: '200' })
    const category = h('select', { id: id('category') },
      ...catalogue.assetCategories.map((c) => h('option', { value: c.id, selected: c.id === s.category }, c.title)))
    if (!s.category) category.prepend(h('option', { value: '', selected: true }, 'Choose a category'))
    const accept = h('button', { type: 'submit', class: 'accept' }, 'Accept')
    const reason = h('input', { id: id('reason'), type: 'text', maxlength: '500' })
    const reject = h('button', { type: 'submit', class: 'reject' }, 'Reject')
    const show = h('button', { type: 'button', class: 'link-button' }, 'Show on the map')
    const mine = h('p', { class: 'moderate-item-status', role: 'status' })
    const acceptForm = h('form', { class: 'moderate-accept', 'aria-label': `Accept ${s.name}` },
      h('div', {}, h('label', { for: name.id }, 'Name'), name),
      h('div', {}, h('label', { for: category.id }, 'Category'), category), accept)
    const rejectForm = h('form', { class: 'moderate-reject', 'aria-label': `Reject ${s.name}` },
      h('div', {}, h('label', { for: reason.id }, 'Reason'), reason), reject)
    const article = h('article', { class: 'suggestion', 'aria-labelledby': id('title'), 'data-suggestion': String(s.id) },
      h('h3', { id: id('title') }, s.name),
      facts, s.lon !== null ? show : null, acceptForm, rejectForm, mine)

    on(show, 'click', () => map.flyTo({ center: [s.lon!, s.lat!], zoom: Math.max(map.getZoom(), 15) }))
    on(acceptForm, 'submit', (e) => {
      e.preventDefault()
      const edits: AcceptEdits = {}
      if (name.value.trim() && name.value.trim() !== s.name) edits.name = name.value.trim()
      if (category.value && category.value !== s.category) edits.category = category.value
      if (!category.value && !s.category && s.kind === 'new-asset') { mine.textContent = 'Choose a category first.'; return }
      void decide(s, mine, [accept, reject], async () => {
        const r = await api.acceptSuggestion(s.id, edits)
        deps.onAccepted(r.asset)
        return `Accepted: "${r.asset.name}" is asset ${r.asset.id} (${categoryTitle(r.asset.category)}), now on the map.`
      })
    })
    on(rejectForm, 'submit', (e) => {
      e.preventDefault()
      if (!reason.value.trim()) { mine.textContent = 'Give a reason for rejecting it.'; reason.focus(); return }
      void decide(s, mine, [accept, reject], async () => {
        await api.rejectSuggestion(s.id, reason.value.trim())
        return `Rejected "${s.name}".`
      })
    })
    return article
  }

  async function decide(s: SuggestionRow, mine: HTMLElement, buttons: HTMLButtonElement[], act: () => Promise<string>): Promise<void> {
    buttons.forEach((b) => (b.disabled = true))
    mine.textContent = 'Working…'
    try {
      const said = await act()
      if (ctl.removed) return
      rows = rows.filter((r) => r.id !== s.id)
      render()
      status.textContent = `${said} ${rows.length} waiting.`
    } catch (err) {
      buttons.forEach((b) => (b.disabled = false))
      const code = (err as { status?: number }).status
      rejectToken(code)
      mine.textContent = code === 401 ? 'Your token is no longer accepted; sign in again.' : (err as Error).message
    }
  }

  function draw(items: SuggestionRow[]): void {
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: items.filter((s) => s.lon !== null && s.lat !== null).map((s) => ({
        type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon!, s.lat!] }, properties: { id: s.id, name: s.name },
      })),
    }
    d.whenStyleLoaded(map, 'draw', () => {
      const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
      if (src) src.setData(data)
      else {
        map.addSource(SOURCE, { type: 'geojson', data })
        map.addLayer({ id: POINTS, type: 'circle', source: SOURCE, paint: { 'circle-color': '#b10e1e', 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } })
        map.addLayer({
          id: LABELS, type: 'symbol', source: SOURCE,
          layout: { 'text-field': ['get', 'name'], 'text-font': ['Open Sans Semibold'], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top' },
          paint: { 'text-color': '#6d0a12', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        })
      }
      setLayersVisible(map, [POINTS, LABELS], ctl.active)
    })
  }

  d.add(onUserChange(() => { if (ctl.active) void load() }))
  void load()

  return {
    setActive(on: boolean): void {
      setLayersVisible(map, [POINTS, LABELS], on)
      if (on) void load()
    },
  }
})
