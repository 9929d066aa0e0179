/** The admin tool: people, API tokens, and datasets with imports run from the browser. */
import type { ApiClient } from '../../api'
import { h } from '../../dom'
import { can, onUserChange } from '../../session'
import { Control } from '../control'
import { importsSection } from './imports'
import { peopleSection } from './people'
import { tokensSection } from './tokens'

export const adminControl = (deps: { api: ApiClient; roles: string[] }): Control => new Control((container, ctl) => {
  const d = ctl.disposer
  const people = peopleSection(deps.api, d, deps.roles)
  const tokens = tokensSection(deps.api, d, deps.roles)
  const imports = importsSection(deps.api, d)
  const refused = h('p', { class: 'muted', role: 'status' })
  const section = h('section', { class: 'panel admin', 'aria-labelledby': 'admin-title' },
    h('h2', { id: 'admin-title' }, 'Admin'), refused, people.el, tokens.el, imports.el)
  container.append(section)
  d.add(() => section.remove())

  const load = () => {
    const ok = can('admin')
    refused.textContent = ok ? '' : 'This needs an admin: sign in as one.'
    for (const s of [people, tokens, imports]) s.el.hidden = !ok
    if (ok) void Promise.all([people.load(), tokens.load(), imports.load()])
  }
  d.add(onUserChange(load))
  load()
  return { setActive(on: boolean) { if (on) load() } }
})
