/**
 * The draft on the map while the editor is open: each ward filled in its draft locality's colour
 * (none: hatched grey), the chosen ward outlined. The panel's own source and layers, hidden with
 * its tab and removed with the control.
 */
import type * as maplibregl from 'maplibre-gl'
import type { AreaCollection } from '../../api'
import { setLayersVisible } from '../../map/styleReady'
import type { Control } from '../control'
import type { Draft } from './draft'

const SOURCE = 'locality-editor-wards'
const FILL = 'locality-editor-fill'
const LINE = 'locality-editor-chosen'
export const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4']

export function colourOf(draft: Draft, key: string): string {
  const i = draft.localities.findIndex((l) => l.key === key)
  return i < 0 ? '#9e9e9e' : PALETTE[i % PALETTE.length]
}

export function draftLayer(map: maplibregl.Map, ctl: Control, wards: Promise<AreaCollection>) {
  ctl.disposer.ownLayers(map, [FILL, LINE], [SOURCE])
  let chosen = ''
  return {
    draw(draft: Draft): void {
      void wards.then((fc) => ctl.disposer.whenStyleLoaded(map, 'draft', () => {
        const data = {
          type: 'FeatureCollection' as const,
          features: fc.features.map((f) => ({ ...f, properties: { code: f.properties.code, name: f.properties.name, colour: colourOf(draft, draft.assignment.get(f.properties.code) ?? '') } })),
        }
        const src = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
        if (src) src.setData(data as GeoJSON.FeatureCollection)
        else {
          map.addSource(SOURCE, { type: 'geojson', data: data as GeoJSON.FeatureCollection })
          map.addLayer({ id: FILL, type: 'fill', source: SOURCE, paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.55, 'fill-outline-color': '#ffffff' } })
          map.addLayer({ id: LINE, type: 'line', source: SOURCE, filter: ['==', ['get', 'code'], chosen], paint: { 'line-color': '#000000', 'line-width': 3 } })
        }
        setLayersVisible(map, [FILL, LINE], ctl.active)
      }))
    },
    choose(code: string): void {
      chosen = code
      if (map.getLayer(LINE)) map.setFilter(LINE, ['==', ['get', 'code'], code])
    },
    show(on: boolean): void {
      setLayersVisible(map, [FILL, LINE], on)
    },
  }
}
