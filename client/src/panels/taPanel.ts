/**
 * Temporary accommodation, shown honestly: MHCLG publishes it for whole local authorities only, so
 * when a housing layer is chosen this shows the borough's figure and trend beside London and
 * England (a small chart and a table, with source and vintage) instead of a made-up choropleth. A
 * council's own LSOA counts, once imported, stay an ordinary map layer.
 */
import type { Catalogue, SeriesResult } from '../api'
import type { Bus, Panel } from '../events'
import { h } from '../dom'
import type { ViewState } from '../state'
import { isRate, periodLabel, ROLE_STYLE, seriesChart } from './seriesChart'

/** The catalogue group whose layers bring up the borough series. */
export const SERIES_GROUP = 'housing'

export class TaPanel implements Panel {
  readonly el = h('section', { class: 'panel ta', id: 'ta-panel', 'aria-labelledby': 'ta-title', hidden: true })
  private off: Array<() => void> = []
  private data: Promise<SeriesResult> | null = null
  private choice = h('select', { id: 'ta-series' })
  private body = h('div', { class: 'ta-body' })
  private chosen: string | null = null

  constructor(bus: Bus, private readonly catalogue: Catalogue, private readonly load: () => Promise<SeriesResult>) {
    this.el.append(h('h2', { id: 'ta-title' }, 'Temporary accommodation: borough figures'), this.body)
    this.choice.addEventListener('change', () => {
      this.chosen = this.choice.value
      void this.draw()
    })
    this.off.push(bus.on('state', ({ state }) => this.render(state)))
  }

  render(s: ViewState): void {
    const ind = this.catalogue.indicators.find((i) => i.id === s.indicator)
    const show = ind?.group === SERIES_GROUP
    this.el.hidden = !show
    if (show && !this.data) void this.draw()
  }

  private async draw(): Promise<void> {
    this.data ??= this.load()
    let r: SeriesResult
    try {
      r = await this.data
    } catch (err) {
      this.data = null
      const retry = h('button', { type: 'button' }, 'Retry')
      retry.addEventListener('click', () => void this.draw(), { once: true })
      this.body.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load the borough series: ${(err as Error).message} `, retry))
      return
    }
    const withData = r.series.filter((s) => s.areas.length)
    if (!withData.length) {
      this.body.replaceChildren(h('p', { class: 'note', role: 'note' }, 'No temporary accommodation figures are imported yet.'))
      return
    }
    const s = withData.find((x) => x.id === this.chosen) ?? withData[0]
    this.choice.replaceChildren(...withData.map((x) => h('option', { value: x.id, selected: x.id === s.id }, x.title)))
    const periods = [...new Set(s.areas.flatMap((a) => a.points.map((p) => p.period)))].sort()
    const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toLocaleString('en-GB', { minimumFractionDigits: s.decimals, maximumFractionDigits: s.decimals }))
    const value = (role: string, period: string) => s.areas.find((a) => a.role === role)?.points.find((p) => p.period === period)?.value ?? null
    const borough = s.areas.find((a) => a.role === 'borough')
    const last = periods.at(-1)!
    const prev = periods.at(-2)
    const now = value('borough', last)
    const before = prev ? value('borough', prev) : null
    const change = now !== null && before ? ((now - before) / before) * 100 : null
    const headline = h('p', { class: 'headline', id: 'ta-headline' },
      `${borough?.name ?? 'The borough'}: ${fmt(now)} ${s.unit} at `, h('time', { datetime: last }, periodLabel(last)),
      prev ? ` (${fmt(before)} at ${periodLabel(prev)}${change === null ? '' : `, ${change > 0 ? '+' : ''}${change.toFixed(1)}%`}).` : '.')
    const cols = s.areas.map((a) => a)
    const table = h('table', { class: 'data', id: 'ta-table' },
      h('caption', {}, `${s.title} (${s.unit})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Snapshot'), ...cols.map((a) => h('th', { scope: 'col', 'data-role': a.role }, a.role === 'borough' ? a.name : ROLE_STYLE[a.role]?.label ?? a.name)))),
      h('tbody', {}, ...periods.map((p) => h('tr', { 'data-period': p },
        h('th', { scope: 'row' }, h('time', { datetime: p }, periodLabel(p))),
        ...cols.map((a) => h('td', { 'data-role': a.role }, fmt(value(a.role, p))))))))
    const src = s.source
    this.body.replaceChildren(
      h('p', { class: 'note', role: 'note' }, `${r.note} So this is one figure for the whole borough, not a map of where households live.`),
      h('div', { class: 'field' }, h('label', { for: 'ta-series' }, 'Figure'), this.choice),
      headline,
      seriesChart(s, 'ta-chart-title'),
      h('p', { class: 'muted' }, isRate(s) ? `Lines show ${s.unit}.` : 'Lines show each area\'s trend, indexed to its first snapshot = 100 (the counts differ too much to share an axis); the table gives the counts.'),
      h('div', { class: 'table-wrap' }, table),
      h('p', { class: 'source-line' }, src ? `Source: ${src.title} (${src.publisher}), ${src.vintage}. ${src.licence}. ${src.attribution}.` : 'Source not imported yet.'),
    )
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.el.remove()
  }
}
