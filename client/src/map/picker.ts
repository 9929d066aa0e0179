/**
 * Co-production: while picking, the next click on the map places the suggestion's marker (one,
 * moved by a later pick) instead of opening a popup; `onPicked` hears where.
 */
import * as maplibregl from 'maplibre-gl'

export class PointPicker {
  picking = false
  private marker: maplibregl.Marker | null = null

  constructor(private readonly map: maplibregl.Map, private readonly onPicked: (at: { lon: number; lat: number }) => void) {}

  set(on: boolean): void {
    this.picking = on
    this.map.getCanvas().style.cursor = on ? 'crosshair' : ''
  }

  /** Places the marker where the map was clicked and says so. */
  pick(at: maplibregl.LngLat): void {
    this.set(false)
    const lon = Number(at.lng.toFixed(6))
    const lat = Number(at.lat.toFixed(6))
    if (!this.marker) {
      this.marker = new maplibregl.Marker({ color: '#b10e1e' }).setLngLat([lon, lat]).addTo(this.map)
      this.marker.getElement().setAttribute('aria-label', 'Place picked for a suggestion')
    } else this.marker.setLngLat([lon, lat])
    this.onPicked({ lon, lat })
  }

  clear(): void {
    this.marker?.remove()
    this.marker = null
  }
}
