/**
 * A locality's profile: locality vs borough vs London vs England for every indicator, a chart of
 * the chosen layer, and its LSOAs ranked on it. Row click -> `focus-area`; a map click on an LSOA
 * highlights its row.
 */
import { urls, type Catalogue, type LocalityProfile } from '../api'
import { downloadLinks } from '../downloads'
import { formatValue } from '../classes'
import type { Bus, Panel } from '../events'
import { GROUP_LABEL, h } from '../dom'
import { rankNode, tieRanks } from './ties'

const SVG = 'http://www.w3.org/2000/svg'

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
  if (text !== undefined) e.textContent = text
  return e
}

/** Horizontal bars: locality, borough, London, England on the chosen indicator. */
export function comparisonChart(p: LocalityProfile, indicatorId: string): SVGElement | null {
  const row = p.rows.find((r) => r.indicator.id === indicatorId)
  if (!row) return null
  const bars = [
    { label: 'This locality', v: row.locality, fill: '#3b0f70' },
    { label: 'Borough', v: row.borough, fill: '#8c2981' },
    { label: 'London', v: row.london, fill: '#8a8a8a' },
    { label: 'England', v: row.england, fill: '#5a5a5a' },
  ]
  const max = Math.max(...bars.map((b) => Math.abs(b.v ?? 0)), 1e-9)
  const W = 360, rowH = 26, left = 170, right = 56
  const root = svg('svg', { viewBox: `0 0 ${W} ${bars.length * rowH + 8}`, role: 'img', class: 'chart', width: '100%' })
  const title = `${row.indicator.title}: ` + bars.map((b) => `${b.label} ${formatValue(b.v, row.indicator)}`).join(', ')
  root.append(svg('title', {}, title))
  bars.forEach((b, i) => {
    const y = 4 + i * rowH
    root.append(svg('text', { x: left - 6, y: y + 16, 'text-anchor': 'end', 'font-size': 12, fill: '#1d1d1d' }, b.label))
    const w = b.v === null ? 0 : ((W - left - right) * Math.abs(b.v)) / max
    root.append(svg('rect', { x: left, y: y + 4, width: Math.max(w, 0), height: rowH - 10, fill: b.fill }))
    root.append(svg('text', { x: left + w + 4, y: y + 16, 'font-size': 12, fill: '#1d1d1d' }, b.v === null ? 'n/a' : formatValue(b.v, row.indicator)))
  })
  return root
}

export class ProfilePanel implements Panel {
  readonly el = h('section', { class: 'panel profile', 'aria-labelledby': 'profile-title', id: 'profile', tabindex: '-1' })
  private off: Array<() => void> = []
  private profile: LocalityProfile | null = null

  constructor(private readonly bus: Bus, private readonly catalogue: Catalogue) {
    this.el.hidden = true
    this.off.push(bus.on('focus-area', ({ code, origin }) => { if (origin === 'map') this.mark(code, true) }))
  }

  clear(): void {
    this.profile = null
    this.el.hidden = true
    this.el.replaceChildren()
  }

  render(p: LocalityProfile): void {
    this.profile = p
    this.el.hidden = false
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the locality profile' }, '×')
    close.addEventListener('click', () => this.bus.emit('choose-locality', { code: null }))
    const rankInd = this.catalogue.indicators.find((i) => i.id === p.ranking.indicator)
    const chart = comparisonChart(p, p.ranking.indicator)

    const table = h('table', { class: 'data', id: 'profile-table' },
      h('caption', {}, `${p.locality.name} compared with the borough, London and England`),
      h('thead', {}, h('tr', {}, ...['Indicator', 'Locality', 'Borough', 'London', 'England', 'Rank of localities'].map((t) => h('th', { scope: 'col' }, t)))))
    const tbody = h('tbody')
    let group = ''
    for (const r of p.rows.filter((r) => r.locality !== null || r.borough !== null)) {
      if (r.indicator.group !== group) {
        group = r.indicator.group
        tbody.append(h('tr', { class: 'group-row' }, h('th', { scope: 'rowgroup', colspan: '6' }, GROUP_LABEL[group] ?? group)))
      }
      const f = (v: number | null) => formatValue(v, r.indicator)
      tbody.append(h('tr', { 'data-indicator': r.indicator.id, class: r.indicator.id === p.ranking.indicator ? 'current' : undefined },
        h('th', { scope: 'row' }, r.indicator.title, h('span', { class: 'muted' }, ` (${r.indicator.unit}; ${r.indicator.vintage})`)),
        h('td', {}, f(r.locality)), h('td', {}, f(r.borough)), h('td', {}, f(r.london)), h('td', {}, f(r.england)),
        h('td', {}, r.rankAmongLocalities ? `${r.rankAmongLocalities} of ${r.localityCount}` : 'n/a')))
    }
    table.append(tbody)

    const ranked = h('ol', { class: 'ranked', 'aria-label': `LSOAs of ${p.locality.name} ranked on ${rankInd?.title ?? p.ranking.indicator}` })
    // ties shown as ties: equal values share a rank ("=3", read as "joint 3rd")
    const ties = tieRanks(p.ranking.lsoas, (l) => l.value, (l) => l.rank)
    for (const [k, l] of p.ranking.lsoas.entries()) {
      const t = ties[k]
      const b = h('button', { type: 'button', 'data-code': l.code, 'aria-pressed': 'false' },
        h('span', { class: 'rank' }, rankNode(t)), ' ', l.name, h('span', { class: 'muted' }, ` ${l.ward ?? ''}`), h('span', { class: 'value' }, rankInd ? formatValue(l.value, rankInd) : String(l.value)))
      b.addEventListener('click', () => { this.mark(l.code, false); this.bus.emit('focus-area', { code: l.code, origin: 'list', zoom: true, level: 'lsoa21' }) })
      ranked.append(h('li', {}, b))
    }

    this.el.replaceChildren(
      h('header', {}, h('h2', { id: 'profile-title' }, p.locality.name), close),
      h('p', { class: 'report-links' }, 'Printable report for the board: ',
        h('a', { href: urls.report(p.locality.code, p.ranking.indicator, 'pdf'), download: '' }, 'PDF (A4)'), ' · ',
        h('a', { href: urls.report(p.locality.code, p.ranking.indicator, 'html'), target: '_blank', rel: 'noopener' }, 'page to print'), ' · ',
        (() => { const b = h('button', { type: 'button', class: 'link-button' }, 'print this profile'); b.addEventListener('click', () => window.print()); return b })()),
      p.locality.provisional ? h('p', { class: 'note' }, 'Provisional locality: a grouping of wards for discussion, not an official boundary.') : null!,
      h('p', { class: 'summary' }, p.summary),
      h('h3', {}, rankInd?.title ?? 'Chosen layer'),
      chart ?? h('p', { class: 'muted' }, 'No figures for this layer.'),
      h('h3', {}, 'LSOAs, greatest need first'),
      ranked,
      downloadLinks(`${urls.profile(p.locality.code, p.ranking.indicator)}&table=lsoas`, 'profile', 'the ranked LSOAs'),
      h('h3', {}, 'Every indicator'),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Every indicator (scrolls sideways)' }, table),
      downloadLinks(urls.profile(p.locality.code, p.ranking.indicator), 'profile', 'every indicator'),
    )
  }

  /** Marks an LSOA's row (from a map click or a row click). */
  mark(code: string, scroll: boolean): void {
    if (!this.profile) return
    for (const b of this.el.querySelectorAll<HTMLButtonElement>('.ranked button')) {
      const on = b.dataset.code === code
      b.setAttribute('aria-pressed', String(on))
      if (on && scroll) b.scrollIntoView({ block: 'nearest' })
    }
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
