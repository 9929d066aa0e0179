/** The first screen: the three localities, worst first, in plain words with figures. */
import type { LocalityOverview } from '../api'
import type { Bus, Panel } from '../events'
import { h } from '../dom'

export class StoryPanel implements Panel {
  readonly el = h('section', { class: 'panel story', 'aria-labelledby': 'story-title' })

  constructor(private readonly bus: Bus) {}

  render(o: LocalityOverview): void {
    const list = h('ol', { class: 'story-list' })
    for (const l of o.localities) {
      const btn = h('button', { type: 'button', class: 'link-button', 'data-locality': l.code }, `Open the ${l.name} profile`)
      btn.addEventListener('click', () => this.bus.emit('choose-locality', { code: l.code }))
      list.append(h('li', {}, h('p', {}, l.sentence.replace(/^\d+\.\s*/, '')), btn))
    }
    this.el.replaceChildren(
      h('h2', { id: 'story-title' }, 'Where need is greatest'),
      h('p', { class: 'headline' }, o.headline),
      list,
      h('p', { class: 'muted' }, `${o.indicator.title}; ${o.indicator.vintage}. Source: ${o.indicator.source ?? 'n/a'}.`),
    )
  }

  destroy(): void {
    this.el.remove()
  }
}
