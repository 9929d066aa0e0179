/**
 * What the anchor view draws: the LSOAs within reach outlined (so the choropleth under them, the
 * indicator the table ranks, stays readable), the reach as a dashed ring and the origin as a dot
 * with its name. Its own source and layers, hidden by setActive(false), removed
 * when the panel's control is.
 */
import type * as maplibregl from 'maplibre-gl'
import type { Catchment } from '../../../server/http/contract/targeting'
import { setLayersVisible } from '../map/styleReady'
import type { Disposer } from './control'

const SOURCE = 'anchor-panel'
const LAYERS = ['anchor-panel-lsoas', 'anchor-panel-reach', 'anchor-panel-point', 'anchor-panel-label'] as const

export class AnchorMap {
  private active = true

  constructor(private readonly map: maplibregl.Map, private readonly disposer: Disposer) {
    disposer.ownLayers(map, LAYERS, [SOURCE])
  }

  draw(c: Catchment): void {
    const map = this.map
    const data: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        ...(c.geometry.lsoas ? [{ type: 'Feature' as const, geometry: c.geometry.lsoas, properties: { part: 'lsoas' } }] : []),
        { type: 'Feature', geometry: c.geometry.reach, properties: { part: 'reach' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [c.anchor.lon, c.anchor.lat] }, properties: { part: 'anchor', name: c.anchor.name } },
      ],
    }
    const apply = () => {
      const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
      if (src) src.setData(data)
      else {
        map.addSource(SOURCE, { type: 'geojson', data })
        map.addLayer({ id: LAYERS[0], type: 'line', source: SOURCE, filter: ['==', ['get', 'part'], 'lsoas'], paint: { 'line-color': '#332288', 'line-width': 2.5 } })
        map.addLayer({ id: LAYERS[1], type: 'line', source: SOURCE, filter: ['==', ['get', 'part'], 'reach'], paint: { 'line-color': '#332288', 'line-width': 2, 'line-dasharray': [2, 2] } })
        map.addLayer({ id: LAYERS[2], type: 'circle', source: SOURCE, filter: ['==', ['get', 'part'], 'anchor'], paint: { 'circle-color': '#332288', 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } })
        map.addLayer({
          id: LAYERS[3], type: 'symbol', source: SOURCE, filter: ['==', ['get', 'part'], 'anchor'],
          layout: { 'text-field': ['get', 'name'], 'text-font': ['Open Sans Semibold'], 'text-size': 12, 'text-variable-anchor': ['top', 'bottom', 'left', 'right'], 'text-radial-offset': 1, 'text-max-width': 12 },
          paint: { 'text-color': '#1d1150', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
        })
      }
      setLayersVisible(map, LAYERS, this.active)
      const xs = c.geometry.reach.coordinates[0].map((p) => p[0])
      const ys = c.geometry.reach.coordinates[0].map((p) => p[1])
      map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 30, duration: 0 })
    }
    this.disposer.whenStyleLoaded(map, SOURCE, apply)
  }

  setActive(on: boolean): void {
    this.active = on
    setLayersVisible(this.map, LAYERS, on)
  }
}
