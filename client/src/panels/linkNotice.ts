/**
 * A link that names something this atlas does not have (an old layer id, a locality code from
 * before a boundary change, a misspelt parameter) opens the default view for that part: this
 * notice says what was ignored, in words, instead of resetting silently.
 */
import type { Catalogue } from '../api'
import { h } from '../dom'
import { MAP_LEVELS, TOOLS, type ViewState } from '../state'

const NAMES: Record<string, string> = {
  layer: 'layer', level: 'geography', class: 'colour classes', locality: 'locality', assets: 'asset categories', view: 'view',
  at: 'map position', tool: 'tool', scenario: 'saved scenario', index: 'need index', 'index-method': 'need index scale',
  'index-level': 'need index geography', 'index-missing': 'need index missing-value rule', anchor: 'anchor', distance: 'anchor distance',
}

/** What the link asked for and did not get, one phrase each (empty: nothing ignored). */
export function ignoredInLink(search: string, s: ViewState, c: Catalogue): string[] {
  const p = new URLSearchParams(search)
  const out: string[] = []
  const q = (v: string) => `“${v.length > 40 ? `${v.slice(0, 40)}…` : v}”`
  for (const [k, v] of p) {
    if (!(k in NAMES)) { out.push(`${q(k)} is not something a link can set`); continue }
    const bad = (() => {
      switch (k) {
        case 'layer': return s.indicator !== v
        case 'level': return !(MAP_LEVELS as readonly string[]).includes(v)
        case 'class': return s.classification !== v
        case 'locality': return s.locality !== v
        case 'view': return v !== 'map' && v !== 'table'
        case 'at': return s.camera === null
        case 'tool': return !(TOOLS as readonly string[]).includes(v)
        case 'scenario': return s.scenario === null
        case 'anchor': return s.anchor === null
        case 'distance': return s.anchor !== null && String(s.anchor.distance) !== v
        case 'index': return s.needIndex === null
        default: return s.needIndex !== null && s.needIndex[k.slice('index-'.length) as 'method' | 'level' | 'missing'] !== v
      }
    })()
    if (k === 'assets') {
      const unknown = v.split(',').filter((a) => a && !c.assetCategories.some((x) => x.id === a))
      if (unknown.length) out.push(`asset categor${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map(q).join(', ')} (not in this atlas)`)
    } else if (bad) out.push(`${NAMES[k]} ${q(v)}`)
  }
  return out
}

/** The notice, or null when the link was understood in full. Dismissible; focus is not moved. */
export function linkNotice(search: string, s: ViewState, c: Catalogue): HTMLElement | null {
  const ignored = ignoredInLink(search, s, c)
  if (!ignored.length) return null
  const close = h('button', { type: 'button', 'aria-label': 'Dismiss the note about the link' }, 'Dismiss')
  const el = h('div', { class: 'link-notice', id: 'link-notice', role: 'status' },
    h('p', {}, `This link asked for things the atlas does not have, so it shows the usual view for them instead. Ignored: ${ignored.join('; ')}.`), close)
  close.addEventListener('click', () => el.remove())
  return el
}
