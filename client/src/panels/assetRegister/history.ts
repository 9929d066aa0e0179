/** An asset's changes from the audit trail, newest first: who, when, and each field before and after. */
import type { AssetChangeEntry } from '../../assetApi'
import { h } from '../../dom'

const VERB: Record<string, string> = {
  'asset.create': 'Added', 'asset.update': 'Changed', 'asset.close': 'Closed', 'asset.reopen': 'Reopened', 'asset.delete': 'Removed',
}

const shown = (v: string | null) => (v === null ? '(none)' : `“${v}”`)

export function renderAssetHistory(changes: AssetChangeEntry[]): HTMLElement {
  if (!changes.length) return h('p', { class: 'muted' }, 'No changes recorded: the asset is as imported.')
  return h('ol', { class: 'ar-history-list' }, ...changes.map((c) => h('li', { 'data-audit': String(c.id) },
    h('p', {}, h('strong', {}, VERB[c.action] ?? c.action), ` · ${new Date(c.at).toLocaleString('en-GB')} · ${c.actor_name} (audit entry ${c.id})`),
    c.changes.length ? h('ul', {}, ...c.changes.map((f) => h('li', { 'data-field': f.field }, `${f.field}: ${shown(f.before)} → ${shown(f.after)}`))) : null)))
}
