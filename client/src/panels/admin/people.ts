/**
 * People who sign in with the council's identity provider: invite by e-mail address with a role,
 * change the role by inviting again, remove. Removing ends the invited role at once.
 */
import type { ApiClient } from '../../api'
import type { PersonRow } from '../../adminApi'
import { h } from '../../dom'
import type { Disposer } from '../control'
import { plainWords } from '../fieldErrors'

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : 'not yet')

export function peopleSection(api: ApiClient, d: Disposer, roles: string[]): { el: HTMLElement; load: () => Promise<void> } {
  const email = h('input', { id: 'person-email', type: 'email', required: true, maxlength: '200', autocomplete: 'off' })
  const name = h('input', { id: 'person-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })
  const role = h('select', { id: 'person-role' }, ...roles.map((r) => h('option', { value: r, selected: r === 'editor' }, r)))
  const form = h('form', { class: 'admin-form', 'aria-label': 'Invite a person' },
    h('label', { for: 'person-email' }, 'E-mail address'), email,
    h('label', { for: 'person-name' }, 'Name'), name,
    h('label', { for: 'person-role' }, 'Role'), role,
    h('button', { type: 'submit' }, 'Invite'))
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  const list = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'People' })
  const el = h('section', { class: 'admin-people', 'aria-labelledby': 'people-title' },
    h('h3', { id: 'people-title' }, 'People'),
    h('p', { class: 'muted' }, 'Editors and admins sign in with their council account; the role here applies when the address matches. Their identity-provider groups may grant more.'),
    form, status, list)

  async function load(): Promise<void> {
    try {
      const { people } = await api.admin.people()
      list.replaceChildren(table(people))
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }

  function table(people: PersonRow[]): HTMLElement {
    return h('table', { class: 'data' }, h('caption', {}, `${people.filter((p) => !p.removed_at).length} people invited`),
      h('thead', {}, h('tr', {}, ...['Name', 'E-mail', 'Role', 'Last sign-in', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...people.map((p) => {
        const remove = h('button', { type: 'button', 'aria-label': `Remove ${p.name}` }, 'Remove')
        d.listen(remove, 'click', () => void removeOne(p))
        return h('tr', { 'data-person': p.email, class: p.removed_at ? 'removed' : undefined },
          h('td', {}, p.name), h('td', {}, p.email), h('td', {}, p.removed_at ? `removed (was ${p.role})` : p.role),
          h('td', {}, when(p.last_sign_in_at)), h('td', {}, p.removed_at ? '' : remove))
      })))
  }

  async function removeOne(p: PersonRow): Promise<void> {
    if (!window.confirm(`Remove ${p.name} (${p.email})? Their ${p.role} role ends at once.`)) return
    try {
      await api.admin.removePerson(p.email)
      status.textContent = `Removed ${p.name}.`
      await load()
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void (async () => {
      try {
        const p = await api.admin.invite({ email: email.value, name: name.value, role: role.value as 'viewer' })
        status.textContent = `Invited ${p.name} as ${p.role}.`
        email.value = ''
        name.value = ''
        await load()
      } catch (err) {
        status.textContent = plainWords(err)
      }
    })()
  })
  return { el, load }
}
