/**
 * What the admin sections share (People and API tokens wholly, Datasets its table): a list fetched and drawn as a table in a
 * focusable, labelled region, a status line that announces what happened, and row actions (remove,
 * revoke) that ask first, then reload the list. After an action the button pressed is gone or
 * disabled, so focus moves to the list's region rather than being dropped on the page's body
 * (where a keyboard user's next Tab would start again from the top).
 */
import { h } from '../../dom'
import { plainWords } from '../fieldErrors'

export const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : none)

/**
 * A data table with a caption and column headings. Each cell carries its column's heading as
 * data-label, which a phone's layout shows beside the value when the rows stack as cards.
 */
export function dataTable(caption: string, headings: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  for (const r of rows) [...r.cells].forEach((c, i) => { if (headings[i]) c.dataset.label = headings[i] })
  return h('table', { class: 'data' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows))
}

export interface Listing {
  /** the region the table is drawn in */
  list: HTMLElement
  /** the polite live status line */
  status: HTMLElement
  load(): Promise<void>
  /** Asks `question`; if confirmed runs `call`, says `done`, reloads and focuses the list. */
  act(question: string, call: () => Promise<unknown>, done: string): Promise<void>
}

export function listing<T>(label: string, fetch: () => Promise<T[]>, table: (rows: T[]) => HTMLElement): Listing {
  const list = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label })
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  async function load(): Promise<void> {
    try {
      list.replaceChildren(table(await fetch()))
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }
  async function act(question: string, call: () => Promise<unknown>, done: string): Promise<void> {
    if (!window.confirm(question)) return
    try {
      await call()
      status.textContent = done
      await load()
      list.focus()
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }
  return { list, status, load, act }
}
