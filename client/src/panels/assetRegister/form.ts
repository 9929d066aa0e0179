/**
 * The asset form: add a new asset or edit the one opened from the list. Name, category (the
 * catalogue's), postcode, the place picked on the map, where the information comes from and a note.
 * What it sends is built here: a new asset whole, an edit as only the fields that changed.
 */
import type { Catalogue } from '../../api'
import type { AssetCreate, AssetPatch, AssetRegisterRow } from '../../assetApi'
import { h } from '../../dom'

export type Point = { lon: number; lat: number }

const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
  h('div', { class: 'ar-field' }, h('label', { for: id }, label), hint ? h('span', { class: 'muted', id: `${id}-hint` }, hint) : null, control)

export function assetForm(catalogue: Catalogue) {
  const name = h('input', { id: 'ar-name', type: 'text', maxlength: '200', autocomplete: 'off', required: true })
  const category = h('select', { id: 'ar-category', required: true }, h('option', { value: '' }, 'Choose a category'),
    ...catalogue.assetCategories.map((c) => h('option', { value: c.id }, c.title)))
  const postcode = h('input', { id: 'ar-postcode', type: 'text', maxlength: '16', autocomplete: 'off', 'aria-describedby': 'ar-postcode-hint' })
  const place = h('p', { id: 'ar-place', class: 'ar-place', 'aria-live': 'polite' })
  const pick = h('button', { type: 'button', id: 'ar-pick', 'aria-pressed': 'false' }, 'Pick the place on the map')
  const provenance = h('input', { id: 'ar-provenance', type: 'text', maxlength: '500', autocomplete: 'off', required: true, 'aria-describedby': 'ar-provenance-hint' })
  const note = h('input', { id: 'ar-note', type: 'text', maxlength: '500', autocomplete: 'off' })
  const save = h('button', { type: 'submit', id: 'ar-save', class: 'primary' }, 'Add the asset')
  const toggle = h('button', { type: 'button', id: 'ar-toggle', hidden: true }, 'Close this asset')
  const fresh = h('button', { type: 'button', id: 'ar-new', hidden: true }, 'Add a new asset instead')
  const title = h('h3', { id: 'ar-form-title' }, 'Add an asset')
  const about = h('p', { id: 'ar-about', class: 'ar-about', hidden: true })
  const problem = h('p', { id: 'ar-problem', class: 'field-error', role: 'alert', hidden: true })
  const el = h('form', { class: 'ar-form', 'aria-labelledby': title.id, novalidate: true },
    title, about,
    field(name.id, 'Name', name), field(category.id, 'Category', category),
    field(postcode.id, 'Postcode', postcode, 'The asset is placed at its postcode unless you pick or drag the exact place on the map.'),
    h('div', { class: 'ar-field' }, place, pick),
    field(provenance.id, 'Where this information comes from', provenance, 'A web page, a visit, a phone call: kept with the asset.'),
    field(note.id, 'Note', note), problem, h('div', { class: 'ar-actions' }, save, toggle, fresh))

  let editing: AssetRegisterRow | null = null
  let point: Point | null = null

  const showPlace = () => {
    place.textContent = point ? `Place: ${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}${editing ? ' (drag the marker on the map to move it)' : ' (picked on the map)'}`
      : 'Place: at the postcode (or pick it on the map).'
  }

  /** Opens `r` for editing, or an empty form to add one (null). */
  function fill(r: AssetRegisterRow | null): void {
    editing = r
    point = r ? { lon: r.lon, lat: r.lat } : null
    name.value = r?.name ?? ''
    category.value = r?.category ?? ''
    postcode.value = r?.postcode ?? ''
    provenance.value = r?.provenance ?? ''
    note.value = r?.note ?? ''
    title.textContent = r ? `Edit ${r.name}` : 'Add an asset'
    save.textContent = r ? 'Save changes' : 'Add the asset'
    toggle.hidden = fresh.hidden = !r
    toggle.textContent = r?.status === 'closed' ? 'Reopen this asset' : 'Close this asset'
    showProblem(null)
    showPlace()
  }

  function showProblem(text: string | null): void {
    problem.hidden = !text
    problem.textContent = text ?? ''
  }

  const trimmed = (i: HTMLInputElement | HTMLSelectElement) => i.value.trim()

  /** A new asset's body; a string says what is missing. */
  function created(): AssetCreate | string {
    if (!trimmed(name)) return 'Give the asset a name.'
    if (!category.value) return 'Choose a category.'
    if (!trimmed(provenance)) return 'Say where this information comes from.'
    if (!point && !trimmed(postcode)) return 'Give a postcode or pick the place on the map.'
    return {
      name: trimmed(name), category: category.value, provenance: trimmed(provenance),
      ...(trimmed(note) ? { note: trimmed(note) } : {}), ...(trimmed(postcode) ? { postcode: trimmed(postcode) } : {}), ...(point ?? {}),
    }
  }

  /** The changed fields of the asset being edited (null: nothing changed); a string says what is wrong. */
  function patch(): AssetPatch | null | string {
    const r = editing!
    const p: AssetPatch = {}
    if (!trimmed(name)) return 'The name cannot be empty.'
    if (trimmed(name) !== r.name) p.name = trimmed(name)
    if (category.value !== r.category) p.category = category.value
    if (trimmed(postcode) !== (r.postcode ?? '')) p.postcode = trimmed(postcode) || null
    const attrs: Record<string, string | null> = {}
    if (trimmed(provenance) !== (r.provenance ?? '')) attrs.provenance = trimmed(provenance) || null
    if (trimmed(note) !== (r.note ?? '')) attrs.note = trimmed(note) || null
    if (Object.keys(attrs).length) p.attrs = attrs
    if (point && (point.lon !== r.lon || point.lat !== r.lat)) Object.assign(p, point)
    return Object.keys(p).length ? p : null
  }

  return {
    el, pick, toggle, fresh, save, name, postcode, problem,
    fill, showProblem, created, patch,
    get editing() { return editing },
    get point() { return point },
    setPoint(p: Point) { point = { lon: Number(p.lon.toFixed(6)), lat: Number(p.lat.toFixed(6)) }; showPlace() },
    setAbout(text: string) { about.hidden = !text; about.textContent = text },
  }
}

export type AssetForm = ReturnType<typeof assetForm>
