/**
 * The map: the offline basemap, the current layer as a choropleth (vector tiles where the service
 * has them for the level and the indicator is in the tiles, else GeoJSON from /api/areas), the
 * locality outlines, asset overlays and the highlight. It listens to `state` and `focus-area` on
 * the bus and emits what happens on it; it never touches a panel.
 */
import * as maplibregl from 'maplibre-gl'
import { type ExpressionSpecification, type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import type { ApiClient, AreaCollection, Catalogue, CatalogueIndicator, SearchResult } from '../api'
import { classScheme, formatValue } from '../classes'
import type { Bus } from '../events'
import type { AreaValues } from '../values'
import type { MapLevel, ViewState } from '../state'
import { geometryBbox } from './bounds'
import { areaPopup, placePopup } from './popups'
import { AssetLayers } from './assets'

maplibregl.setWorkerUrl(workerUrl)

/** Where the borough is: the first view when the URL names none. */
export const HOME: { center: [number, number]; zoom: number } = { center: [0.13, 51.548], zoom: 11.6 }

const AREAS = 'areas'
const LOCALITIES = 'localities'
const NO_DATA = '#d4d4d4'

export class MapView {
  readonly map: maplibregl.Map
  private state: ViewState | null = null
  private areaMode: { level: MapLevel; tiles: boolean; indicator: string } | null = null
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
  private picking = false
  private picked: maplibregl.Marker | null = null
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
    this.map = new maplibregl.Map({
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
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    this.labelAnchor = (style.metadata as Record<string, string> | undefined)?.['locality-atlas:label-anchor']
    this.assets = new AssetLayers(this.map, api, catalogue, this.labelAnchor, (f, at) => this.showAssetPopup(f, at), (a) => {
      this.clickPopup.remove()
      bus.emit('suggest-correction', { asset: { id: a.id, name: a.name, category: a.category } })
    })
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()))
    this.ready.then(() => {
      // the layout may have settled after the map measured its container (the phone's sheet)
      this.map.resize()
      // on a phone the sheet covers the lower part of the map: lift the borough into the part left
      if (!camera && container.clientWidth < 600) this.map.panBy([0, container.clientHeight * 0.22], { duration: 0 })
      this.addLocalityLayers()
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
      bus.on('values', (v) => { this.values = v; this.applyValueStates() }),
      bus.on('assets-changed', ({ categories }) => void this.assets.refresh(categories)),
      bus.on('pick-point', ({ active }) => this.setPicking(active)),
      bus.on('clear-picked', () => { this.picked?.remove(); this.picked = null }),
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
    this.paintAreas(ind, s)
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
    for (const id of ['areas-fill', 'areas-line', 'areas-highlight']) if (this.map.getLayer(id)) this.map.removeLayer(id)
    if (this.map.getSource(AREAS)) this.map.removeSource(AREAS)
    this.map.addSource(AREAS, source)
    const sourceLayer = tiles ? { 'source-layer': level } : {}
    const before = this.map.getLayer('localities-hit') ? 'localities-hit' : this.labelAnchor
    this.map.addLayer({ id: 'areas-fill', type: 'fill', source: AREAS, ...sourceLayer, paint: { 'fill-color': NO_DATA, 'fill-opacity': 0.82 } }, before)
    this.map.addLayer({ id: 'areas-line', type: 'line', source: AREAS, ...sourceLayer, paint: { 'line-color': '#ffffff', 'line-width': level === 'lsoa21' ? 0.4 : 0.9, 'line-opacity': 0.8 } }, before)
    this.map.addLayer({
      id: 'areas-highlight', type: 'line', source: AREAS, ...sourceLayer,
      paint: {
        'line-color': '#00e5ff',
        'line-width': ['case', ['boolean', ['feature-state', 'highlight'], false], 4, 0],
      },
    }, this.labelAnchor)
    this.areaMode = { level, tiles, indicator }
    this.areaData = data
    this.highlighted = null
    this.applyValueStates()
    if (this.pendingFocus) {
      const f = this.pendingFocus
      this.pendingFocus = null
      this.map.once('idle', () => this.focus(f.code, f.zoom))
    }
  }

  /**
   * Vector tiles below the server's values zoom carry codes only (one geometry tile for every
   * indicator): each area's value of the current layer is joined here, from the values the app
   * fetched (/api/areas?geometry=false), as feature-state keyed by the indicator id. The colour
   * expression reads that state first and the tile's own property second, so both tile kinds and
   * the GeoJSON source colour alike.
   */
  private applyValueStates(): void {
    const mode = this.areaMode
    const v = this.values
    if (!mode?.tiles || !v || v.level !== mode.level || !this.map.getSource(AREAS)) return
    for (const r of v.rows) {
      if (r.value !== null) this.map.setFeatureState({ source: AREAS, sourceLayer: mode.level, id: r.code }, { [v.indicator]: r.value })
    }
  }

  private paintAreas(ind: CatalogueIndicator, s: ViewState): void {
    const scheme = classScheme(ind, s.level, s.classification)
    let colour: ExpressionSpecification | string = NO_DATA
    if (scheme) {
      const value = ['coalesce', ['feature-state', ind.id], ['get', ind.id]]
      const step: unknown[] = ['step', ['to-number', value], scheme.colours[0]]
      scheme.breaks.forEach((b, i) => step.push(b, scheme.colours[i + 1]))
      colour = ['case', ['==', ['typeof', value], 'number'], step, NO_DATA] as unknown as ExpressionSpecification
    }
    this.map.setPaintProperty('areas-fill', 'fill-color', colour)
    this.map.getCanvas().setAttribute('aria-label', `Map of ${ind.title} by ${s.level === 'lsoa21' ? 'LSOA' : s.level}`)
  }

  private async addLocalityLayers(): Promise<void> {
    this.localityData = await this.api.areas('locality', { indicators: [this.catalogue.defaultIndicator] })
    this.map.addSource(LOCALITIES, { type: 'geojson', data: this.localityData as GeoJSON.FeatureCollection, promoteId: 'code' })
    this.map.addLayer({ id: 'localities-hit', type: 'fill', source: LOCALITIES, paint: { 'fill-color': '#000000', 'fill-opacity': 0 } }, this.labelAnchor)
    this.map.addLayer({ id: 'localities-line', type: 'line', source: LOCALITIES, paint: { 'line-color': '#222222', 'line-width': 1.6 } }, this.labelAnchor)
    this.map.addLayer({
      id: 'locality-selected', type: 'line', source: LOCALITIES, filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#000000', 'line-width': 4 },
    }, this.labelAnchor)
    if (this.state) this.showLocality(this.state.locality, false)
  }

  private showLocality(code: string | null, fly: boolean): void {
    if (!this.map.getLayer('locality-selected')) return
    this.map.setFilter('locality-selected', ['==', ['get', 'code'], code ?? ''])
    if (!code || !fly) return
    const f = this.localityData?.features.find((x) => x.properties.code === code)
    const b = geometryBbox(f?.geometry)
    if (b) this.map.fitBounds(b, { padding: 40, duration: 600 })
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
    const f = r.inBorough ? this.areaAt(this.map.project(r.point)) : undefined
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

  private areaAt(point: maplibregl.PointLike): MapGeoJSONFeature | undefined {
    return this.map.getLayer('areas-fill') ? this.map.queryRenderedFeatures(point, { layers: ['areas-fill'] })[0] : undefined
  }

  private localityAt(point: maplibregl.PointLike): { code: string; name: string } | undefined {
    if (!this.map.getLayer('localities-hit')) return undefined
    const f = this.map.queryRenderedFeatures(point, { layers: ['localities-hit'] })[0]
    return f ? { code: String(f.properties.code), name: String(f.properties.name) } : undefined
  }

  private describe(f: MapGeoJSONFeature) {
    const s = this.state!
    const ind = this.indicator(s.indicator)
    const code = String(f.properties.code)
    const v = this.values && this.values.indicator === ind.id && this.values.level === s.level ? this.values.byCode.get(code) : undefined
    const raw = v?.value ?? (typeof f.properties[ind.id] === 'number' ? (f.properties[ind.id] as number) : null)
    return {
      name: String(f.properties.name), code, level: s.level, indicator: ind.title,
      value: raw === null ? 'no value' : `${formatValue(raw, ind)}${ind.unit.startsWith('%') ? '' : ` ${ind.unit}`}`,
      rank: v?.rank ? `${v.rank} of ${this.values!.count} (1 = greatest need)` : null,
      vintage: ind.source?.vintage ?? ind.vintage,
    }
  }

  private bindMapEvents(): void {
    const m = this.map
    m.on('mousemove', (e) => {
      if (this.picking) return
      const f = this.areaAt(e.point)
      m.getCanvas().style.cursor = f ? 'pointer' : ''
      if (!f || this.clickPopup.isOpen()) return void this.hoverPopup.remove()
      this.hoverPopup.setLngLat(e.lngLat).setDOMContent(areaPopup(this.describe(f), null, () => {})).addTo(m)
    })
    m.on('mouseout', () => this.hoverPopup.remove())
    m.on('click', (e) => {
      if (this.picking) return this.pick(e.lngLat)
      if (this.assets.handleClick(e)) return
      this.openAreaAt(e.point, e.lngLat)
    })
    // keyboard: Enter on the focused map opens the area under the centre (the crosshair)
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
      if (e.key !== 'Enter' || this.picking) return
      e.preventDefault()
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
    const f = this.areaAt(point)
    if (!f) return
    this.hoverPopup.remove()
    const code = String(f.properties.code)
    const loc = this.state?.level === 'locality' ? { code, name: String(f.properties.name) } : this.localityAt(point)
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
    this.picking = on
    this.map.getCanvas().style.cursor = on ? 'crosshair' : ''
    if (on) this.hoverPopup.remove()
  }

  /** Places the suggestion marker where the map was clicked and says so on the bus. */
  private pick(at: maplibregl.LngLat): void {
    this.setPicking(false)
    const lon = Number(at.lng.toFixed(6))
    const lat = Number(at.lat.toFixed(6))
    if (!this.picked) {
      this.picked = new maplibregl.Marker({ color: '#b10e1e' }).setLngLat([lon, lat]).addTo(this.map)
      this.picked.getElement().setAttribute('aria-label', 'Place picked for a suggestion')
    } else this.picked.setLngLat([lon, lat])
    this.bus.emit('point-picked', { lon, lat })
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
