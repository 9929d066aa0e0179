/**
 * The need index's answer: how it was built, its stability, the downloads and share link, the
 * ranked table with each component's contribution and rank range, and the top N areas highlighted
 * on the map through the panel's own source and layers (hidden while another tool is open).
 */
import type * as maplibregl from 'maplibre-gl'
import type { IndexComponent, NeedIndexResult } from '../../../../server/http/contract/targeting'
import { h } from '../../dom'
import { downloadLinks } from '../../downloads'
import type { OverlayKey } from '../../map/overlayKey'
import { setLayersVisible } from '../../map/styleReady'
import type { Disposer } from '../control'

export type IndexCollection = Omit<NeedIndexResult, 'areas'> & GeoJSON.FeatureCollection<GeoJSON.Geometry | null, Record<string, unknown>>

const SOURCE = 'need-index-panel'
const FILL = 'need-index-panel-fill'
const LINE = 'need-index-panel-line'

/** What the index layer draws, for the map's legend (the colours of highlight below). */
export const NEED_INDEX_KEY: OverlayKey[] = [
  { label: 'Areas of greatest need on the index (the top chosen)', symbol: 'fill', colour: 'rgba(122, 1, 119, 0.35)', stroke: '#49006a', source: 'Need index computed here from the indicators chosen in the Need index panel (each indicator\'s source is listed there and in its download)' },
]

const fmt = (x: unknown, dp = 3) => (typeof x === 'number' ? x.toFixed(dp) : '–')

export interface ResultsContext {
  d: Disposer
  id: (s: string) => string
  /** the link to share (the app's URL once it holds the index, else the API's) */
  share: string
  /** the API URL of the index computed (for its downloads) */
  query: string
  topN: number
  say: (text: string) => void
}

/** The answer, as the children of the results box. */
export function renderIndexResults(r: IndexCollection, c: ResultsContext): HTMLElement[] {
  const comps: IndexComponent[] = r.components
  const shareInput = h('input', { id: c.id('share'), type: 'text', readonly: true, value: c.share, size: '40' })
  const copy = h('button', { type: 'button' }, 'Copy link')
  c.d.listen(copy, 'click', () => void navigator.clipboard?.writeText(c.share).then(() => c.say('Link copied.')))
  const head = h('tr', {}, ...['Rank', 'Area', 'Index'].map((t) => h('th', { scope: 'col' }, t)),
    h('th', { scope: 'col', title: 'Stability: the best and worst rank of this area across other weightings (each weight 20% up and down, equal weights, each component left out)' }, 'Rank range (stability)'),
    ...comps.map((x) => h('th', { scope: 'col', title: `${x.title} (${x.vintage}); weight ${x.weight.toFixed(3)}` }, `${x.title}: contribution`)))
  const rows = r.features.map((f) => {
    const p = f.properties
    const top = (p.rank as number) <= c.topN
    return h('tr', { class: top ? 'current' : undefined },
      h('td', {}, String(p.rank)), h('th', { scope: 'row' }, `${p.name} `, h('span', { class: 'muted' }, String(p.code))), h('td', {}, fmt(p.index)),
      h('td', {}, `${p.rankMin}–${p.rankMax}`),
      ...comps.map((x) => h('td', { title: `normalised ${fmt(p[`${x.id}_normalised`])}${p[`${x.id}_imputed`] ? ' (imputed)' : ''}` }, fmt(p[`${x.id}_contribution`]) + (p[`${x.id}_imputed`] ? '*' : ''))))
  })
  return [
    h('h3', {}, 'How it was built'),
    h('ul', {}, ...r.notes.map((n) => h('li', {}, n))),
    ...(r.stability ? [h('p', { class: 'need-index-stability' }, `Stability: ranks move by up to ${r.stability.maxRankRange} places (${r.stability.meanRankRange.toFixed(1)} on average) across ${r.stability.scenarios.length} other weightings; the Rank range column gives each area's best and worst rank.`)] : []),
    downloadLinks(c.query, 'needIndex', 'the need index ranking'),
    h('div', {}, h('label', { for: shareInput.id }, 'Share this index '), shareInput, ' ', copy),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Areas ranked by the need index' },
      h('table', { class: 'data' }, h('caption', {}, `Areas ranked by need index (rank 1 = greatest need; * = imputed value)`), h('thead', {}, head), h('tbody', {}, ...rows))),
    h('p', { class: 'muted' }, 'Sources: ', comps.map((x) => `${x.title}: ${x.source ?? x.dataset}, ${x.vintage}${x.licence ? `, ${x.licence}` : ''}`).join('; ')),
  ]
}

/** The top N areas on the map; the rows of `results` that are highlighted are marked current. */
export class NeedIndexLayer {
  private active = true

  constructor(private readonly map: maplibregl.Map, private readonly d: Disposer) {
    d.ownLayers(map, [FILL, LINE], [SOURCE])
  }

  highlight(r: IndexCollection, topN: number, results: HTMLElement): void {
    const map = this.map
    this.d.whenStyleLoaded(map, SOURCE, () => {
      const data = { type: 'FeatureCollection' as const, features: r.features.filter((f) => f.geometry) } as GeoJSON.FeatureCollection
      const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
      if (src) src.setData(data)
      else {
        map.addSource(SOURCE, { type: 'geojson', data })
        map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': '#7a0177', 'fill-opacity': 0.35 } })
        map.addLayer({ id: LINE, type: 'line', source: SOURCE, paint: { 'line-color': '#49006a', 'line-width': 2.5 } })
      }
      const filter: maplibregl.FilterSpecification = ['<=', ['get', 'rank'], topN]
      map.setFilter(FILL, filter)
      map.setFilter(LINE, filter)
      setLayersVisible(map, [FILL, LINE], this.active)
      results.querySelectorAll('tbody tr').forEach((tr, i) => tr.classList.toggle('current', (r.features[i]?.properties.rank as number) <= topN))
    })
  }

  setActive(on: boolean): void {
    this.active = on
    setLayersVisible(this.map, [FILL, LINE], on)
  }
}
