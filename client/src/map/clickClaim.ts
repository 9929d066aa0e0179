/**
 * A tool that waits for a click on the map to place something (the asset register placing an
 * asset) claims the map's clicks meanwhile: the map view then opens no area or asset popup, shows
 * no hover popup and gives a crosshair cursor, so the click places the thing and does nothing else.
 * Kept per map, outside the view, because tools get the MapLibre map and not the view.
 */
import type * as maplibregl from 'maplibre-gl'

const claimed = new WeakSet<maplibregl.Map>()

export function claimClicks(map: maplibregl.Map, on: boolean): void {
  if (on) claimed.add(map)
  else claimed.delete(map)
  map.getCanvas().style.cursor = on ? 'crosshair' : ''
}

export const clicksClaimed = (map: maplibregl.Map): boolean => claimed.has(map)
