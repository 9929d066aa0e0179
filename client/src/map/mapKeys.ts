/**
 * The map by keyboard: a hint (the canvas's description) and a crosshair; Enter on the focused map
 * calls `onEnter` (the app opens the area under the cross) unless `enabled()` says not now.
 */
import type * as maplibregl from 'maplibre-gl'

export function addMapKeys(m: maplibregl.Map, enabled: () => boolean, onEnter: () => void): void {
  const canvas = m.getCanvas()
  const hint = document.createElement('p')
  hint.id = 'map-keys'
  hint.className = 'map-keys'
  hint.textContent = 'Arrow keys move the map, + and − zoom; Enter opens the area under the cross.'
  const cross = document.createElement('div')
  cross.className = 'map-crosshair'
  cross.setAttribute('aria-hidden', 'true')
  m.getContainer().append(cross, hint)
  canvas.setAttribute('aria-describedby', hint.id)
  canvas.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !enabled()) return
    e.preventDefault()
    onEnter()
  })
}
