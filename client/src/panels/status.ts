/**
 * Loading and error states. `run` shows what is loading; a failure says what failed and offers a
 * retry that runs the same task again.
 */
import type { Panel } from '../events'
import { h } from '../dom'

export class StatusPanel implements Panel {
  readonly el = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' })
  private loading = new Map<number, string>()
  private next = 0
  private errors = h('div', { class: 'errors' })

  constructor() {
    this.el.append(this.errors)
  }

  async run<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
    const id = this.next++
    this.loading.set(id, what)
    this.render()
    try {
      return await task()
    } catch (err) {
      this.showError(what, err as Error, () => void this.run(what, task))
      return undefined
    } finally {
      this.loading.delete(id)
      this.render()
    }
  }

  private showError(what: string, err: Error, retry: () => void): void {
    const btn = h('button', { type: 'button' }, 'Retry')
    const box = h('div', { class: 'error', role: 'alert' }, h('strong', {}, `Failed: ${what}. `), err.message, ' ', btn)
    btn.addEventListener('click', () => { box.remove(); retry() }, { once: true })
    this.errors.append(box)
  }

  private render(): void {
    this.el.querySelector('.loading')?.remove()
    if (this.loading.size) this.el.prepend(h('div', { class: 'loading' }, `Loading ${[...this.loading.values()].join(', ')}…`))
    this.el.setAttribute('aria-busy', this.loading.size ? 'true' : 'false')
  }

  destroy(): void {
    this.el.remove()
  }
}
