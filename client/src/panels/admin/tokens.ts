/**
 * API tokens for scripts: issue one (shown once, with a copy button), see each token's role, last
 * use and expiry, revoke it. Every change lands in the audit trail (server side).
 */
import type { ApiClient } from '../../api'
import type { TokenListRow } from '../../adminApi'
import { h } from '../../dom'
import type { Disposer } from '../control'
import { plainWords } from '../fieldErrors'

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : 'never')

export function tokensSection(api: ApiClient, d: Disposer, roles: string[]): { el: HTMLElement; load: () => Promise<void> } {
  const name = h('input', { id: 'token-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })
  const role = h('select', { id: 'token-role' }, ...roles.map((r) => h('option', { value: r, selected: r === 'editor' }, r)))
  const days = h('input', { id: 'token-days', type: 'number', min: '1', max: '3650', value: '90' })
  const issue = h('button', { type: 'submit' }, 'Issue token')
  const form = h('form', { class: 'admin-form', 'aria-label': 'Issue a token' },
    h('label', { for: 'token-name' }, 'Who or what it is for'), name,
    h('label', { for: 'token-role' }, 'Role'), role,
    h('label', { for: 'token-days' }, 'Valid for (days)'), days, issue)
  const shown = h('div', { class: 'token-once', 'aria-live': 'polite' })
  const status = h('p', { class: 'muted', role: 'status' })
  const list = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Tokens' })
  const el = h('section', { class: 'admin-tokens', 'aria-labelledby': 'tokens-title' },
    h('h3', { id: 'tokens-title' }, 'API tokens'),
    h('p', { class: 'muted' }, 'For scripts and other services. A token is shown once, when it is issued; the service keeps only its hash.'),
    form, shown, status, list)

  async function load(): Promise<void> {
    try {
      const { tokens } = await api.admin.tokens()
      list.replaceChildren(table(tokens))
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }

  function table(tokens: TokenListRow[]): HTMLElement {
    return h('table', { class: 'data' }, h('caption', {}, `${tokens.length} tokens, newest first`),
      h('thead', {}, h('tr', {}, ...['Name', 'Role', 'Status', 'Last used', 'Expires', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...tokens.map((t) => {
        const revoke = h('button', { type: 'button', 'data-token': t.id, 'aria-label': `Revoke the token for ${t.name}`, disabled: t.status !== 'active' }, 'Revoke')
        d.listen(revoke, 'click', () => void revokeOne(t))
        return h('tr', { 'data-token-row': t.id }, h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.status),
          h('td', {}, when(t.last_used_at)), h('td', {}, when(t.expires_at)), h('td', {}, revoke))
      })))
  }

  async function revokeOne(t: TokenListRow): Promise<void> {
    if (!window.confirm(`Revoke the token for "${t.name}"? Anything using it stops working at once.`)) return
    try {
      await api.admin.revokeToken(t.id)
      status.textContent = `Revoked the token for ${t.name}.`
      await load()
    } catch (err) {
      status.textContent = plainWords(err)
    }
  }

  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void (async () => {
      try {
        const t = await api.admin.issueToken({ name: name.value, role: role.value as 'viewer', expires_days: Number(days.value) })
        const code = h('code', { id: 'token-secret' }, t.token)
        const copy = h('button', { type: 'button' }, 'Copy')
        d.listen(copy, 'click', () => void navigator.clipboard?.writeText(t.token).then(() => { copy.textContent = 'Copied' }, () => {}))
        shown.replaceChildren(h('p', {}, `Token for ${t.name} (${t.role}), valid until ${when(t.expires_at)}. Copy it now: it will not be shown again.`), h('p', {}, code, ' ', copy))
        name.value = ''
        await load()
      } catch (err) {
        shown.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, plainWords(err)))
      }
    })()
  })
  return { el, load }
}
