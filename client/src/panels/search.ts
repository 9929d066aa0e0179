/**
 * The header's place search: a WAI-ARIA 1.2 combobox (an input with a listbox popup, list
 * autocomplete). Suggestions come from GET /api/search as you type. Down/Up move through them
 * (the input keeps focus; aria-activedescendant says which is active), Enter chooses the active
 * one (or the first), Escape closes the list and, pressed again, clears the text. Choosing emits
 * `go-to-place`; the controller opens the area and the map flies there.
 */
import type { ApiClient, SearchResponse, SearchResult } from '../api'
import { h } from '../dom'
import type { Bus, Panel } from '../events'

const KIND: Record<SearchResult['kind'], string> = {
  postcode: 'Postcode', locality: 'Locality', ward: 'Ward', lsoa: 'LSOA', place: 'Place', asset: 'Asset',
}
const DEBOUNCE_MS = 180

/** A second search box (the anchor view's "measure from") chooses for its owner instead of flying there. */
export interface SearchBoxOptions {
  /** id prefix of its elements (default "search": #search-input, #search-listbox, …) */
  id?: string
  label?: string
  /** a visible label (default: the header's hidden one) */
  visibleLabel?: boolean
  placeholder?: string
  onChoose?: (r: SearchResult) => void
}

export class SearchBox implements Panel {
  readonly el: HTMLElement
  readonly input: HTMLInputElement
  private readonly list: HTMLUListElement
  private readonly message: HTMLParagraphElement
  private readonly id: string
  private results: SearchResult[] = []
  private active = -1
  private seq = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private off: Array<() => void> = []

  constructor(private readonly bus: Bus, private readonly api: ApiClient, private readonly opts: SearchBoxOptions = {}) {
    const id = (this.id = opts.id ?? 'search')
    this.el = h('div', { class: opts.id ? 'search search-inline' : 'search', role: opts.id ? undefined : 'search' })
    this.input = h('input', {
      id: `${id}-input`, type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': `${id}-listbox`, autocomplete: 'off', spellcheck: 'false', maxlength: '100',
      placeholder: opts.placeholder ?? 'Postcode, ward, LSOA, place or asset', 'aria-describedby': `${id}-help`,
    })
    this.list = h('ul', { id: `${id}-listbox`, role: 'listbox', 'aria-label': 'Places found', class: 'search-list', hidden: true })
    this.message = h('p', { id: `${id}-message`, class: 'search-message', role: 'status', 'aria-live': 'polite' })
    this.el.append(
      h('label', { for: `${id}-input`, class: opts.visibleLabel ? undefined : 'visually-hidden' }, opts.label ?? 'Find a place'),
      this.input,
      h('span', { id: `${id}-help`, class: 'visually-hidden' }, `Type a postcode, ward, LSOA code or name, locality, place or asset; use the arrow keys to pick a suggestion and Enter to ${opts.onChoose ? 'choose it' : 'go there'}.`),
      this.list, this.message,
    )
    const on = <K extends keyof HTMLElementEventMap>(t: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
      t.addEventListener(type, fn as EventListener)
      this.off.push(() => t.removeEventListener(type, fn as EventListener))
    }
    on(this.input, 'input', () => this.schedule())
    on(this.input, 'keydown', (e) => this.onKey(e))
    on(this.input, 'blur', () => setTimeout(() => { if (!this.el.contains(document.activeElement)) this.close() }, 150))
    // choosing with the pointer must not take focus from the input first
    on(this.list, 'pointerdown', (e) => e.preventDefault())
    on(this.list, 'click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('[role=option]')
      if (li) this.choose(Number(li.dataset.index))
    })
  }

  private schedule(): void {
    clearTimeout(this.timer)
    const q = this.input.value.trim()
    if (!q) { this.seq++; this.show([], null); this.message.textContent = ''; return }
    this.timer = setTimeout(() => void this.lookUp(q), DEBOUNCE_MS)
  }

  private async lookUp(q: string): Promise<void> {
    const mine = ++this.seq
    let r: SearchResponse
    try {
      r = await this.api.search(q)
    } catch {
      if (mine === this.seq) { this.show([], null); this.message.textContent = 'Search is not available just now; try again in a moment.' }
      return
    }
    if (mine !== this.seq) return
    this.show(r.results, r.notice)
  }

  private show(results: SearchResult[], notice: string | null): void {
    this.results = results
    this.active = -1
    this.input.removeAttribute('aria-activedescendant')
    this.list.replaceChildren(...results.map((r, i) => h('li', {
      id: `${this.id}-option-${i}`, role: 'option', 'aria-selected': 'false', 'data-index': String(i), 'data-kind': r.kind, class: r.inBorough ? '' : 'outside',
    }, h('span', { class: 'search-label' }, r.label), h('span', { class: 'search-kind' }, KIND[r.kind]), h('span', { class: 'search-detail' }, r.detail))))
    const open = results.length > 0
    this.list.hidden = !open
    this.input.setAttribute('aria-expanded', String(open))
    const q = this.input.value.trim()
    this.message.textContent = notice ?? (q && !open ? `No place matches “${q}”.` : open ? `${results.length} ${results.length === 1 ? 'place' : 'places'} found.` : '')
    this.message.classList.toggle('shown', !!notice || (!!q && !open))
  }

  private close(): void {
    this.list.hidden = true
    this.input.setAttribute('aria-expanded', 'false')
    this.input.removeAttribute('aria-activedescendant')
    this.active = -1
    this.message.classList.remove('shown')
  }

  private setActive(i: number): void {
    this.active = i
    for (const li of this.list.children) li.setAttribute('aria-selected', String(li.id === `${this.id}-option-${i}`))
    const li = this.list.children[i] as HTMLElement | undefined
    if (li) {
      this.input.setAttribute('aria-activedescendant', li.id)
      li.scrollIntoView({ block: 'nearest' })
    }
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.results.length
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return
      e.preventDefault()
      if (this.list.hidden) { this.list.hidden = false; this.input.setAttribute('aria-expanded', 'true') }
      const step = e.key === 'ArrowDown' ? 1 : -1
      this.setActive(this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n)
    } else if (e.key === 'Enter') {
      e.preventDefault()
      if (n) this.choose(this.active >= 0 ? this.active : 0)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      if (!this.list.hidden) this.close()
      else { this.input.value = ''; this.seq++; this.show([], null); this.message.textContent = '' }
    }
  }

  private choose(i: number): void {
    const r = this.results[i]
    if (!r) return
    this.input.value = r.label
    this.close()
    if (this.opts.onChoose) {
      this.message.textContent = `Chosen: ${r.label}, ${r.detail}.`
      this.opts.onChoose(r)
      return
    }
    this.message.textContent = r.inBorough ? `Showing ${r.label}: ${r.detail}.` : `${r.label} is outside the borough; the map shows where it is.`
    this.bus.emit('go-to-place', { result: r })
  }

  destroy(): void {
    clearTimeout(this.timer)
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
