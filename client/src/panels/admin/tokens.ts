/**
 * API tokens for scripts: issue one (shown once, with a copy button), see each token's role, last
 * use and expiry, revoke it. Every change lands in the audit trail (server side). Once issued,
 * focus moves to the token's Copy button; Escape there (or "Hide it") clears the token from the
 * page and puts focus back in the form.
 */
import type { ApiClient } from '../../api'
import type { TokenListRow } from '../../adminApi'
import { h } from '../../dom'
import type { Disposer } from '../control'
import { plainWords } from '../fieldErrors'
import { dataTable, listing, when } from './listing'

export function tokensSection(api: ApiClient, d: Disposer, roles: string[]): { el: HTMLElement; load: () => Promise<void> } {
  const name = h('input', { id: 'token-name', type: 'text', required: true, maxlength: '200', autocomplete: 'off' })
  const role = h('select', { id: 'token-role' }, ...roles.map((r) => h('option', { value: r, selected: r === 'editor' }, r)))
  const days = h('input', { id: 'token-days', type: 'number', min: '1', max: '3650', value: '90' })
  const form = h('form', { class: 'admin-form', 'aria-label': 'Issue a token' },
    h('label', { for: 'token-name' }, 'Who or what it is for'), name,
    h('label', { for: 'token-role' }, 'Role'), role,
    h('label', { for: 'token-days' }, 'Valid for (days)'), days, h('button', { type: 'submit' }, 'Issue token'))
  const shown = h('div', { class: 'token-once', 'aria-live': 'polite' })
  const tokens = listing('Tokens', async () => (await api.admin.tokens()).tokens, (rows: TokenListRow[]) =>
    dataTable(`${rows.length} tokens, newest first`, ['Name', 'Role', 'Status', 'Last used', 'Expires', ''], rows.map((t) => {
      const revoke = h('button', { type: 'button', 'data-token': t.id, 'aria-label': `Revoke the token for ${t.name}`, disabled: t.status !== 'active' }, 'Revoke')
      d.listen(revoke, 'click', () => void tokens.act(`Revoke the token for "${t.name}"? Anything using it stops working at once.`, () => api.admin.revokeToken(t.id), `Revoked the token for ${t.name}.`))
      return h('tr', { 'data-token-row': t.id }, h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.status),
        h('td', {}, when(t.last_used_at, 'never')), h('td', {}, when(t.expires_at, 'never')), h('td', {}, revoke))
    })))
  const el = h('section', { class: 'admin-tokens', 'aria-labelledby': 'tokens-title' },
    h('h3', { id: 'tokens-title' }, 'API tokens'),
    h('p', { class: 'muted' }, 'For scripts and other services. A token is shown once, when it is issued; the service keeps only its hash.'),
    form, shown, tokens.status, tokens.list)

  const hide = () => {
    shown.replaceChildren()
    name.focus()
  }
  d.listen(shown, 'keydown', (e) => { if (e.key === 'Escape' && shown.firstChild) hide() })
  d.listen(form, 'submit', (e) => {
    e.preventDefault()
    void (async () => {
      try {
        const t = await api.admin.issueToken({ name: name.value, role: role.value as 'viewer', expires_days: Number(days.value) })
        const code = h('code', { id: 'token-secret' }, t.token)
        const copy = h('button', { type: 'button', id: 'token-copy' }, 'Copy')
        const done = h('button', { type: 'button' }, 'Hide it')
        d.listen(copy, 'click', () => void navigator.clipboard?.writeText(t.token).then(() => { copy.textContent = 'Copied' }, () => {}))
        d.listen(done, 'click', hide)
        shown.replaceChildren(h('p', {}, `Token for ${t.name} (${t.role}), valid until ${when(t.expires_at, 'never')}. Copy it now: it will not be shown again.`), h('p', {}, code, ' ', copy, ' ', done))
        name.value = ''
        copy.focus()
        await tokens.load()
      } catch (err) {
        shown.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, plainWords(err)))
      }
    })()
  })
  return { el, load: tokens.load }
}
