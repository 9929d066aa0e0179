/**
 * A catchment in words and a table that reads without scrolling sideways (in the 340 px sidebar
 * and on a phone): rank (ties as ties), the LSOA with its distance, employment deprivation as a
 * percentage with its national decile, and working-age residents; the other measures fold away in
 * a second table. The heading states the distance as applied: a straight line, or a walk and the
 * straight line it was taken as.
 */
import type { Catalogue } from '../../../server/http/contract/catalogue'
import type { Catchment } from '../../../server/http/contract/targeting'
import { formatValue } from '../classes'
import { h } from '../dom'
import { downloadLinks } from '../downloads'
import { rankNode, tieRanks } from './ties'

const FROM: Record<Catchment['anchor']['kind'], string> = { anchor: 'anchor institution', asset: 'asset', postcode: 'postcode', point: 'point on the map' }

export function distanceHeading(c: Catchment): string {
  return c.detour === 1
    ? `Within ${c.distance_m.toLocaleString('en-GB')} m in a straight line of ${c.anchor.name}`
    : `Within a ${c.distance_m.toLocaleString('en-GB')} m walk of ${c.anchor.name} (taken as ${c.reach_m.toLocaleString('en-GB')} m in a straight line × ${c.detour} for the way streets wind)`
}

export function renderCatchment(c: Catchment, url: string, catalogue: Catalogue): HTMLElement[] {
  const { rankBy: RANK_BY, decile: DECILE, workingAge: WORKING_AGE } = catalogue.vocabulary.anchors
  const MORE = catalogue.vocabulary.anchors.more.map((m): [string, string] => [m.id, m.label])
  const ind = (id: string) => catalogue.indicators.find((d) => d.id === id)
  const fmt = (id: string, v: number | null | undefined) => { const d = ind(id); return d ? formatValue(v, d) : v === null || v === undefined ? 'n/a' : String(v) }
  const ranks = tieRanks(c.lsoas, (l) => l.values[RANK_BY], (l) => l.rank)
  const rows = c.lsoas.map((l, k) => {
    const r = ranks[k]
    const decile = l.values[DECILE]
    return h('tr', { class: (decile ?? 99) <= 1 ? 'current' : undefined, 'data-code': l.code },
      h('td', {}, rankNode(r)),
      h('th', { scope: 'row' }, l.name, h('br'), h('span', { class: 'muted' }, `${l.code} · ${(l.distance_m / 1000).toFixed(1)} km${l.context ? ' · outside the borough' : ''}`)),
      h('td', { class: 'num' }, fmt(RANK_BY, l.values[RANK_BY]), h('br'), h('span', { class: 'muted' }, decile === null || decile === undefined ? 'no decile' : `decile ${decile}`)),
      h('td', { class: 'num' }, fmt(WORKING_AGE, l.values[WORKING_AGE])))
  })
  const more = c.lsoas.map((l) => h('tr', {}, h('th', { scope: 'row' }, l.code), ...MORE.map(([id]) => h('td', { class: 'num' }, fmt(id, l.values[id])))))
  const hl = c.headline
  const ties = ranks.some((r) => r.label)
  return [
    h('h3', {}, distanceHeading(c)),
    h('p', { class: 'muted' }, `Measured from the ${FROM[c.anchor.kind]}${c.anchor.organisation ? ` (${c.anchor.organisation})` : ''}.`),
    h('ul', {},
      h('li', {}, `${hl.lsoas} LSOAs, ${hl.workingAge.toLocaleString('en-GB')} residents aged 15-64`),
      h('li', {}, `${hl.workingAgeMostDeprived10.toLocaleString('en-GB')} of them in ${hl.lsoasMostDeprived10} LSOAs in England's most employment-deprived 10%`),
      h('li', {}, `${hl.workingAgeMostDeprived20.toLocaleString('en-GB')} in ${hl.lsoasMostDeprived20} LSOAs in the most deprived 20%`)),
    h('p', { class: 'muted' }, 'The map now shows employment deprivation, the measure this list is ranked by.'),
    downloadLinks(url, 'anchorCatchment', 'the catchment ranking (for recruitment or procurement)'),
    h('div', { class: 'table-wrap fit', role: 'region', 'aria-label': 'Catchment LSOAs ranked by employment deprivation', tabindex: '0' },
      h('table', { class: 'data ranking' },
        h('caption', {}, `LSOAs ranked by employment deprivation, greatest first (highlighted: England's most deprived 10%)${ties ? '; "=" marks a tie' : ''}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rank'), h('th', { scope: 'col' }, 'LSOA, distance'), h('th', { scope: 'col' }, 'Employment deprivation (IoD 2025)'), h('th', { scope: 'col' }, 'Aged 15-64'))),
        h('tbody', {}, ...rows))),
    h('details', { class: 'anchor-more' }, h('summary', {}, 'Income, never worked and no qualifications, by LSOA'),
      h('div', { class: 'table-wrap fit', role: 'region', 'aria-label': 'Other measures of the catchment LSOAs', tabindex: '0' },
        h('table', { class: 'data' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'LSOA'), ...MORE.map(([id, t]) => h('th', { scope: 'col', title: ind(id)?.title ?? id }, t)))), h('tbody', {}, ...more)))),
    h('details', { class: 'anchor-method' }, h('summary', {}, 'How the catchment is worked out'), h('p', {}, c.method), h('p', {}, c.workingAgeBand)),
    h('p', { class: 'muted' }, 'Sources: ', [...new Map(c.indicators.map((d) => [d.source ?? d.id, `${d.source ?? d.title} (${d.vintage})${d.licence ? `, ${d.licence}` : ''}`])).values()].join('; ')),
  ]
}
