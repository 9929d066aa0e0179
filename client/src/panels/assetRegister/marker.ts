/**
 * The asset's place on the map while the register is open: a draggable marker (a MapLibre Marker,
 * so it is a focusable element with a label), and picking a place with the next click on the map.
 */
import * as maplibregl from 'maplibre-gl'
import { claimClicks } from '../../map/clickClaim'
import type { Disposer } from '../control'
import type { Point } from './form'

export function assetMarker(map: maplibregl.Map, d: Disposer, dragged: (p: Point) => void) {
  const marker = new maplibregl.Marker({ draggable: true, color: '#b10e1e' })
  marker.getElement().classList.add('ar-marker')
  marker.on('dragend', () => { const ll = marker.getLngLat(); dragged({ lon: ll.lng, lat: ll.lat }) })
  let onMap = false
  let picking: ((p: Point) => void) | null = null
  /** While waiting, the map's own click (the area popup) gives way. */
  const pick = (then: ((p: Point) => void) | null) => {
    picking = then
    claimClicks(map, then !== null)
  }
  d.onMap(map, 'click', (e) => {
    if (!picking) return
    const done = picking
    pick(null)
    done({ lon: e.lngLat.lng, lat: e.lngLat.lat })
  })
  d.add(() => { marker.remove(); if (picking) pick(null) })
  return {
    /** Shows the marker at `p` (labelled with what it is), or hides it (null). */
    place(p: Point | null, label = 'the new asset', fly = false): void {
      if (!p) { marker.remove(); onMap = false; return }
      marker.setLngLat([p.lon, p.lat])
      marker.getElement().setAttribute('aria-label', `Place of ${label}: drag to move it`)
      if (!onMap) { marker.addTo(map); onMap = true }
      if (fly) map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 15) })
    },
    /** The next click on the map is the place (`then` gets it); null stops waiting. */
    pick,
    get picking() { return picking !== null },
    show(on: boolean): void { marker.getElement().hidden = !on },
  }
}
