/**
 * On a phone the sidebar is a bottom sheet over a full-screen map (style.css, max-width 760 px).
 * Its handle is a button: press it (or Enter/Space) to go between half and full height, or drag it
 * up and down; on release the sheet snaps to peek, half or full. Wider screens never show the
 * handle and ignore the state. The table view takes the screen: while it is open the sheet gives
 * way to its peek (still there to pull up) and returns to where it was when the map comes back.
 */
import { h } from '../dom'
import type { Panel } from '../events'

export type SheetState = 'peek' | 'half' | 'full'

const LABEL: Record<SheetState, string> = { peek: 'Show the panel', half: 'Show more of the panel', full: 'Show less of the panel' }

export class BottomSheet implements Panel {
  readonly el = h('button', { type: 'button', class: 'sheet-handle', id: 'sheet-handle', 'aria-controls': 'controls', 'aria-expanded': 'false' })
  private off: Array<() => void> = []

  /** body: the element whose data-sheet the CSS reads; sheet: the sidebar it sizes */
  constructor(private readonly body: HTMLElement, private readonly sheet: HTMLElement) {
    this.set('half')
    const click = () => this.set(this.state === 'full' ? 'half' : 'full')
    this.el.addEventListener('click', click)
    this.off.push(() => this.el.removeEventListener('click', click))
    this.bindDrag()
  }

  /** the sheet's state before the table view made it give way */
  private before: SheetState | null = null

  /** on: the table view opened (the sheet drops to its peek); off: it closed (the sheet comes back) */
  giveWay(on: boolean): void {
    if (on && this.before === null) {
      this.before = this.state
      this.set('peek')
    } else if (!on && this.before !== null) {
      // pulled up meanwhile: the user's choice stands
      if (this.state === 'peek') this.set(this.before)
      this.before = null
    }
  }

  get state(): SheetState {
    return (this.body.dataset.sheet as SheetState | undefined) ?? 'half'
  }

  set(state: SheetState): void {
    this.body.dataset.sheet = state
    this.sheet.style.removeProperty('--sheet-height')
    this.el.setAttribute('aria-expanded', String(state !== 'peek'))
    this.el.textContent = LABEL[state]
    if (state === 'peek') this.sheet.scrollTop = 0
  }

  private bindDrag(): void {
    let start: { y: number; height: number } | null = null
    let moved = false
    const down = (e: PointerEvent) => {
      start = { y: e.clientY, height: this.sheet.getBoundingClientRect().height }
      moved = false
      this.el.setPointerCapture(e.pointerId)
    }
    const move = (e: PointerEvent) => {
      if (!start) return
      const dy = start.y - e.clientY
      if (Math.abs(dy) > 6) moved = true
      if (moved) this.sheet.style.setProperty('--sheet-height', `${Math.max(56, start.height + dy)}px`)
    }
    const up = (e: PointerEvent) => {
      if (!start) return
      const total = this.body.getBoundingClientRect().height
      const share = this.sheet.getBoundingClientRect().height / total
      start = null
      if (!moved) return
      // a drag ends in a snap; the click that follows the pointerup must not toggle again
      e.preventDefault()
      const swallow = (c: Event) => { c.stopImmediatePropagation(); c.preventDefault() }
      this.el.addEventListener('click', swallow, { capture: true, once: true })
      setTimeout(() => this.el.removeEventListener('click', swallow, { capture: true }), 0)
      this.set(share < 0.25 ? 'peek' : share < 0.7 ? 'half' : 'full')
    }
    this.el.addEventListener('pointerdown', down)
    this.el.addEventListener('pointermove', move)
    this.el.addEventListener('pointerup', up)
    this.off.push(() => {
      this.el.removeEventListener('pointerdown', down)
      this.el.removeEventListener('pointermove', move)
      this.el.removeEventListener('pointerup', up)
    })
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
