/**
 * The localities editor, for editors: each ward of the borough with a locality chooser (native
 * selects, so the keyboard and screen readers work as everywhere), the localities to rename or add
 * to, or the council's CSV; then the server's preview of what saving would do (wards moved, new
 * figures, the provisional label); then Save. Clicking a ward on the map (at ward level, which the
 * tab opens) picks it in the list. Changes are listed from the audit trail with Undo. The server
 * checks the role on every call; a 401 forgets the token.
 */
import type * as maplibregl from 'maplibre-gl'
import type { ApiClient, DefinitionPreview, LocalityChange } from '../../api'
import type { Bus } from '../../events'
import { h } from '../../dom'
import { can, onUserChange, rejectToken, requestSignIn } from '../../session'
import { Control } from '../control'
import { Draft } from './draft'
import { readLocalityCsv } from './csv'
import { renderHistory } from './history'
import { colourOf, draftLayer } from './mapLayer'
import { refusal, renderPreview, wardsNamed } from './preview'

export interface LocalityEditorDeps {
  map: maplibregl.Map
  api: ApiClient
  bus: Bus
  /** the map's level now (the tab shows wards) */
  level: () => string
}

export const localityEditorControl = (deps: LocalityEditorDeps): Control => new Control((container, ctl) => {
  const { api, bus, map } = deps
  const d = ctl.disposer
  const status = h('p', { class: 'loc-status', role: 'status', 'aria-live': 'polite' })
  const names = h('div', { class: 'loc-names' })
  const newName = h('input', { id: 'loc-new-name', type: 'text', maxlength: '100', autocomplete: 'off' })
  const addButton = h('button', { type: 'button', id: 'loc-add' }, 'Add locality')
  const wardList = h('div', { class: 'loc-wards' })
  const file = h('input', { id: 'loc-file', type: 'file', accept: '.csv,text/csv' })
  const previewButton = h('button', { type: 'submit', id: 'loc-preview-button' }, 'Preview changes')
  const problem = h('p', { class: 'field-error loc-problem', id: 'loc-problem', role: 'alert', hidden: true })
  const form = h('form', { class: 'loc-form', 'aria-describedby': 'loc-problem' },
    h('fieldset', {}, h('legend', {}, 'Localities'), names,
      h('div', { class: 'loc-add' }, h('label', { for: newName.id }, 'New locality'), newName, addButton)),
    h('fieldset', {}, h('legend', {}, 'Which locality each ward is in'), wardList),
    h('div', { class: 'loc-upload' }, h('label', { for: file.id }, 'Or load the council’s CSV (ward_code, locality_name, optional locality_code)'), file),
    problem, previewButton)
  const previewBox = h('div', { class: 'loc-preview', id: 'loc-preview', tabindex: '-1', 'aria-labelledby': 'loc-preview-title', hidden: true })
  const saveButton = h('button', { type: 'button', id: 'loc-save', class: 'primary' }, 'Save these localities')
  const historyBox = h('div', { class: 'loc-history' })
  const editor = h('div', { class: 'loc-editor', hidden: true }, form, previewBox, h('h3', {}, 'Changes (from the audit trail)'), historyBox)
  const section = h('section', { class: 'panel localities-editor', 'aria-labelledby': 'loc-title' },
    h('h2', { id: 'loc-title' }, 'Localities'),
    h('p', { class: 'muted' }, 'Put every ward of the borough in exactly one locality, preview what would change, then save. Each save is audited and can be undone below.'),
    status, editor)
  container.append(section)
  d.add(() => section.remove())

  const wards = api.areas('ward', { indicators: ['census_pop_total'] })
  const layer = draftLayer(map, ctl, wards)
  let draft: Draft | null = null
  /** the rows the preview shown was computed for: Save sends exactly those */
  let previewed: { rows: ReturnType<Draft['rows']>; preview: DefinitionPreview } | null = null

  function fail(err: unknown, where: HTMLElement = status): void {
    const code = (err as { status?: number }).status
    rejectToken(code)
    where.hidden = false
    where.textContent = code === 401 ? 'Your token is no longer accepted; sign in again.'
      : code === 403 ? 'Changing localities needs an editor token.' : refusal(err)
  }

  async function load(): Promise<void> {
    if (!can('editor')) {
      editor.hidden = true
      const b = h('button', { type: 'button', class: 'link-button' }, 'Sign in')
      b.addEventListener('click', () => void requestSignIn(), { once: true })
      status.replaceChildren('Editing localities needs an editor token. ', b)
      return
    }
    status.textContent = 'Loading the localities…'
    try {
      const [def, hist] = await Promise.all([api.localityDefinition(), api.localityChanges()])
      if (ctl.removed) return
      draft = new Draft(def.rows)
      editor.hidden = false
      if (ctl.active) wardLevel()
      const provisional = def.rows.some((r) => r.provisional)
      status.textContent = `${draft.localities.length} localities, ${draft.wards.length} wards${provisional ? ' (provisional grouping: save the council’s own to replace it)' : ''}.`
      clearPreview()
      render()
      showHistory(hist.changes)
    } catch (err) {
      fail(err)
    }
  }

  function render(): void {
    if (!draft) return
    const dr = draft
    names.replaceChildren(...dr.localities.map((l, i) => {
      const input = h('input', { id: `loc-name-${i}`, type: 'text', value: l.name, maxlength: '100', 'data-key': l.key })
      input.addEventListener('change', () => { dr.rename(l.key, input.value); render(); changed() })
      return h('div', { class: 'loc-name' }, h('span', { class: 'swatch', style: `background:${colourOf(dr, l.key)}`, 'aria-hidden': 'true' }),
        h('label', { for: input.id }, `Locality ${i + 1} (${dr.wardsIn(l.key)} wards)`), input)
    }))
    const focused = document.activeElement?.id
    wardList.replaceChildren(...dr.wards.map((w) => {
      const select = h('select', { id: `loc-ward-${w.code}`, 'data-ward': w.code },
        h('option', { value: '', selected: !dr.assignment.get(w.code) }, '(no locality)'),
        ...dr.localities.map((l) => h('option', { value: l.key, selected: dr.assignment.get(w.code) === l.key }, l.name || '(unnamed)')))
      select.addEventListener('change', () => { dr.assign(w.code, select.value); render(); changed() })
      return h('div', { class: 'loc-ward', 'data-ward': w.code }, h('label', { for: select.id }, w.name), select)
    }))
    // a change re-renders the list: the chooser that had focus keeps it
    if (focused) document.getElementById(focused)?.focus()
    layer.draw(dr)
  }

  /** The draft changed: an earlier preview no longer describes it. */
  function changed(): void {
    clearPreview()
    problem.hidden = true
    for (const s of wardList.querySelectorAll('[aria-invalid]')) s.removeAttribute('aria-invalid')
  }

  function clearPreview(): void {
    previewed = null
    previewBox.hidden = true
    previewBox.replaceChildren()
  }

  async function preview(rows: ReturnType<Draft['rows']>): Promise<void> {
    changed()
    previewButton.disabled = true
    status.textContent = 'Working out what would change…'
    try {
      const p = await api.previewLocalities(rows)
      if (ctl.removed) return
      previewed = { rows, preview: p }
      saveButton.disabled = !p.changed
      previewBox.replaceChildren(h('h3', { id: 'loc-preview-title' }, 'Before saving: what would change'), renderPreview(p), saveButton)
      previewBox.hidden = false
      status.textContent = p.changed ? 'Preview ready: check it, then save.' : 'Saving would change nothing.'
      previewBox.focus()
    } catch (err) {
      status.textContent = 'Not saved: see the problem above the Preview button.'
      fail(err, problem)
      for (const code of wardsNamed(err)) document.getElementById(`loc-ward-${code}`)?.setAttribute('aria-invalid', 'true')
      problem.focus()
    } finally {
      previewButton.disabled = false
    }
  }

  async function save(): Promise<void> {
    if (!previewed) return
    saveButton.disabled = true
    status.textContent = 'Saving and re-working every figure…'
    try {
      const r = await api.saveLocalities(previewed.rows)
      if (ctl.removed) return
      bus.emit('localities-changed', {})
      await load()
      status.textContent = `Saved (audit entry ${r.auditId}): the map and figures now use these localities.`
    } catch (err) {
      saveButton.disabled = false
      fail(err)
    }
  }

  function showHistory(changes: LocalityChange[]): void {
    historyBox.replaceChildren(renderHistory(changes, (c, button) => void undo(c, button)))
  }

  async function undo(c: LocalityChange, button: HTMLButtonElement): Promise<void> {
    button.disabled = true
    status.textContent = 'Undoing…'
    try {
      const r = await api.undoLocalityChange(c.id)
      if (ctl.removed) return
      bus.emit('localities-changed', {})
      await load()
      status.textContent = `Undone: the localities are as they were before that change (audit entry ${r.auditId}).`
      status.focus()
    } catch (err) {
      button.disabled = false
      fail(err)
    }
  }

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    if (draft) void preview(draft.rows())
  })
  d.listen(addButton, 'click', () => {
    if (!draft) return
    const r = draft.add(newName.value)
    if (typeof r === 'string') { problem.hidden = false; problem.textContent = r; newName.focus(); return }
    newName.value = ''
    render()
    changed()
    status.textContent = `Added ${r.name}: choose it for its wards below.`
  })
  d.listen(newName, 'keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addButton.click() } })
  d.listen(saveButton, 'click', () => void save())
  d.listen(file, 'change', () => {
    const f = file.files?.[0]
    if (!f || !draft) return
    void f.text().then((text) => {
      const rows = draft!.load(readLocalityCsv(text))
      render()
      return preview(rows)
    }).catch((err) => fail(err, problem))
  })
  // a ward clicked on the map (or opened with Enter there) is picked in the list
  d.add(bus.on('focus-area', ({ code, origin }) => {
    if (origin !== 'map' || !ctl.active) return
    const select = document.getElementById(`loc-ward-${code}`)
    if (!select) return
    layer.choose(code)
    for (const row of wardList.querySelectorAll('.loc-ward.chosen')) row.classList.remove('chosen')
    select.parentElement?.classList.add('chosen')
    select.scrollIntoView({ block: 'nearest' })
    // after the map's popup, which takes focus as it opens
    setTimeout(() => select.focus(), 0)
  }))
  d.add(onUserChange(() => { if (ctl.active) void load() }))
  // only for an editor: a visitor following a link to the tab keeps the map they had
  const wardLevel = () => { if (can('editor') && deps.level() !== 'ward') bus.emit('choose-level', { level: 'ward' }) }
  void load()
  return {
    setActive(on: boolean): void {
      layer.show(on)
      // a draft in progress survives a visit to another tab
      if (on) { wardLevel(); if (!draft) void load() }
    },
  }
})
