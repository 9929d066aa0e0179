/** The first screen: the three localities, worst first, in plain words with figures. */
import type { LocalityOverview, PublishedPosition } from '../api'
import type { Bus, Panel } from '../events'
import { h } from '../dom'

export class StoryPanel implements Panel {
  readonly el = h('section', { class: 'panel story', 'aria-labelledby': 'story-title' })

  constructor(private readonly bus: Bus) {}

  render(o: LocalityOverview, published: PublishedPosition | null = null): void {
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
      ...(published ? [publishedBlock(published)] : []),
    )
  }

  destroy(): void {
    this.el.remove()
  }
}

/** The borough's position as MHCLG publishes it (File 10), with the computed figure and why they differ. */
function publishedBlock(p: PublishedPosition): HTMLElement {
  const imd = p.rows.find((r) => r.domain === 'imd')
  return h('div', { class: 'published', id: 'published-position' },
    h('h3', {}, `${p.area.name} in England (IoD 2025, as published)`),
    h('p', {}, p.sentence),
    imd?.computed?.value != null
      ? h('p', { class: 'muted' }, `Published IMD average score ${imd.averageScore}; computed here from LSOAs with Census 2021 weights ${imd.computed.value.toFixed(3)}.`)
      : null,
    h('details', {}, h('summary', {}, 'How these figures are made'), h('p', {}, p.method)),
    h('p', { class: 'muted' }, `Source: ${p.source?.title ?? 'IoD 2025 File 10'}; ${p.source?.publisher ?? 'MHCLG'}; ${p.source?.licence ?? 'OGL-UK-3.0'}.`),
  )
}
