/**
 * The map: the offline basemap, the current layer as a choropleth (vector tiles where the service
 * has them for the level and the indicator is in the tiles, else GeoJSON from /api/areas), the
 * locality outlines, asset overlays and the highlight. It listens to `state` and `focus-area` on
 * the bus and emits what happens on it; it never touches a panel. The pieces live beside it:
 * the map (createMap), area and locality layers (areaLayers, localityLayers), popups' words
 * (describe), the keyboard (mapKeys) and co-production's point picker (picker).
 */
import { addContextLayers, CONTEXT_LAYER } from './contextLayers'
import * as maplibregl from 'maplibre-gl'
import { type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl'
import type { ApiClient, AreaCollection, Catalogue, CatalogueIndicator, SearchResult } from '../api'
import type { Bus } from '../events'
import type { AreaValues } from '../values'
import type { MapLevel, ViewState } from '../state'
import { geometryBbox } from './bounds'
import { areaPopup, placePopup } from './popups'
import { AssetLayers } from './assets'
import { createMap } from './createMap'
import { applyValueStates, AREAS, areaAt, paintAreas, replaceAreaLayers, type AreaMode } from './areaLayers'
import { addLocalityLayers, localityAt, showLocality } from './localityLayers'
import { addMapKeys } from './mapKeys'
import { areaName, describeArea } from './describe'
import { PointPicker } from './picker'
import { clicksClaimed } from './clickClaim'

export { HOME } from './createMap'

export class MapView {
  readonly map: maplibregl.Map
  private state: ViewState | null = null
  private areaMode: AreaMode | null = null
  private localityData: AreaCollection | null = null
  private areaData: AreaCollection | null = null
  private values: AreaValues | null = null
  private highlighted: string | null = null
  private pendingFocus: { code: string; zoom: boolean } | null = null
  private labelAnchor: string | undefined
  private hoverPopup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: 'hover-popup', maxWidth: '280px' })
  private clickPopup = new maplibregl.Popup({ closeButton: true, maxWidth: '300px' })
  private assets: AssetLayers
  private tilesCache = new Map<string, Promise<boolean>>()
  private ready: Promise<void>
  private off: Array<() => void> = []
  private loadToken = 0
  /** co-production: the next click picks a place instead of opening a popup */
  private picker: PointPicker
  /** the state being applied (a search result waits for it before flying) */
  private applying: Promise<void> = Promise.resolve()
  /** a place from the search, on its way: the locality's own fly-to gives way to it */
  private place: SearchResult | null = null

  constructor(
    container: HTMLElement,
    style: StyleSpecification,
    private readonly bus: Bus,
    private readonly api: ApiClient,
    private readonly catalogue: Catalogue,
    camera: ViewState['camera'],
  ) {
    this.map = createMap(container, style, camera)
    this.labelAnchor = (style.metadata as Record<string, string> | undefined)?.['locality-atlas:label-anchor']
    this.assets = new AssetLayers(this.map, api, catalogue, this.labelAnchor, (f, at) => this.showAssetPopup(f, at), (a) => {
      this.clickPopup.remove()
      bus.emit('suggest-correction', { asset: { id: a.id, name: a.name, category: a.category } })
    })
    this.picker = new PointPicker(this.map, (at) => bus.emit('point-picked', at))
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()))
    this.ready.then(() => {
      // the layout may have settled after the map measured its container (the phone's sheet)
      this.map.resize()
      // on a phone the sheet covers the lower part of the map: lift the borough into the part left
      if (!camera && container.clientWidth < 600) this.map.panBy([0, container.clientHeight * 0.22], { duration: 0 })
      void this.addLocalityLayers()
      // neighbouring areas (context=london), muted, under the borough's: only when the service holds them
      void addContextLayers(this.map, this.api.absolute(`/tiles/${CONTEXT_LAYER}.json`), this.map.getLayer('areas-fill') ? 'areas-fill' : this.labelAnchor,
        async (url) => (await fetch(url)).json())
      this.map.fire('moveend')
      // the compact attribution starts open; keep the map clear until asked
      const attrib = container.querySelector('.maplibregl-ctrl-attrib')
      attrib?.classList.remove('maplibregl-compact-show')
      attrib?.removeAttribute('open')
      this.bus.emit('map-ready', {})
    })
    this.bindMapEvents()
    this.off.push(
      bus.on('state', ({ state }) => { this.applying = this.apply(state) }),
      bus.on('go-to-place', ({ result }) => { this.place = result; void this.showPlace(result) }),
      bus.on('focus-area', ({ code, origin, zoom, level }) => {
        if (origin !== 'list') return
        if (level && (this.state?.level !== level || this.areaMode?.level !== level)) this.pendingFocus = { code, zoom: zoom ?? true }
        else this.focus(code, zoom ?? true)
      }),
      bus.on('values', (v) => { this.values = v; applyValueStates(this.map, this.areaMode, this.values) }),
      bus.on('assets-changed', ({ categories }) => void this.assets.refresh(categories)),
      // new localities: new outlines, and the locality layer itself when it is the one shown
      bus.on('localities-changed', () => {
        void this.addLocalityLayers()
        if (this.areaMode?.level === 'locality' && this.state) void this.loadAreas('locality', this.areaMode.tiles, this.state.indicator)
      }),
      bus.on('pick-point', ({ active }) => this.setPicking(active)),
      bus.on('clear-picked', () => this.picker.clear()),
    )
  }

  destroy(): void {
    this.off.forEach((f) => f())
    this.map.remove()
  }

  private indicator(id: string): CatalogueIndicator {
    return this.catalogue.indicators.find((i) => i.id === id)!
  }

  private hasTiles(level: MapLevel): Promise<boolean> {
    if (!this.tilesCache.has(level)) this.tilesCache.set(level, this.api.hasTiles(level))
    return this.tilesCache.get(level)!
  }

  /** Brings the map in line with the view state. */
  async apply(s: ViewState): Promise<void> {
    const prev = this.state
    this.state = s
    await this.ready
    const ind = this.indicator(s.indicator)
    const tiles = ind.tile && (await this.hasTiles(s.level))
    const mode = this.areaMode
    if (!mode || mode.level !== s.level || mode.tiles !== tiles || (!tiles && mode.indicator !== s.indicator)) {
      await this.loadAreas(s.level, tiles, s.indicator)
    }
    paintAreas(this.map, ind, s)
    // a tool draws its own answer on top: the choropleth steps back so the answer reads
    if (this.map.getLayer('areas-fill')) this.map.setPaintProperty('areas-fill', 'fill-opacity', s.tool === 'explore' ? 0.82 : 0.35)
    if (prev?.locality !== s.locality || !prev) this.showLocality(s.locality, prev !== null && prev.locality !== s.locality && !this.place)
    await this.assets.show(s.assets)
  }

  private async loadAreas(level: MapLevel, tiles: boolean, indicator: string): Promise<void> {
    const token = ++this.loadToken
    let source: maplibregl.SourceSpecification
    let data: AreaCollection | null = null
    if (tiles) {
      source = { type: 'vector', url: this.api.absolute(`/tiles/${level}.json`), promoteId: { [level]: 'code' } }
    } else {
      data = await this.api.areas(level, { indicators: [indicator] })
      if (token !== this.loadToken) return
      source = { type: 'geojson', data: data as GeoJSON.FeatureCollection, promoteId: 'code' }
    }
    replaceAreaLayers(this.map, source, level, tiles, this.labelAnchor)
    this.areaMode = { level, tiles, indicator }
    this.areaData = data
    this.highlighted = null
    applyValueStates(this.map, this.areaMode, this.values)
    if (this.pendingFocus) {
      const f = this.pendingFocus
      this.pendingFocus = null
      this.map.once('idle', () => this.focus(f.code, f.zoom))
    }
  }

  private async addLocalityLayers(): Promise<void> {
    this.localityData = await this.api.areas('locality', { indicators: [this.catalogue.defaultIndicator] })
    addLocalityLayers(this.map, this.localityData, this.labelAnchor)
    if (this.state) this.showLocality(this.state.locality, false)
  }

  private showLocality(code: string | null, fly: boolean): void {
    showLocality(this.map, this.localityData, code, fly)
  }

  /** Highlights an area (feature-state) and optionally zooms to it. */
  focus(code: string, zoom: boolean): void {
    if (!this.areaMode || (this.state && this.areaMode.level !== this.state.level)) {
      this.pendingFocus = { code, zoom }
      return
    }
    const target = this.areaMode.tiles ? { source: AREAS, sourceLayer: this.areaMode.level } : { source: AREAS }
    if (this.highlighted) this.map.setFeatureState({ ...target, id: this.highlighted }, { highlight: false })
    this.highlighted = code
    this.map.setFeatureState({ ...target, id: code }, { highlight: true })
    if (!zoom) return
    let geom = this.areaData?.features.find((f) => f.properties.code === code)?.geometry
    if (!geom && this.areaMode.tiles) {
      const parts = this.map.querySourceFeatures(AREAS, { sourceLayer: this.areaMode.level, filter: ['==', ['get', 'code'], code] })
      geom = parts.length ? { type: 'GeometryCollection', geometries: parts.map((p) => p.geometry) } : undefined
    }
    const b = geometryBbox(geom)
    if (b) this.map.fitBounds(b, { padding: 80, maxZoom: 14.5, duration: 500 })
  }

  /**
   * Flies to a place found by the search, once the state it asked for (its level, its locality)
   * is on the map; then highlights the area there and opens its information, as a click would.
   */
  private async showPlace(r: SearchResult): Promise<void> {
    await Promise.resolve() // the controller's state change, emitted after this handler, starts applying
    await this.applying
    if (this.place !== r) return
    this.clickPopup.remove()
    this.hoverPopup.remove()
    // on a phone the sheet covers the lower part of the map: the place goes in the part left
    const box = this.map.getContainer()
    const lift = box.clientWidth < 600 ? Math.round(box.clientHeight * 0.3) : 0
    if (r.bbox) this.map.fitBounds(r.bbox, { padding: { top: 60, left: 40, right: 40, bottom: 60 + 2 * lift }, maxZoom: 15, duration: 500 })
    else this.map.flyTo({ center: r.point, zoom: Math.max(this.map.getZoom(), 15), offset: [0, -lift], duration: 500 })
    await this.settled()
    if (this.place !== r) return
    this.place = null
    if (r.kind === 'locality') return
    const f = r.inBorough ? areaAt(this.map, this.map.project(r.point)) : undefined
    if (f) this.focus(String(f.properties.code), false)
    const content = placePopup(r, f ? this.describe(f) : null, (c) => { this.clickPopup.remove(); this.bus.emit('choose-locality', { code: c }) })
    this.clickPopup.setLngLat(r.point).setDOMContent(content).addTo(this.map)
  }

  /** Resolves when the map has drawn what it is loading (or after 4 s, so nothing waits forever). */
  private settled(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, 4000)
      this.map.once('idle', () => { clearTimeout(t); resolve() })
      this.map.triggerRepaint()
    })
  }

  private describe(f: MapGeoJSONFeature) {
    return describeArea(f, this.state!, this.indicator(this.state!.indicator), this.values)
  }

  private bindMapEvents(): void {
    const m = this.map
    m.on('mousemove', (e) => {
      if (this.picker.picking || clicksClaimed(m)) return
      const f = areaAt(this.map, e.point)
      m.getCanvas().style.cursor = f ? 'pointer' : ''
      if (!f || this.clickPopup.isOpen()) return void this.hoverPopup.remove()
      this.hoverPopup.setLngLat(e.lngLat).setDOMContent(areaPopup(this.describe(f), null, () => {})).addTo(m)
    })
    m.on('mouseout', () => this.hoverPopup.remove())
    m.on('click', (e) => {
      if (this.picker.picking) return this.picker.pick(e.lngLat)
      // a tool placing something takes the click (its own listener, added after this one)
      if (clicksClaimed(m)) return
      if (this.assets.handleClick(e)) return
      this.openAreaAt(e.point, e.lngLat)
    })
    // keyboard: Enter on the focused map opens the area under the centre (the crosshair)
    addMapKeys(m, () => !this.picker.picking && !clicksClaimed(m), () => {
      const c = m.getCenter()
      this.openAreaAt(m.project(c), c)
    })
    m.on('moveend', () => {
      const c = m.getCenter()
      const b = m.getBounds()
      this.bus.emit('camera-change', {
        camera: { zoom: m.getZoom(), lat: c.lat, lon: c.lng },
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      })
    })
  }

  /** What a click does on an area: highlight it, say so on the bus and open its information. */
  private openAreaAt(point: maplibregl.PointLike, at: maplibregl.LngLat): void {
    const m = this.map
    const f = areaAt(this.map, point)
    if (!f) return
    this.hoverPopup.remove()
    const code = String(f.properties.code)
    const loc = this.state?.level === 'locality' ? { code, name: areaName(f, this.values) } : localityAt(this.map, point)
    if (this.state?.level === 'locality') this.bus.emit('choose-locality', { code })
    else this.bus.emit('focus-area', { code, origin: 'map' })
    this.focus(code, false)
    this.clickPopup
      .setLngLat(at)
      .setDOMContent(areaPopup(this.describe(f), loc ?? null, (c) => { this.clickPopup.remove(); this.bus.emit('choose-locality', { code: c }) }))
      .addTo(m)
    // the popup takes focus when it opens; Escape closes it and gives focus back to the map
    this.clickPopup.getElement()?.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return
      this.clickPopup.remove()
      m.getCanvas().focus()
    })
  }

  private setPicking(on: boolean): void {
    this.picker.set(on)
    if (on) this.hoverPopup.remove()
  }

  /** Point layers of the asset categories shown (for tests). */
  assetLayers(): string[] {
    return this.assets.pointLayers()
  }

  private showAssetPopup(content: HTMLElement, at: maplibregl.LngLat): void {
    this.hoverPopup.remove()
    this.clickPopup.setLngLat(at).setDOMContent(content).addTo(this.map)
  }

  /** Features of the current layer drawn now (for tests and the table's "in view" count). */
  renderedAreas(): MapGeoJSONFeature[] {
    return this.map.getLayer('areas-fill') ? this.map.queryRenderedFeatures({ layers: ['areas-fill'] }) : []
  }

  get source(): GeoJSONSource | undefined {
    return this.map.getSource(AREAS) as GeoJSONSource | undefined
  }
}
