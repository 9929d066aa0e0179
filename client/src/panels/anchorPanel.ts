/**
 * The anchor-institution view as people ask it: measure from an anchor institution (NHS trust
 * hospitals by default, plus any an editor marked), or from anything else (any asset, a postcode,
 * a place found by name, a point clicked on the map or the map's centre); a distance that is the
 * one applied, in a straight line or as a walk (straight line × a detour factor, the user's
 * choice, said in words). The LSOAs within reach are ranked by employment deprivation, and the map
 * switches to that indicator so it shows what the table ranks. An editor can add the chosen asset
 * to the anchor register. The anchor shown is reported through onAnchor (the app keeps it in its
 * URL) and an `anchor` given at mount is shown once the list has loaded.
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catalogue } from '../../../server/http/contract/catalogue'
import type { AnchorRow, Catchment } from '../../../server/http/contract/targeting'
import { h } from '../dom'
import { writeHeaders, rejectToken } from '../session'
import type { OverlayKey } from '../map/overlayKey'
import { clearFieldErrors, issuePaths, plainWords, showFieldError } from './fieldErrors'
import { AnchorMap } from './anchorMap'
import { Control } from './control'
import { renderCatchment } from './anchorTable'
import { OriginChooser, type Origin } from './anchorOrigin'
import type { SearchBox, SearchBoxOptions } from './search'

export interface AnchorPanelDeps {
  map: maplibregl.Map
  fetchJson: <T>(url: string, init?: RequestInit) => Promise<T>
  catalogue: Catalogue
  /** a search box for "another place" (the header's combobox, choosing for this panel) */
  makeSearch?: (opts: SearchBoxOptions) => SearchBox
  /** shows an indicator on the map (the one the table ranks) */
  showIndicator?: (id: string) => void
  anchor?: { id: number; distance: number } | null
  onAnchor?: (anchor: { id: number; distance: number }) => void
}

const API = '/api/targeting/anchors'

export const ANCHOR_KEY: OverlayKey[] = [
  {
    label: 'Anchor institution or chosen place', symbol: 'dot', colour: '#332288', stroke: '#fff',
    source: 'Catchment computed here: LSOA 2021 population-weighted centroids (ONS, OGL) within the distance; IoD 2025 employment deprivation (MHCLG, OGL); Census 2021 (ONS, OGL)',
  },
  { label: 'Distance reached (dashed ring)', symbol: 'dashed', colour: '#332288' },
  { label: 'LSOAs within reach (outlined)', symbol: 'line', colour: '#332288' },
]

let seq = 0

export const anchorControl = (deps: AnchorPanelDeps): Control => new Control((container, ctl) => {
  const { map, fetchJson, catalogue } = deps
  const d = ctl.disposer
  const uid = `anp${++seq}`
  const id = (s: string) => `${uid}-${s}`
  const drawn = new AnchorMap(map, d)
  const origin = new OriginChooser(map, id, deps.makeSearch)
  d.add(() => origin.destroy())
  const distanceInput = h('input', { id: id('distance'), type: 'number', min: '100', max: '20000', step: '100', value: '3000', inputmode: 'numeric' })
  const straight = h('input', { type: 'radio', name: id('method'), id: id('straight'), value: 'straight', checked: true })
  const walk = h('input', { type: 'radio', name: id('method'), id: id('walk'), value: 'walk' })
  const detourInput = h('input', { id: id('detour'), type: 'number', min: '1.05', max: '3', step: '0.05', value: '1.3', disabled: true, 'aria-label': 'Detour factor (a walk ÷ the straight line)' })
  // Across the boundary, only when the service holds neighbouring areas as context (the trust's
  // main hospital, Queen's, is in Havering): the anchors outside the borough and the LSOAs there.
  const held = catalogue.contexts?.[0]
  const acrossInput = held ? h('input', { type: 'checkbox', id: id('across') }) : null
  const across = acrossInput && held
    ? h('div', { class: 'anchor-across' }, acrossInput, h('label', { for: acrossInput.id },
      `Reach across the borough boundary (the ${held.lsoas.toLocaleString('en-GB')} neighbouring ${held.title} LSOAs held, and their anchors)`))
    : null
  const contextAsked = () => (acrossInput?.checked && held ? held.name : null)
  const button = h('button', { type: 'submit' }, 'Show catchment')
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  const rule = h('p', { class: 'muted' })
  const results = h('div', { class: 'anchor-results' })
  const register = h('p', { class: 'anchor-register' })
  const method = h('fieldset', { id: id('method') }, h('legend', {}, 'The distance is'),
    h('div', {}, straight, h('label', { for: straight.id }, 'in a straight line')),
    h('div', {}, walk, h('label', { for: walk.id }, 'a walk, taken as the straight line × '), detourInput))
  const form = h('form', { class: 'anchor-form', novalidate: true },
    origin.el,
    h('div', {}, h('label', { for: distanceInput.id }, 'Distance (metres) '), distanceInput),
    method, ...(across ? [across] : []), button, status)
  const section = h('section', { class: 'panel anchors', 'aria-labelledby': id('title') },
    h('h2', { id: id('title') }, 'Anchor institutions'), rule, form, register, results)
  container.append(section)
  d.add(() => section.remove())
  const onMethod = () => { detourInput.disabled = !walk.checked }
  d.listen(straight, 'change', onMethod)
  d.listen(walk, 'change', onMethod)

  let token = 0
  d.add(() => token++)
  let anchors: AnchorRow[] = []
  const loadAnchors = (first: boolean) => {
    const ctx = contextAsked()
    return fetchJson<{ rule: string; anchors: AnchorRow[] }>(ctx ? `${API}?context=${ctx}` : API).then(
      (r) => {
        rule.textContent = r.rule
        anchors = r.anchors
        origin.setAnchors(r.anchors)
        const want = first ? deps.anchor : null
        if (want && r.anchors.some((a) => a.id === want.id)) {
          origin.chooseAnchor(want.id)
          distanceInput.value = String(want.distance)
          void show()
        } else if (want) {
          status.textContent = `The link asked for anchor ${want.id}, which is not in the register (any more); choose another.`
        }
      },
      (err: Error) => { status.textContent = plainWords(err) },
    )
  }
  void loadAnchors(true)
  if (acrossInput) {
    d.listen(acrossInput, 'change', () => {
      void loadAnchors(false).then(() => {
        status.textContent = contextAsked()
          ? 'Anchors and LSOAs outside the borough are included: choose Show catchment.'
          : 'Only the borough\'s anchors and LSOAs: choose Show catchment.'
      })
    })
  }

  const detour = () => (walk.checked ? Number(detourInput.value) : 1)
  const urlFor = (o: Origin) => {
    const p = new URLSearchParams({ distance: String(Math.round(Number(distanceInput.value))), detour: String(detour()) })
    const ctx = contextAsked()
    if (ctx) p.set('context', ctx)
    if (o.kind === 'anchor') return `${API}/${o.id}/catchment?${p}`
    if (o.kind === 'asset') p.set('asset', String(o.id))
    else if (o.kind === 'postcode') p.set('postcode', o.postcode)
    else { p.set('lon', o.lon.toFixed(6)); p.set('lat', o.lat.toFixed(6)) }
    return `/api/targeting/reach?${p}`
  }

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void show()
  })

  const validate = (): Origin | null => {
    clearFieldErrors(form)
    const o = origin.value()
    let ok = true
    if (!o) { showFieldError(origin.field(), 'Choose an anchor institution, or another place to measure from.'); ok = false }
    const d = Number(distanceInput.value)
    if (!Number.isInteger(d) || d < 100 || d > 20000) { showFieldError(distanceInput, 'Give the distance in whole metres, from 100 to 20,000.'); ok = false }
    const f = Number(detourInput.value)
    if (walk.checked && !(f >= 1.05 && f <= 3)) { showFieldError(detourInput, 'Give the detour factor as a number from 1.05 to 3 (1.3 is usual for walking).'); ok = false }
    if (!ok) form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus()
    return ok ? o : null
  }

  async function show(): Promise<void> {
    const o = validate()
    if (!o) { status.textContent = 'Some choices need changing: see the notes beside them.'; return }
    const mine = ++token
    status.textContent = 'Finding the catchment…'
    button.disabled = true
    try {
      const url = urlFor(o)
      const c = await fetchJson<Catchment>(url)
      if (mine !== token) return
      results.replaceChildren(...renderCatchment(c, url, catalogue))
      drawn.draw(c)
      // the map shows what the table ranks
      deps.showIndicator?.(catalogue.vocabulary.anchors.rankBy)
      if (c.anchor.kind === 'anchor' && c.anchor.id !== null) deps.onAnchor?.({ id: c.anchor.id, distance: c.distance_m })
      renderRegister(o)
      status.textContent = c.headline.summary
    } catch (err) {
      if (mine !== token) return
      const field = issuePaths(err).some((p) => /distance/.test(p)) ? distanceInput : issuePaths(err).some((p) => /detour/.test(p)) ? detourInput : issuePaths(err).length ? origin.field() : null
      if (field) showFieldError(field, plainWords(err))
      status.textContent = field ? 'The catchment could not be shown: see the note beside the field.' : plainWords(err)
    } finally {
      button.disabled = false
    }
  }

  /** An asset that is not yet an anchor can be added to the register by an editor. */
  function renderRegister(o: Origin): void {
    register.replaceChildren()
    if (o.kind !== 'asset' || anchors.some((a) => a.id === o.id)) return
    const add = h('button', { type: 'button' }, `Add ${o.name} to the anchor register (editors)`)
    add.addEventListener('click', async () => {
      const auth = await writeHeaders()
      if (!auth) return
      try {
        const a = await fetchJson<AnchorRow>(API, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ asset_id: o.id }) })
        anchors = [...anchors.filter((x) => x.id !== a.id), a]
        origin.setAnchors(anchors)
        register.replaceChildren(h('span', {}, `${a.name} is now an anchor institution.`))
      } catch (err) {
        const code = (err as { status?: number }).status
        rejectToken(code)
        register.replaceChildren(add, h('span', { class: 'field-error' }, code === 403 ? ' Adding anchors needs an editor\'s sign-in.' : ` ${plainWords(err)}`))
      }
    })
    register.append(add)
  }

  return {
    setActive(on: boolean): void {
      if (!on) origin.stopPicking()
      drawn.setActive(on)
    },
  }
})
