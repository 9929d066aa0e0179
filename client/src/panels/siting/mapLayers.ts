/**
 * The siting layers: the shown run's catchments (filled, one colour per hub) and hubs (numbered,
 * named, labels placed so they never overlap one another), and the runs compared with it
 * (catchments dashed, hubs as rings with their run's letter). Their key is SITING_KEY.
 */
import type * as maplibregl from 'maplibre-gl'
import type { SitingResult } from '../../../../server/http/contract/siting'
import type { OverlayKey } from '../../map/overlayKey'
import { setLayersVisible } from '../../map/styleReady'
import type { Disposer } from '../control'
import { PALETTE } from './words'

const SRC = { catch: 'siting-catchments', sites: 'siting-sites', cmp: 'siting-compare' }
const LAYERS = ['siting-catchments-fill', 'siting-catchments-line', 'siting-compare-line', 'siting-compare-sites', 'siting-sites-circle', 'siting-compare-label', 'siting-sites-label']

/** What the siting layers draw, for the map's legend and the PNG export. */
export const SITING_KEY: OverlayKey[] = [
  {
    label: 'Proposed hub, numbered as in the list of chosen sites', symbol: 'dot', colour: '#0072B2', stroke: '#000',
    source: 'Family Hub sites and catchments computed here (location-allocation over LSOA population-weighted centroids: ONS 2021, OGL; populations: Census 2021, ONS, OGL; need: IDACI, MHCLG, OGL; candidate sites from the asset register)',
  },
  { label: 'Area served by each hub (catchment), in that hub\'s colour', symbol: 'fill', colour: 'rgba(0, 114, 178, 0.25)', stroke: '#222' },
  { label: 'Run compared: its catchments (dashed) and hubs (rings, with its letter)', symbol: 'dashed', colour: '#D55E00' },
]

/** "A", "B", …: the letter of the k-th run in a comparison */
export const runLetter = (k: number) => String.fromCharCode(65 + k)

const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
const LABEL_LAYOUT: maplibregl.SymbolLayerSpecification['layout'] = {
  'text-font': ['Open Sans Semibold'], 'text-size': 12, 'text-max-width': 11,
  // labels placed around their hub, never over another label; each hub's label is kept where it fits
  'text-variable-anchor': ['top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
  'text-radial-offset': 1.1, 'text-justify': 'auto', 'text-allow-overlap': false, 'text-ignore-placement': false, 'text-padding': 2,
}

export class SitingLayers {
  private active = true

  constructor(private readonly map: maplibregl.Map, private readonly disposer: Disposer) {
    disposer.ownLayers(map, [...LAYERS].reverse(), Object.values(SRC))
  }

  private ensure(): boolean {
    const map = this.map
    if (this.disposer.isDisposed) return false
    if (map.getSource(SRC.catch)) return true
    map.addSource(SRC.catch, { type: 'geojson', data: empty })
    map.addSource(SRC.sites, { type: 'geojson', data: empty })
    map.addSource(SRC.cmp, { type: 'geojson', data: empty })
    map.addLayer({ id: 'siting-catchments-fill', type: 'fill', source: SRC.catch, paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.25 } })
    map.addLayer({ id: 'siting-catchments-line', type: 'line', source: SRC.catch, paint: { 'line-color': '#222', 'line-width': 2 } })
    map.addLayer({ id: 'siting-compare-line', type: 'line', source: SRC.cmp, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#D55E00', 'line-width': 2.5, 'line-dasharray': [2, 2] } })
    map.addLayer({ id: 'siting-compare-sites', type: 'circle', source: SRC.cmp, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': '#D55E00', 'circle-stroke-width': 3 } })
    map.addLayer({ id: 'siting-sites-circle', type: 'circle', source: SRC.sites, paint: { 'circle-radius': 9, 'circle-color': ['get', 'colour'], 'circle-stroke-color': '#000', 'circle-stroke-width': 2 } })
    map.addLayer({
      id: 'siting-compare-label', type: 'symbol', source: SRC.cmp, filter: ['==', ['geometry-type'], 'Point'],
      layout: { ...LABEL_LAYOUT, 'text-field': ['get', 'label'] },
      paint: { 'text-color': '#7a2e00', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    })
    // the shown run's hubs: number and name, on top (placed first, so they win over other labels)
    map.addLayer({
      id: 'siting-sites-label', type: 'symbol', source: SRC.sites,
      layout: { ...LABEL_LAYOUT, 'text-field': ['get', 'label'], 'symbol-sort-key': ['get', 'n'] },
      paint: { 'text-color': '#000000', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    })
    setLayersVisible(map, LAYERS, this.active)
    return true
  }

  private setData(id: string, data: GeoJSON.FeatureCollection): void {
    (this.map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data)
  }

  /** Draws `shown` (filled) and `compared` (dashed, lettered B, C, … after the shown run's A). */
  draw(shown: SitingResult, compared: SitingResult[] = []): void {
    this.disposer.whenStyleLoaded(this.map, 'siting', () => {
      if (!this.ensure()) return
      const colour = new Map(shown.sites.map((s, k) => [s.id, PALETTE[k % PALETTE.length]]))
      this.setData(SRC.catch, { type: 'FeatureCollection', features: shown.catchments.features.map((f) => ({ ...f, properties: { ...f.properties, colour: colour.get(String(f.properties?.site)) } })) })
      const lettered = compared.length > 0
      this.setData(SRC.sites, {
        type: 'FeatureCollection',
        features: shown.sites.map((s, k) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { name: s.name, n: k + 1, label: `${lettered ? 'A' : ''}${k + 1} ${s.name}`, colour: colour.get(s.id) } })),
      })
      this.setData(SRC.cmp, {
        type: 'FeatureCollection',
        features: compared.flatMap((r, j) => [
          ...r.catchments.features.map((f) => ({ ...f, properties: { ...f.properties, run: runLetter(j + 1) } })),
          ...r.sites.map((s, k) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] }, properties: { name: s.name, run: runLetter(j + 1), label: `${runLetter(j + 1)}${k + 1} ${s.name}` } })),
        ]),
      })
    })
  }

  setActive(on: boolean): void {
    this.active = on
    setLayersVisible(this.map, LAYERS, on)
  }
}
