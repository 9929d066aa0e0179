/**
 * The current layer's areas: one source (vector tiles or GeoJSON from /api/areas) with its fill,
 * outline and highlight layers, coloured by the indicator's classes, and the values of tiles that
 * carry codes only joined as feature-state.
 */
import type * as maplibregl from 'maplibre-gl'
import type { ExpressionSpecification, MapGeoJSONFeature } from 'maplibre-gl'
import type { CatalogueIndicator } from '../api'
import { classScheme } from '../classes'
import type { MapLevel, ViewState } from '../state'
import type { AreaValues } from '../values'

export const AREAS = 'areas'
const NO_DATA = '#d4d4d4'

/** What the area source holds now. */
export interface AreaMode {
  level: MapLevel
  tiles: boolean
  indicator: string
}

/** Replaces the area source and its layers (below the locality outlines, else below the labels). */
export function replaceAreaLayers(map: maplibregl.Map, source: maplibregl.SourceSpecification, level: MapLevel, tiles: boolean, labelAnchor: string | undefined): void {
  for (const id of ['areas-fill', 'areas-line', 'areas-highlight']) if (map.getLayer(id)) map.removeLayer(id)
  if (map.getSource(AREAS)) map.removeSource(AREAS)
  map.addSource(AREAS, source)
  const sourceLayer = tiles ? { 'source-layer': level } : {}
  const before = map.getLayer('localities-hit') ? 'localities-hit' : labelAnchor
  map.addLayer({ id: 'areas-fill', type: 'fill', source: AREAS, ...sourceLayer, paint: { 'fill-color': NO_DATA, 'fill-opacity': 0.82 } }, before)
  map.addLayer({ id: 'areas-line', type: 'line', source: AREAS, ...sourceLayer, paint: { 'line-color': '#ffffff', 'line-width': level === 'lsoa21' ? 0.4 : 0.9, 'line-opacity': 0.8 } }, before)
  map.addLayer({
    id: 'areas-highlight', type: 'line', source: AREAS, ...sourceLayer,
    paint: {
      'line-color': '#00e5ff',
      'line-width': ['case', ['boolean', ['feature-state', 'highlight'], false], 4, 0],
    },
  }, labelAnchor)
}

/**
 * Vector tiles below the server's values zoom carry codes only (one geometry tile for every
 * indicator): each area's value of the current layer is joined here, from the values the app
 * fetched (/api/areas?geometry=false), as feature-state keyed by the indicator id. The colour
 * expression reads that state first and the tile's own property second, so both tile kinds and
 * the GeoJSON source colour alike.
 */
export function applyValueStates(map: maplibregl.Map, mode: AreaMode | null, v: AreaValues | null): void {
  if (!mode?.tiles || !v || v.level !== mode.level || !map.getSource(AREAS)) return
  for (const r of v.rows) {
    if (r.value !== null) map.setFeatureState({ source: AREAS, sourceLayer: mode.level, id: r.code }, { [v.indicator]: r.value })
  }
}

/** Colours the areas by the indicator's classes (no value: grey) and names the map for readers. */
export function paintAreas(map: maplibregl.Map, ind: CatalogueIndicator, s: ViewState): void {
  const scheme = classScheme(ind, s.level, s.classification)
  let colour: ExpressionSpecification | string = NO_DATA
  if (scheme) {
    const value = ['coalesce', ['feature-state', ind.id], ['get', ind.id]]
    const step: unknown[] = ['step', ['to-number', value], scheme.colours[0]]
    scheme.breaks.forEach((b, i) => step.push(b, scheme.colours[i + 1]))
    colour = ['case', ['==', ['typeof', value], 'number'], step, NO_DATA] as unknown as ExpressionSpecification
  }
  map.setPaintProperty('areas-fill', 'fill-color', colour)
  map.getCanvas().setAttribute('aria-label', `Map of ${ind.title} by ${s.level === 'lsoa21' ? 'LSOA' : s.level}`)
}

/** The area drawn at a point, if any. */
export function areaAt(map: maplibregl.Map, point: maplibregl.PointLike): MapGeoJSONFeature | undefined {
  return map.getLayer('areas-fill') ? map.queryRenderedFeatures(point, { layers: ['areas-fill'] })[0] : undefined
}
