/**
 * Asset overlays: one clustered GeoJSON source per category, added the first time the category is
 * shown and hidden (not removed) when toggled off.
 */
import type * as maplibregl from 'maplibre-gl'
import type { ApiClient, AssetProperties, Catalogue } from '../api'
import { assetPopup } from './popups'

export class AssetLayers {
  private loaded = new Set<string>()

  constructor(
    private readonly map: maplibregl.Map,
    private readonly api: ApiClient,
    private readonly catalogue: Catalogue,
    private readonly before: string | undefined,
    private readonly open: (content: HTMLElement, at: maplibregl.LngLat) => void,
    private readonly suggestCorrection: (a: AssetProperties) => void,
  ) {}

  private ids(cat: string) {
    return { source: `asset-${cat}`, clusters: `asset-${cat}-clusters`, count: `asset-${cat}-count`, points: `asset-${cat}-points` }
  }

  async show(categories: string[]): Promise<void> {
    for (const c of categories) if (!this.loaded.has(c)) await this.add(c)
    for (const c of this.loaded) {
      const vis = categories.includes(c) ? 'visible' : 'none'
      const id = this.ids(c)
      for (const l of [id.clusters, id.count, id.points]) this.map.setLayoutProperty(l, 'visibility', vis)
    }
  }

  /** Reloads the categories already on the map (after an accepted suggestion or an edit). */
  async refresh(categories: string[]): Promise<void> {
    for (const c of categories) {
      if (!this.loaded.has(c)) continue
      const data = await this.api.assets([c])
      ;(this.map.getSource(this.ids(c).source) as maplibregl.GeoJSONSource | undefined)?.setData(data)
    }
  }

  /** Point layers of the categories on the map (for tests and hit checks). */
  pointLayers(): string[] {
    return [...this.loaded].map((c) => this.ids(c).points)
  }

  private async add(cat: string): Promise<void> {
    const meta = this.catalogue.assetCategories.find((a) => a.id === cat)
    if (!meta) return
    const data = await this.api.assets([cat])
    if (this.loaded.has(cat)) return
    const id = this.ids(cat)
    this.map.addSource(id.source, { type: 'geojson', data, cluster: true, clusterRadius: 36, clusterMaxZoom: 14 })
    // assets sit above areas and labels so they are never hidden
    this.map.addLayer({
      id: id.clusters, type: 'circle', source: id.source, filter: ['has', 'point_count'],
      paint: { 'circle-color': meta.colour, 'circle-radius': ['step', ['get', 'point_count'], 11, 10, 15, 30, 19], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    })
    this.map.addLayer({
      id: id.count, type: 'symbol', source: id.source, filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': ['Open Sans Semibold'], 'text-size': 11, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#000000', 'text-halo-width': 0.8 },
    })
    this.map.addLayer({
      id: id.points, type: 'circle', source: id.source, filter: ['!', ['has', 'point_count']],
      paint: { 'circle-color': meta.colour, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    })
    void this.before
    this.loaded.add(cat)
  }

  /** Handles a map click on an asset or cluster; true when it did. */
  handleClick(e: maplibregl.MapMouseEvent): boolean {
    const layers = [...this.loaded].flatMap((c) => [this.ids(c).clusters, this.ids(c).points]).filter((l) => this.map.getLayoutProperty(l, 'visibility') !== 'none')
    if (!layers.length) return false
    const f = this.map.queryRenderedFeatures(e.point, { layers })[0]
    if (!f) return false
    const p = f.properties as Record<string, unknown>
    if (p.cluster) {
      const src = this.map.getSource(f.source) as maplibregl.GeoJSONSource
      void src.getClusterExpansionZoom(p.cluster_id as number).then((z: number) =>
        this.map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom: z }),
      )
      return true
    }
    const a = p as unknown as AssetProperties
    const title = this.catalogue.assetCategories.find((c) => c.id === a.category)?.title ?? a.category
    this.open(assetPopup(a, title, () => this.suggestCorrection(a)), e.lngLat)
    return true
  }
}
