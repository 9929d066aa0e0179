/**
 * The locality changes from the audit trail, newest first: who, when, which wards moved, and an
 * Undo button on each that replaced an earlier definition (the undo is itself a change, listed
 * and undoable in its turn).
 */
import type { LocalityChange } from '../../api'
import { h } from '../../dom'

const VERB: Record<string, string> = { 'localities.replace': 'Saved', 'localities.undo': 'Undid a change' }

export function renderHistory(changes: LocalityChange[], undo: (c: LocalityChange, button: HTMLButtonElement) => void): HTMLElement {
  if (!changes.length) return h('p', { class: 'muted' }, 'No locality changes yet: the localities are as imported.')
  return h('ol', { class: 'loc-history-list' }, ...changes.map((c) => {
    const when = new Date(c.at).toLocaleString('en-GB')
    const moved = c.moves.length
      ? `${c.moves.length} ward${c.moves.length === 1 ? '' : 's'} moved: ${c.moves.map((m) => `${m.ward_name ?? m.ward_code} to ${m.to.name}`).join('; ')}`
      : 'no ward moved'
    const button = h('button', { type: 'button', class: 'loc-undo', 'aria-label': `Undo the change of ${when} (${moved})` }, 'Undo')
    button.addEventListener('click', () => undo(c, button))
    return h('li', { 'data-audit': String(c.id) },
      h('p', {}, h('strong', {}, `${VERB[c.action] ?? c.action}`), ` · ${when} · ${c.actor}`),
      h('p', {}, moved), c.undoable ? button : null)
  }))
}
