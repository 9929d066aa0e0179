/** The locality outlines (with an invisible fill to find the locality at a point) and the chosen one. */
import type * as maplibregl from 'maplibre-gl'
import type { AreaCollection } from '../api'
import { geometryBbox } from './bounds'

const LOCALITIES = 'localities'

/** Adds the locality layers, or (the definition changed) gives them the new localities. */
export function addLocalityLayers(map: maplibregl.Map, data: AreaCollection, labelAnchor: string | undefined): void {
  const existing = map.getSource(LOCALITIES) as maplibregl.GeoJSONSource | undefined
  if (existing) return void existing.setData(data as GeoJSON.FeatureCollection)
  map.addSource(LOCALITIES, { type: 'geojson', data: data as GeoJSON.FeatureCollection, promoteId: 'code' })
  map.addLayer({ id: 'localities-hit', type: 'fill', source: LOCALITIES, paint: { 'fill-color': '#000000', 'fill-opacity': 0 } }, labelAnchor)
  map.addLayer({ id: 'localities-line', type: 'line', source: LOCALITIES, paint: { 'line-color': '#222222', 'line-width': 1.6 } }, labelAnchor)
  map.addLayer({
    id: 'locality-selected', type: 'line', source: LOCALITIES, filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#000000', 'line-width': 4 },
  }, labelAnchor)
}

/** Outlines the chosen locality (none: null) and, if asked, fits the map to it. */
export function showLocality(map: maplibregl.Map, data: AreaCollection | null, code: string | null, fly: boolean): void {
  if (!map.getLayer('locality-selected')) return
  map.setFilter('locality-selected', ['==', ['get', 'code'], code ?? ''])
  if (!code || !fly) return
  const f = data?.features.find((x) => x.properties.code === code)
  const b = geometryBbox(f?.geometry)
  if (b) map.fitBounds(b, { padding: 40, duration: 600 })
}

export function localityAt(map: maplibregl.Map, point: maplibregl.PointLike): { code: string; name: string } | undefined {
  if (!map.getLayer('localities-hit')) return undefined
  const f = map.queryRenderedFeatures(point, { layers: ['localities-hit'] })[0]
  return f ? { code: String(f.properties.code), name: String(f.properties.name) } : undefined
}
