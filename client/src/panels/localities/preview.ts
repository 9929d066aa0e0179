/**
 * The server's preview of a locality change, in words and a table: which wards move where, each
 * locality's figures now and after, and whether the "provisional" label goes. Also the refusal of
 * a definition that leaves wards out or lists one twice, beside the form, with those wards marked.
 */
import type { DefinitionPreview, LocalityFigures } from '../../api'
import { h } from '../../dom'
import { plainWords } from '../fieldErrors'

const whole = (n: number | null) => (n === null ? 'n/a' : Math.round(n).toLocaleString('en-GB'))
const score = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1))
const share = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(0)}%`)

function change(before: LocalityFigures | undefined, after: LocalityFigures, f: (x: LocalityFigures) => string): string {
  const a = f(after)
  if (!before) return `${a} (new)`
  const b = f(before)
  return a === b ? a : `${b} → ${a}`
}

export function renderPreview(p: DefinitionPreview): HTMLElement {
  const was = new Map(p.before.map((f) => [f.code, f]))
  const moves = p.moves.length
    ? h('ul', { class: 'loc-moves' }, ...p.moves.map((m) => h('li', { 'data-ward': m.ward_code },
      m.from ? `${m.ward_name ?? m.ward_code} moves from ${m.from.name} to ${m.to.name}` : `${m.ward_name ?? m.ward_code} joins ${m.to.name}`)))
    : h('p', {}, 'No ward moves.')
  const cols: Array<[string, (x: LocalityFigures) => string]> = [
    ['Wards', (x) => String(x.wards)],
    ['Residents (Census 2021)', (x) => whole(x.population)],
    ['IMD 2025 average score', (x) => score(x.imdScore)],
    ["LSOAs in England's most deprived 20% (IoD 2025)", (x) => share(x.imdShare20)],
  ]
  const gone = p.before.filter((b) => !p.after.some((a) => a.code === b.code))
  const table = h('table', { class: 'data loc-figures' },
    h('caption', {}, 'Figures per locality: now → after saving'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Locality'), ...cols.map(([t]) => h('th', { scope: 'col' }, t)))),
    h('tbody', {},
      ...p.after.map((a) => h('tr', { 'data-locality': a.code },
        h('th', { scope: 'row' }, was.get(a.code) && was.get(a.code)!.name !== a.name ? `${was.get(a.code)!.name} → ${a.name}` : a.name),
        ...cols.map(([, f]) => h('td', {}, change(was.get(a.code), a, f))))),
      ...gone.map((g) => h('tr', { 'data-locality': g.code }, h('th', { scope: 'row' }, g.name), h('td', { colspan: String(cols.length) }, 'no longer a locality')))))
  const label = p.provisional.before && !p.provisional.after
    ? 'The “provisional” label goes: these become the council’s own localities.'
    : p.provisional.after ? 'These localities stay labelled provisional.' : 'These are the council’s own localities (not provisional).'
  return h('div', { class: 'loc-preview-body' },
    h('p', { class: 'loc-preview-lead' }, p.changed ? `${p.moves.length} ward${p.moves.length === 1 ? '' : 's'} would move.` : 'Saving would change nothing.'),
    moves, h('div', { class: 'table-wrap' }, table), h('p', { class: 'loc-provisional' }, label))
}

/** The wards a refusal names (their codes, from the issues' words), to mark in the list. */
export function wardsNamed(err: unknown): string[] {
  const issues = (err as { issues?: Array<{ message: string }> }).issues ?? []
  return [...new Set(issues.flatMap((i) => [...i.message.matchAll(/\b(E05\d{6})\b/g)].map((m) => m[1])))]
}

export const refusal = (err: unknown): string => plainWords(err)
