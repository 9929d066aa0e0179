/**
 * An audit entry's before and after, readable in the trail: for a record (a person, a token, an
 * import's editions) the fields that changed, each "was → now"; for anything else (a locality
 * definition's rows) both as JSON. Folded in a <details> under the action, so a row stays short.
 */
import { h } from '../dom'

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const shown = (v: unknown) => {
  const s = v === undefined ? '(none)' : JSON.stringify(v)
  return s.length > 160 ? `${s.slice(0, 157)}…` : s
}

export function changeCell(before: unknown, after: unknown): HTMLElement {
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const b = before ?? {}
    const a = after ?? {}
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    return h('details', { class: 'audit-change' }, h('summary', {}, before === null ? 'Created' : keys.length ? `Changed ${keys.join(', ')}` : 'No change'),
      h('ul', {}, ...keys.map((k) => h('li', { 'data-field': k }, h('strong', {}, k), `: ${shown(b[k])} → ${shown(a[k])}`))))
  }
  return h('details', { class: 'audit-change' }, h('summary', {}, 'Before and after'),
    h('p', {}, h('strong', {}, 'Before')), h('pre', { 'data-side': 'before' }, JSON.stringify(before, null, 1)),
    h('p', {}, h('strong', {}, 'After')), h('pre', { 'data-side': 'after' }, JSON.stringify(after, null, 1)))
}
