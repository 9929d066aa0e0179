/** Asset overlays: one toggle per category from the catalogue, with its colour and count. */
import type { Catalogue } from '../api'
import type { Bus, Panel } from '../events'
import { h } from '../dom'
import { downloadLinks } from '../downloads'

export class AssetsPanel implements Panel {
  readonly el = h('section', { class: 'panel assets', 'aria-labelledby': 'assets-title' })
  private off: Array<() => void> = []

  constructor(bus: Bus, catalogue: Catalogue) {
    const fs = h('fieldset', {}, h('legend', { id: 'assets-title' }, 'Community assets'))
    for (const c of catalogue.assetCategories.filter((c) => c.count > 0)) {
      const id = `asset-${c.id}`
      const input = h('input', { type: 'checkbox', id, value: c.id })
      input.addEventListener('change', () => bus.emit('toggle-asset', { id: c.id, on: input.checked }))
      fs.append(h('div', { class: 'asset-option' }, input,
        h('label', { for: id, title: c.description }, h('span', { class: 'dot', style: `background:${c.colour}`, 'aria-hidden': 'true' }), `${c.title} `, h('span', { class: 'muted' }, `(${c.count})`))))
    }
    const register = h('div', { class: 'asset-register' })
    const links = (cats: string[]) => register.replaceChildren(
      h('span', { class: 'muted' }, cats.length ? 'The register of the categories shown, open and closed, with source, licence and moderation status. ' : 'The whole register, open and closed, with source, licence and moderation status. '),
      downloadLinks(`/api/assets?${new URLSearchParams({ ...(cats.length ? { category: cats.join(',') } : {}), status: 'all' })}`, 'assets', 'the asset register'))
    links([])
    this.el.append(h('details', {}, h('summary', {}, 'Community assets'), fs, register))
    this.off.push(bus.on('state', ({ state }) => {
      links(state.assets)
      for (const i of this.el.querySelectorAll<HTMLInputElement>('input')) i.checked = state.assets.includes(i.value)
      if (state.assets.length) (this.el.querySelector('details') as HTMLDetailsElement).open = true
    }))
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
