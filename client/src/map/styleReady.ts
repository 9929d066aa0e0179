/**
 * Runs `fn` once the map's style has loaded: now if it has, else on 'style.load'. Why not
 * `map.isStyleLoaded()` alone: it is also false whenever a source is still loading tiles, and
 * 'style.load' fires only once, so a panel that waited on it after the first load would wait for
 * ever. Returns the function that cancels the wait.
 */
import type * as maplibregl from 'maplibre-gl'

export function whenStyleLoaded(map: maplibregl.Map, fn: () => void): () => void {
  // maplibre keeps "the style document has loaded" as Style._loaded; it has no public getter
  const loaded = (map as unknown as { style?: { _loaded?: boolean } }).style?._loaded === true
  if (loaded || map.isStyleLoaded()) {
    fn()
    return () => {}
  }
  map.once('style.load', fn)
  return () => map.off('style.load', fn)
}

/** Shows or hides a panel's own layers (those that exist). */
export function setLayersVisible(map: maplibregl.Map, ids: readonly string[], visible: boolean): void {
  for (const id of ids) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
}
