/**
 * The MapLibre map itself: its worker (bundled, so nothing is fetched from elsewhere), the first
 * view (the URL's camera, else the borough), its zoom range and controls, and a canvas the PNG
 * export can read back.
 */
import * as maplibregl from 'maplibre-gl'
import type { StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import type { ViewState } from '../state'

maplibregl.setWorkerUrl(workerUrl)

/** Where the borough is: the first view when the URL names none. */
export const HOME: { center: [number, number]; zoom: number } = { center: [0.13, 51.548], zoom: 11.6 }

export function createMap(container: HTMLElement, style: StyleSpecification, camera: ViewState['camera']): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style,
    center: camera ? [camera.lon, camera.lat] : HOME.center,
    // a phone shows the whole borough at one zoom level out
    zoom: camera ? camera.zoom : HOME.zoom - (container.clientWidth < 600 ? 1 : 0),
    minZoom: 9,
    maxZoom: 18,
    attributionControl: { compact: true },
    // the PNG export reads the canvas back
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  })
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
  return map
}
