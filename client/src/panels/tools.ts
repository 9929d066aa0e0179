/**
 * The tools as tabs (WAI-ARIA tabs pattern, automatic activation): Explore | Family Hubs |
 * Need index | Anchors. Left/Right (and Home/End) move between tabs; the tab that has focus opens.
 * A tool's panel is a control (control.ts), added the first time its tab opens and kept, so its answers survive a visit
 * to another tab; its map layers are shown only while its tab is open. A tab can be hidden (a
 * tool the signed-in role cannot use); the arrow keys skip hidden tabs.
 */
import type { Bus, Panel } from '../events'
import { h } from '../dom'
import type { Tool, ViewState } from '../state'
import type { ToolControl } from './control'

export interface ToolDef {
  id: Tool
  label: string
  /** content built by the app (Explore) */
  content?: HTMLElement[]
  /** the tab starts hidden (a role-only tool, until the role is known) */
  hidden?: boolean
  /** a self-contained panel (a control), added on first open */
  control?: () => ToolControl
}

export class ToolTabs implements Panel {
  readonly el = h('div', { class: 'tools' })
  private readonly tablist = h('div', { role: 'tablist', 'aria-label': 'Tools', class: 'tablist' })
  private readonly tabs = new Map<Tool, HTMLButtonElement>()
  private readonly panels = new Map<Tool, HTMLElement>()
  private readonly mounted = new Map<Tool, ToolControl>()
  private current: Tool | null = null
  private off: Array<() => void> = []

  constructor(private readonly bus: Bus, private readonly defs: ToolDef[]) {
    this.el.append(this.tablist)
    for (const d of defs) {
      const tab = h('button', { type: 'button', role: 'tab', id: `tab-${d.id}`, 'aria-controls': `tabpanel-${d.id}`, 'aria-selected': 'false', tabindex: '-1', hidden: d.hidden }, d.label)
      tab.addEventListener('click', () => bus.emit('choose-tool', { tool: d.id }))
      tab.addEventListener('keydown', (e) => this.onKey(e, d.id))
      const panel = h('div', { role: 'tabpanel', id: `tabpanel-${d.id}`, 'aria-labelledby': `tab-${d.id}`, class: 'tabpanel', hidden: true })
      if (d.content) panel.append(...d.content)
      this.tabs.set(d.id, tab)
      this.panels.set(d.id, panel)
      this.tablist.append(tab)
      this.el.append(panel)
    }
    this.off.push(bus.on('state', ({ state }) => this.render(state)))
  }

  /** Hides or shows a tool's tab; hiding the open tool goes back to the first tab. */
  setHidden(id: Tool, hidden: boolean): void {
    const tab = this.tabs.get(id)
    if (!tab) return
    tab.hidden = hidden
    if (hidden && this.current === id) this.bus.emit('choose-tool', { tool: this.defs[0].id })
  }

  private onKey(e: KeyboardEvent, id: Tool): void {
    const ids = this.defs.map((d) => d.id).filter((t) => !this.tabs.get(t)!.hidden)
    const i = ids.indexOf(id)
    const to = e.key === 'ArrowRight' ? ids[(i + 1) % ids.length]
      : e.key === 'ArrowLeft' ? ids[(i - 1 + ids.length) % ids.length]
        : e.key === 'Home' ? ids[0]
          : e.key === 'End' ? ids[ids.length - 1] : null
    if (!to) return
    e.preventDefault()
    this.bus.emit('choose-tool', { tool: to })
    this.tabs.get(to)!.focus()
  }

  render(s: ViewState): void {
    if (s.tool === this.current) return
    const previous = this.current
    this.current = s.tool
    for (const [id, tab] of this.tabs) {
      const on = id === s.tool
      tab.setAttribute('aria-selected', String(on))
      tab.tabIndex = on ? 0 : -1
      this.panels.get(id)!.hidden = !on
    }
    if (previous) this.mounted.get(previous)?.setActive(false)
    const def = this.defs.find((d) => d.id === s.tool)
    if (def?.control && !this.mounted.has(def.id)) {
      const c = def.control()
      this.mounted.set(def.id, c)
      c.onAdd(this.panels.get(def.id)!)
    } else this.mounted.get(s.tool)?.setActive(true)
    this.el.dataset.tool = s.tool
  }

  destroy(): void {
    this.off.forEach((f) => f())
    for (const m of this.mounted.values()) m.onRemove()
    this.el.remove()
  }
}
