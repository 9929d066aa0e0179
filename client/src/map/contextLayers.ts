/**
 * The neighbouring areas held as context around the borough (the rest of London, when the service
 * imported it): drawn muted, grey and unlabelled, under the borough's own areas, so the borough
 * stays the focus and the map still shows where it sits. Only areas whose tile features carry
 * `context` are drawn; with no context imported the layer's TileJSON has no extent and nothing is added.
 */
import type * as maplibregl from 'maplibre-gl'

export const CONTEXT_LAYER = 'context_lsoa21'
const SOURCE = 'context-areas'
const MUTED_FILL = '#d7d7d2'
const MUTED_LINE = '#a3a39d'

/** Adds the muted context layers below `before` when the service holds a context (its TileJSON has bounds). */
export async function addContextLayers(map: maplibregl.Map, tileJsonUrl: string, before: string | undefined, fetchJson: (url: string) => Promise<unknown>): Promise<boolean> {
  let tj: { bounds?: number[] }
  try {
    tj = (await fetchJson(tileJsonUrl)) as { bounds?: number[] }
  } catch {
    return false
  }
  // The world's bounds: the service has the layer but no context areas in it.
  if (!tj.bounds || tj.bounds[0] <= -179.9) return false
  if (map.getSource(SOURCE)) return true
  map.addSource(SOURCE, { type: 'vector', url: tileJsonUrl })
  const common = { source: SOURCE, 'source-layer': CONTEXT_LAYER, filter: ['has', 'context'] as maplibregl.FilterSpecification }
  map.addLayer({ id: 'context-fill', type: 'fill', ...common, paint: { 'fill-color': MUTED_FILL, 'fill-opacity': 0.45 } }, before)
  map.addLayer({ id: 'context-line', type: 'line', ...common, paint: { 'line-color': MUTED_LINE, 'line-width': 0.4, 'line-opacity': 0.7 } }, before)
  return true
}
