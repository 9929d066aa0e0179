/**
 * The register's list: native, labelled filters (text, category, status) and sort, and the table of
 * what they match, each name a button that opens the asset in the form. Filtering and sorting run
 * in the browser over the register loaded once (a borough's assets are a few thousand at most).
 */
import type { Catalogue } from '../../api'
import type { AssetRegisterRow } from '../../assetApi'
import { h } from '../../dom'

export type SortKey = 'name' | 'category' | 'last_change'
export interface RegisterFilter { text: string; category: string; status: '' | 'open' | 'closed'; sort: SortKey }

/** The table shows at most this many rows (the filters narrow the rest). */
export const SHOWN = 100

export function filterSort(rows: AssetRegisterRow[], f: RegisterFilter, title: (category: string) => string): AssetRegisterRow[] {
  const q = f.text.trim().toLocaleLowerCase('en-GB')
  const out = rows.filter((r) => (!f.category || r.category === f.category) && (!f.status || r.status === f.status)
    && (!q || `${r.name} ${r.postcode ?? ''} ${r.address ?? ''}`.toLocaleLowerCase('en-GB').includes(q)))
  const byName = (a: AssetRegisterRow, b: AssetRegisterRow) => a.name.localeCompare(b.name, 'en-GB') || a.id - b.id
  const cmp: Record<SortKey, (a: AssetRegisterRow, b: AssetRegisterRow) => number> = {
    name: byName,
    category: (a, b) => title(a.category).localeCompare(title(b.category), 'en-GB') || byName(a, b),
    last_change: (a, b) => b.last_change.localeCompare(a.last_change) || byName(a, b),
  }
  return out.sort(cmp[f.sort])
}

const labelled = (id: string, text: string, control: HTMLElement) => h('div', { class: 'ar-filter' }, h('label', { for: id }, text), control)

/** The filter and sort controls; `changed` runs on every change. */
export function registerFilters(catalogue: Catalogue, changed: () => void): { el: HTMLElement; value: () => RegisterFilter } {
  const text = h('input', { id: 'ar-filter-text', type: 'search', autocomplete: 'off', maxlength: '100' })
  const category = h('select', { id: 'ar-filter-category' }, h('option', { value: '' }, 'All categories'),
    ...catalogue.assetCategories.map((c) => h('option', { value: c.id }, c.title)))
  const status = h('select', { id: 'ar-filter-status' }, h('option', { value: '' }, 'Open and closed'), h('option', { value: 'open' }, 'Open'), h('option', { value: 'closed' }, 'Closed'))
  const sort = h('select', { id: 'ar-sort' }, h('option', { value: 'last_change' }, 'Last change (newest first)'), h('option', { value: 'name' }, 'Name'), h('option', { value: 'category' }, 'Category'))
  for (const c of [text, category, status, sort]) c.addEventListener(c === text ? 'input' : 'change', changed)
  const el = h('form', { class: 'ar-filters', role: 'search', 'aria-label': 'Filter the register' },
    labelled(text.id, 'Name, postcode or address', text), labelled(category.id, 'Category', category),
    labelled(status.id, 'Status', status), labelled(sort.id, 'Sort by', sort))
  el.addEventListener('submit', (e) => e.preventDefault())
  return { el, value: () => ({ text: text.value, category: category.value, status: status.value as RegisterFilter['status'], sort: sort.value as SortKey }) }
}

/** Where an asset came from, and what an editor changed that a re-import keeps. */
export function provenanceLine(r: AssetRegisterRow): string {
  if (!r.imported) return 'Added here'
  return r.edited.length ? `Imported (${r.source ?? r.dataset_id}); changed by an editor, kept across re-imports: ${r.edited.join(', ')}` : `Imported (${r.source ?? r.dataset_id})`
}

// short enough for the sidebar: the full time is in the cell's datetime and the asset's history
const WHEN: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }

export function registerTable(rows: AssetRegisterRow[], total: number, title: (category: string) => string, open: (r: AssetRegisterRow) => void): HTMLElement {
  const body = rows.slice(0, SHOWN).map((r) => {
    const b = h('button', { type: 'button', class: 'link-button ar-open', 'aria-label': `Open ${r.name} to edit it` }, r.name)
    b.addEventListener('click', () => open(r))
    return h('tr', { 'data-asset': String(r.id) },
      h('th', { scope: 'row' }, b), h('td', {}, title(r.category)),
      h('td', { class: `ar-status-${r.status}` }, r.status === 'open' ? 'Open' : `Closed${r.closed_reason ? ` (${r.closed_reason})` : ''}`),
      h('td', {}, r.imported ? 'Imported' : 'Added', r.imported && r.edited.length ? h('span', { class: 'ar-edited' }, `edited: ${r.edited.join(', ')}`) : null),
      h('td', {}, h('time', { datetime: r.last_change }, new Date(r.last_change).toLocaleString('en-GB', WHEN)), r.last_change_by ? h('span', { class: 'muted ar-by' }, r.last_change_by) : null))
  })
  const shown = Math.min(rows.length, SHOWN)
  return h('div', { class: 'table-wrap ar-table', tabindex: '0', role: 'region', 'aria-label': 'The asset register' },
    h('table', { class: 'data' },
      h('caption', {}, rows.length > SHOWN ? `${shown} of ${rows.length} matching assets (of ${total}): narrow the filter to see the rest` : `${rows.length} matching assets (of ${total})`),
      h('thead', {}, h('tr', {}, ...['Name', 'Category', 'Status', 'Source', 'Last change'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...body)))
}
