/**
 * The audit trail, for admins: the latest writes (who, when, what) as a table, with Undo on each
 * locality change (the undo is audited in its turn), and the whole trail as CSV. The CSV is fetched with the token and handed to the browser as a file, because a
 * plain link could not carry the bearer token.
 */
import type { ApiClient, AuditRow } from '../api'
import type { Bus } from '../events'
import { h } from '../dom'
import { can, onUserChange, rejectToken } from '../session'
import { changeCell } from './auditChange'
import { Control } from './control'

export const auditControl = (deps: { api: ApiClient; bus?: Bus }): Control => new Control((container, ctl) => {
  const { api } = deps
  const d = ctl.disposer
  const refresh = h('button', { type: 'button' }, 'Refresh')
  const csv = h('button', { type: 'button' }, 'Download CSV')
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' })
  const table = h('div', { class: 'table-wrap audit-table', tabindex: '0', role: 'region', 'aria-label': 'Audit trail' })
  const section = h('section', { class: 'panel audit', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit trail'),
    h('p', { class: 'muted' }, 'Every write, newest first: who, when, what, and its before and after (the CSV holds them all).'),
    h('p', {}, refresh, ' ', csv), status, table)
  container.append(section)
  d.add(() => section.remove())

  const fail = (err: unknown) => {
    const code = (err as { status?: number }).status
    rejectToken(code)
    status.textContent = code === 403 ? 'The audit trail needs an admin token.' : (err as Error).message
  }

  async function load(): Promise<void> {
    if (!can('admin')) {
      table.replaceChildren()
      status.textContent = 'The audit trail needs an admin token.'
      return
    }
    status.textContent = 'Loading…'
    try {
      const page = await api.audit(100)
      if (ctl.removed) return
      status.textContent = `The latest ${page.entries.length} of ${page.total} entries.`
      const cols: Array<[string, (r: AuditRow) => string]> = [
        ['When', (r) => new Date(r.at).toLocaleString('en-GB')], ['Who', (r) => `${r.actor_name} (${r.actor_role})`],
        ['Action', (r) => r.action], ['What', (r) => `${r.entity} ${r.entity_id ?? ''}`],
      ]
      table.replaceChildren(h('table', { class: 'data' }, h('caption', {}, 'Latest writes'),
        h('thead', {}, h('tr', {}, ...cols.map(([t]) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, 'Undo'))),
        h('tbody', {}, ...page.entries.map((r) => h('tr', { 'data-audit': String(r.id) }, ...cols.map(([t, f]) => h('td', {}, f(r), t === 'Action' ? changeCell(r.before, r.after) : null)), h('td', {}, undoButton(r)))))))
    } catch (err) {
      fail(err)
    }
  }

  /** Undo on a locality change that replaced an earlier definition. */
  function undoButton(r: AuditRow): HTMLElement | null {
    if (r.entity !== 'locality_definition' || !Array.isArray(r.before) || !r.before.length) return null
    const b = h('button', { type: 'button', 'aria-label': `Undo locality change ${r.id}` }, 'Undo')
    b.addEventListener('click', () => {
      b.disabled = true
      api.undoLocalityChange(r.id).then((u) => {
        deps.bus?.emit('localities-changed', {})
        return load().then(() => { status.textContent = `Undid locality change ${r.id} (audit entry ${u.auditId}).` })
      }).catch((err) => { b.disabled = false; fail(err) })
    })
    return b
  }

  async function download(): Promise<void> {
    try {
      const blob = await api.auditCsv()
      const a = h('a', { href: URL.createObjectURL(blob), download: 'audit.csv' })
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    } catch (err) {
      fail(err)
    }
  }

  d.listen(refresh, 'click', () => void load())
  d.listen(csv, 'click', () => void download())
  d.add(onUserChange(() => void load()))
  void load()
  return {
    setActive(on: boolean) { if (on) void load() },
  }
})
