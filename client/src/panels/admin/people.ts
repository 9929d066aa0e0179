/**
 * People who sign in with the council's identity provider: invite by e-mail address with a role,
 * change the role by inviting again, remove. Removing ends the invited role at once.
 */
import type { ApiClient } from '../../api'
import type { PersonRow } from '../../adminApi'
import { h } from '../../dom'
import type { Disposer } from '../control'
import { plainWords } from '../fieldErrors'
import { dataTable, listing, when } from './listing'

export function peopleSection(api: ApiClient, d: Disposer, roles: string[]): { el: HTMLElement; load: () => Promise<void> } {
  const email = h('input', { id: 'person-email', type: 'email', required: true, maxlength: '200', autocomplete: 'off' })
  const name = h('input', { id: 'person-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })
  const role = h('select', { id: 'person-role' }, ...roles.map((r) => h('option', { value: r, selected: r === 'editor' }, r)))
  const form = h('form', { class: 'admin-form', 'aria-label': 'Invite a person' },
    h('label', { for: 'person-email' }, 'E-mail address'), email,
    h('label', { for: 'person-name' }, 'Name'), name,
    h('label', { for: 'person-role' }, 'Role'), role,
    h('button', { type: 'submit' }, 'Invite'))
  const people = listing('People', async () => (await api.admin.people()).people, (rows: PersonRow[]) =>
    dataTable(`${rows.filter((p) => !p.removed_at).length} people invited`, ['Name', 'E-mail', 'Role', 'Last sign-in', ''], rows.map((p) => {
      const remove = h('button', { type: 'button', 'aria-label': `Remove ${p.name}` }, 'Remove')
      d.listen(remove, 'click', () => void people.act(`Remove ${p.name} (${p.email})? Their ${p.role} role ends at once.`, () => api.admin.removePerson(p.email), `Removed ${p.name}.`))
      return h('tr', { 'data-person': p.email, class: p.removed_at ? 'removed' : undefined },
        h('td', {}, p.name), h('td', {}, p.email), h('td', {}, p.removed_at ? `removed (was ${p.role})` : p.role),
        h('td', {}, when(p.last_sign_in_at, 'not yet')), h('td', {}, p.removed_at ? '' : remove))
    })))
  const el = h('section', { class: 'admin-people', 'aria-labelledby': 'people-title' },
    h('h3', { id: 'people-title' }, 'People'),
    h('p', { class: 'muted' }, 'Editors and admins sign in with their council account; the role here applies when the address matches. Their identity-provider groups may grant more.'),
    form, people.status, people.list)

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void (async () => {
      try {
        const p = await api.admin.invite({ email: email.value, name: name.value, role: role.value as 'viewer' })
        people.status.textContent = `Invited ${p.name} as ${p.role}.`
        email.value = ''
        name.value = ''
        await people.load()
      } catch (err) {
        people.status.textContent = plainWords(err)
      }
    })()
  })
  return { el, load: people.load }
}
