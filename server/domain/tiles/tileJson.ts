/**
 * TileJSON 3.0.0 for one tile layer: where its tiles are, the zooms they exist at, the extent of the
 * data, the fields a feature can carry (described from the indicator catalogue) and the datasets'
 * attribution. https://github.com/mapbox/tilejson-spec/tree/master/3.0.0
 */
import { levelExtent } from '../../db/areas'
import type { Database } from '../../db/connect'
import { assetsExtent, layerAttributions } from '../../db/tiles'
import { getCatalogue } from '../catalogue'
import type { TileLayer } from './layers'

export interface TileJson {
  tilejson: '3.0.0'
  name: string
  description: string
  attribution: string
  scheme: 'xyz'
  tiles: string[]
  minzoom: number
  maxzoom: number
  bounds: [number, number, number, number]
  center: [number, number, number]
  vector_layers: Array<{ id: string; description: string; minzoom: number; maxzoom: number; fields: Record<string, string> }>
  /** not in the spec: the data version the tiles are named by (their ETags carry it) */
  dataVersion: number
}

/** The whole web-mercator world, for a layer that holds no data yet. */
const WORLD: [number, number, number, number] = [-180, -85.0511, 180, 85.0511]

/** The zoom a client opens a layer at, within its range: a borough fills the screen around 11-12. */
const CENTER_ZOOM = 11

/** TileJSON for a layer; `baseUrl` is the scheme and host the client reached us on. */
export async function layerTileJson(db: Database, layer: TileLayer, baseUrl: string): Promise<TileJson> {
  const { value: catalogue, version } = await getCatalogue(db)
  const fields: Record<string, string> = { ...layer.baseFields }
  if (layer.source.kind === 'areas') {
    // Only indicators that hold values at this level now: a field list promises what tiles carry.
    const level: string = layer.source.level
    const held = new Set(catalogue.indicators.filter((c) => c.available.some((l) => l === level)).map((c) => c.id))
    for (const d of layer.indicators) {
      if (held.has(d.id)) fields[d.id] = `${d.title} [${d.unit}], ${d.vintage}; left out where suppressed or missing`
    }
  }
  const [extent, attributions] = await Promise.all([
    layer.source.kind === 'areas' ? levelExtent(db.knex, layer.source.level) : assetsExtent(db.knex),
    layerAttributions(db.knex, layer.source),
  ])
  const bounds = extent ?? WORLD
  return {
    tilejson: '3.0.0',
    name: layer.title,
    description: layer.description,
    attribution: attributions.map(escapeHtml).join('; '),
    scheme: 'xyz',
    tiles: [`${baseUrl}/tiles/${layer.id}/{z}/{x}/{y}.pbf`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(layer.maxzoom, Math.max(layer.minzoom, CENTER_ZOOM))],
    vector_layers: [{ id: layer.id, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields }],
    dataVersion: version,
  }
}

// Map clients render attribution as HTML; dataset texts are plain text.
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
