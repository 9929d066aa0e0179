/**
 * "Suggest a place", for anyone: a new community asset (name, category, description, optional
 * contact, and a postcode or a place picked on the map) or a correction to an asset opened from
 * its popup. It goes to the moderation queue (POST /api/suggestions) and appears on the map only
 * once an editor accepts it. Picking talks to the map through the bus: `pick-point` asks for the
 * next click, `point-picked` answers, `clear-picked` removes the marker. Keyboard users type a
 * postcode instead.
 */
import { ApiError, type ApiClient, type Catalogue, type SuggestionInput } from '../api'
import { h } from '../dom'
import type { Bus, Panel } from '../events'

type Target = { id: number; name: string; category: string } | null

export class SuggestPanel implements Panel {
  readonly el = h('section', { class: 'panel suggest', 'aria-labelledby': 'suggest-title' })
  private readonly details = h('details', { id: 'suggest-details' })
  private readonly heading = h('h2', { id: 'suggest-title' }, 'Suggest a place')
  private readonly intro = h('p', { class: 'muted', id: 'suggest-intro' })
  private readonly name = h('input', { id: 'suggest-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })
  private readonly category = h('select', { id: 'suggest-category' })
  private readonly description = h('textarea', { id: 'suggest-description', maxlength: '2000', rows: '3' })
  private readonly contact = h('input', { id: 'suggest-contact', type: 'text', maxlength: '200', autocomplete: 'email', 'aria-describedby': 'suggest-contact-help' })
  private readonly postcode = h('input', { id: 'suggest-postcode', type: 'text', maxlength: '16', autocomplete: 'postal-code', size: '9', 'aria-describedby': 'suggest-where-help' })
  private readonly pickButton = h('button', { type: 'button', id: 'suggest-pick', 'aria-pressed': 'false' }, 'Pick on the map')
  private readonly picked = h('p', { class: 'suggest-picked', id: 'suggest-picked', 'aria-live': 'polite' })
  private readonly clearPick = h('button', { type: 'button', class: 'link-button', hidden: true }, 'Clear the picked place')
  private readonly cancelCorrection = h('button', { type: 'button', class: 'link-button', hidden: true }, 'Suggest a new place instead')
  private readonly submit = h('button', { type: 'submit' }, 'Send suggestion')
  private readonly status = h('p', { class: 'suggest-status', role: 'status', 'aria-live': 'polite' })
  private point: { lon: number; lat: number } | null = null
  private target: Target = null
  private picking = false
  private off: Array<() => void> = []

  constructor(private readonly bus: Bus, private readonly api: ApiClient, catalogue: Catalogue) {
    this.category.append(h('option', { value: '' }, 'Choose a category'),
      ...catalogue.assetCategories.filter((c) => c.id !== 'anchor').map((c) => h('option', { value: c.id }, c.title)))
    const form = h('form', { class: 'suggest-form', novalidate: true },
      this.cancelCorrection,
      h('div', {}, h('label', { for: this.name.id }, 'Name'), this.name),
      h('div', {}, h('label', { for: this.category.id }, 'Category'), this.category),
      h('div', {}, h('label', { for: this.description.id }, 'What happens there (optional)'), this.description),
      h('div', {}, h('label', { for: this.contact.id }, 'Your contact (optional)'), this.contact,
        h('span', { id: 'suggest-contact-help', class: 'muted' }, 'Seen only by the moderators, in case they have a question.')),
      h('fieldset', { class: 'suggest-where' }, h('legend', {}, 'Where'),
        h('p', { id: 'suggest-where-help', class: 'muted' }, 'Type its postcode, or pick the place on the map.'),
        h('div', {}, h('label', { for: this.postcode.id }, 'Postcode'), this.postcode),
        h('div', {}, this.pickButton, ' ', this.clearPick), this.picked),
      this.submit, this.status)
    this.details.append(h('summary', {}, 'Suggest a place'), this.heading, this.intro, form)
    this.el.append(this.details)
    this.setTarget(null)

    const listen = <K extends keyof HTMLElementEventMap>(t: HTMLElement | Document, type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
      t.addEventListener(type, fn as EventListener)
      this.off.push(() => t.removeEventListener(type, fn as EventListener))
    }
    listen(form, 'submit', (e) => { e.preventDefault(); void this.send() })
    listen(this.pickButton, 'click', () => this.setPicking(!this.picking))
    listen(this.clearPick, 'click', () => this.clearPoint())
    listen(this.cancelCorrection, 'click', () => this.setTarget(null))
    listen(document, 'keydown', (e) => { if (e.key === 'Escape' && this.picking) this.setPicking(false) })
    listen(this.postcode, 'input', () => { if (this.postcode.value.trim() && this.point) this.clearPoint() })
    this.off.push(
      bus.on('point-picked', (p) => {
        if (!this.picking) return
        this.picking = false
        this.pickButton.setAttribute('aria-pressed', 'false')
        this.point = p
        this.postcode.value = ''
        this.status.textContent = ''
        this.picked.textContent = `Picked on the map: ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`
        this.clearPick.hidden = false
        this.pickButton.textContent = 'Pick again'
        this.pickButton.focus()
      }),
      bus.on('suggest-correction', ({ asset }) => {
        this.setTarget(asset)
        this.details.open = true
        // after the app has switched to the Explore tab (its handler runs after this one)
        requestAnimationFrame(() => {
          this.el.scrollIntoView({ block: 'nearest' })
          this.name.focus()
        })
      }),
    )
  }

  /** A correction names its asset; null goes back to suggesting a new place. */
  private setTarget(t: Target): void {
    this.target = t
    this.heading.textContent = t ? 'Suggest a correction' : 'Suggest a place'
    this.intro.textContent = t
      ? `Correct "${t.name}": change what is wrong. An editor checks it before the map changes.`
      : 'Know a community place that is missing? An editor checks each suggestion before it appears on the map.'
    this.cancelCorrection.hidden = !t
    if (t) {
      this.name.value = t.name
      this.category.value = t.category
    }
    this.status.textContent = ''
  }

  private setPicking(on: boolean): void {
    this.picking = on
    this.pickButton.setAttribute('aria-pressed', String(on))
    if (on) this.picked.textContent = 'Click the map where the place is (Escape to stop).'
    else if (!this.point) this.picked.textContent = ''
    this.bus.emit('pick-point', { active: on })
  }

  private clearPoint(): void {
    this.point = null
    this.picked.textContent = ''
    this.clearPick.hidden = true
    this.pickButton.textContent = 'Pick on the map'
    this.bus.emit('clear-picked', {})
  }

  private body(): SuggestionInput | string {
    const name = this.name.value.trim()
    const postcode = this.postcode.value.trim()
    if (!name) return 'Give the place a name.'
    if (!this.target && !this.category.value) return 'Choose a category.'
    if (!this.target && !postcode && !this.point) return 'Type a postcode or pick the place on the map.'
    const optional = (v: string) => (v.trim() ? v.trim() : undefined)
    return {
      kind: this.target ? 'correction' : 'new-asset',
      name,
      ...(this.category.value ? { category: this.category.value } : {}),
      description: optional(this.description.value),
      contact: optional(this.contact.value),
      ...(this.point ? { lon: this.point.lon, lat: this.point.lat } : postcode ? { postcode } : {}),
      ...(this.target ? { asset_id: this.target.id } : {}),
    }
  }

  private async send(): Promise<void> {
    const body = this.body()
    if (typeof body === 'string') {
      this.status.classList.remove('ok')
      this.status.textContent = body
      return
    }
    this.submit.disabled = true
    this.status.classList.remove('ok')
    this.status.textContent = 'Sending…'
    try {
      await this.api.suggest(body)
      this.status.textContent = 'Thank you: your suggestion waits for moderation. It appears on the map once an editor has checked it.'
      this.status.classList.add('ok')
      for (const f of [this.name, this.description, this.contact, this.postcode]) f.value = ''
      this.category.value = ''
      if (this.point) this.clearPoint()
      this.target = null
      this.heading.textContent = 'Suggest a place'
      this.cancelCorrection.hidden = true
    } catch (err) {
      this.status.textContent = err instanceof ApiError && err.status === 429
        ? 'Too many suggestions from here for now: please try again later.'
        : (err as Error).message.replace(/^Could not send the suggestion: \d+ /, 'Not sent: ')
    } finally {
      this.submit.disabled = false
    }
  }

  destroy(): void {
    if (this.picking) this.bus.emit('pick-point', { active: false })
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
