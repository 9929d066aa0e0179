/**
 * The asset register, for editors: the whole register (open and closed) filtered and sorted with
 * native controls; a form to add an asset (placed by postcode or a click on the map) or edit the
 * one opened from the list (fields, a new postcode, or dragging its marker to move it; close and
 * reopen); where each came from and what an editor changed that re-imports keep; the asset's
 * changes from the audit trail; and the public's pending suggestions, moderated here with the
 * Moderate tab's own queue. The server checks the role on every call; a 401 forgets the token.
 */
import type * as maplibregl from 'maplibre-gl'
import type { AcceptResult, ApiClient, Catalogue } from '../../api'
import type { AssetPatch, AssetRegisterRow } from '../../assetApi'
import { h } from '../../dom'
import { can, onUserChange, rejectToken, requestSignIn } from '../../session'
import { Control } from '../control'
import { moderateControl } from '../moderatePanel'
import { assetForm, type Point } from './form'
import { renderAssetHistory } from './history'
import { filterSort, provenanceLine, registerFilters, registerTable } from './list'
import { assetMarker } from './marker'

export interface AssetRegisterDeps {
  map: maplibregl.Map
  api: ApiClient
  catalogue: Catalogue
  /** assets of these categories changed: the map's asset layers reload */
  changed: (categories: string[]) => void
  /** a suggestion accepted here is now this asset */
  onAccepted: (asset: AcceptResult['asset']) => void
}

export const assetRegisterControl = (deps: AssetRegisterDeps): Control => new Control((container, ctl) => {
  const { api, catalogue, map } = deps
  const d = ctl.disposer
  const title = (id: string) => catalogue.assetCategories.find((c) => c.id === id)?.title ?? id
  const status = h('p', { class: 'ar-status', id: 'ar-status', role: 'status', 'aria-live': 'polite', tabindex: '-1' })
  const filters = registerFilters(catalogue, () => renderList())
  const list = h('div', { class: 'ar-list' })
  const form = assetForm(catalogue)
  const history = h('div', { class: 'ar-history', id: 'ar-history' })
  const historyBox = h('div', { hidden: true }, h('h3', {}, 'Changes to this asset (from the audit trail)'), history)
  const queue = h('div', { class: 'ar-queue' })
  const editor = h('div', { class: 'ar-editor' }, filters.el, list, form.el, historyBox, queue)
  const section = h('section', { class: 'panel asset-register', 'aria-labelledby': 'ar-title' },
    h('h2', { id: 'ar-title' }, 'Asset register'),
    h('p', { class: 'muted' }, 'Every community asset, open and closed. Add one, open one to edit, move, close or reopen it; each change is audited with before and after. Public suggestions wait below.'),
    status)
  container.append(section)
  d.add(() => section.remove())

  const marker = assetMarker(map, d, (p) => void dragged(p))
  const moderation = moderateControl({
    map, api, catalogue, prefix: 'ar-moderate', heading: { tag: 'h3', text: 'Suggestions from the public' },
    onAccepted: (a) => { deps.onAccepted(a); void load(a.id) },
  })
  moderation.onAdd(queue)
  d.add(() => moderation.onRemove())

  let rows: AssetRegisterRow[] = []

  function say(text: string, focus = false): void {
    status.textContent = text
    if (focus) status.focus()
  }

  function fail(err: unknown, where: 'status' | 'form' = 'status'): void {
    const code = (err as { status?: number }).status
    rejectToken(code)
    const text = code === 401 ? 'Your token is no longer accepted; sign in again.'
      : code === 403 ? 'Changing the register needs an editor token.' : (err as Error).message
    if (where === 'form') { form.showProblem(text); form.problem.focus() } else say(text)
  }

  /** Loads the register; `open` opens that asset in the form afterwards. */
  async function load(open?: number): Promise<void> {
    if (!can('editor')) {
      // no editing controls in the page at all for a viewer or a visitor
      editor.remove()
      marker.place(null)
      const b = h('button', { type: 'button', class: 'link-button' }, 'Sign in')
      b.addEventListener('click', () => void requestSignIn(), { once: true })
      status.replaceChildren('The asset register needs an editor token. ', b)
      return
    }
    try {
      rows = (await api.assetEdits.register()).assets
      if (ctl.removed) return
      if (!editor.isConnected) section.append(editor)
      renderList()
      // a plain reload (the tab opened again) keeps what is being typed in the form
      const r = open === undefined ? undefined : rows.find((x) => x.id === open)
      if (r) await openAsset(r, true)
      else if (!form.editing && !status.textContent) say(`${rows.length} assets in the register.`)
    } catch (err) {
      fail(err)
    }
  }

  function renderList(): void {
    list.replaceChildren(registerTable(filterSort(rows, filters.value(), title), rows.length, title, (r) => void openAsset(r, true)))
  }

  async function openAsset(r: AssetRegisterRow, fly: boolean): Promise<void> {
    form.fill(r)
    form.setAbout(`${provenanceLine(r)}. ${r.status === 'open' ? 'Open' : `Closed${r.closed_reason ? ` (${r.closed_reason})` : ''}`}.`)
    marker.place({ lon: r.lon, lat: r.lat }, r.name, fly)
    marker.show(ctl.active)
    if (fly) form.name.focus()
    try {
      const { changes } = await api.assetEdits.changes(r.id)
      if (ctl.removed || form.editing?.id !== r.id) return
      history.replaceChildren(renderAssetHistory(changes))
      historyBox.hidden = false
    } catch (err) {
      fail(err)
    }
  }

  function startNew(): void {
    form.fill(null)
    form.setAbout('')
    historyBox.hidden = true
    marker.place(null)
    form.name.focus()
  }

  /** One write, then the register again with the asset open; says what happened. */
  async function write(what: () => Promise<{ id: number; category: string }>, said: (a: { id: number; name: string }) => string, before?: string): Promise<void> {
    form.save.disabled = form.toggle.disabled = true
    form.showProblem(null)
    say('Saving…')
    try {
      const a = await what() as { id: number; name: string; category: string }
      if (ctl.removed) return
      deps.changed([...new Set([a.category, before ?? a.category])])
      await load(a.id)
      say(said(a), true)
    } catch (err) {
      fail(err, 'form')
    } finally {
      form.save.disabled = form.toggle.disabled = false
    }
  }

  function edit(id: number, p: AssetPatch, said: (a: { id: number; name: string }) => string): Promise<void> {
    const before = rows.find((r) => r.id === id)?.category
    return write(() => api.assetEdits.edit(id, p), said, before)
  }

  async function dragged(p: Point): Promise<void> {
    const r = form.editing
    if (!r) { form.setPoint(p); return }
    form.setPoint(p)
    await edit(r.id, { lon: form.point!.lon, lat: form.point!.lat }, (a) => `Moved ${a.name} to ${form.point!.lat.toFixed(5)}, ${form.point!.lon.toFixed(5)}.`)
  }

  d.listen(form.el, 'submit', (e) => {
    e.preventDefault()
    const r = form.editing
    if (!r) {
      const body = form.created()
      if (typeof body === 'string') { form.showProblem(body); form.problem.focus(); return }
      void write(() => api.assetEdits.create(body), (a) => `Added ${a.name} (asset ${a.id}).`)
      return
    }
    const p = form.patch()
    if (typeof p === 'string') { form.showProblem(p); return }
    if (!p) { say('Nothing changed: nothing to save.'); return }
    void edit(r.id, p, (a) => `Saved the changes to ${a.name}.`)
  })
  d.listen(form.toggle, 'click', () => {
    const r = form.editing
    if (!r) return
    const next = r.status === 'open' ? 'closed' : 'open'
    void edit(r.id, { status: next }, (a) => `${next === 'closed' ? 'Closed' : 'Reopened'} ${a.name}.`)
  })
  d.listen(form.fresh, 'click', startNew)
  d.listen(form.pick, 'click', () => {
    const on = !marker.picking
    form.pick.setAttribute('aria-pressed', String(on))
    say(on ? 'Click the map where the asset is.' : 'Not picking a place.')
    marker.pick(on ? (p) => {
      form.pick.setAttribute('aria-pressed', 'false')
      form.setPoint(p)
      marker.place(form.point, form.editing?.name)
      say(`Place picked: ${form.point!.lat.toFixed(5)}, ${form.point!.lon.toFixed(5)}. ${form.editing ? 'Save to move it there.' : ''}`)
    } : null)
  })
  // signing out takes the controls away at once, even while another tab is open
  d.add(onUserChange(() => { if (ctl.active || !can('editor')) void load() }))
  form.fill(null)
  void load()
  return {
    setActive(on: boolean): void {
      marker.show(on)
      // another tab opened while waiting for a click: the map's clicks are the map's again
      if (!on && marker.picking) {
        marker.pick(null)
        form.pick.setAttribute('aria-pressed', 'false')
      }
      moderation.setActive(on)
      if (on) void load()
    },
  }
})
