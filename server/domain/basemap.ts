/**
 * The offline basemap: a MapLibre style whose every source, and the font its labels are drawn
 * with, is served by this service. Context only (water, parks, rail, stations, place names): the
 * data layers are drawn on top by the client, below the labels.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Database } from '../db/connect'
import { basemapCollection } from '../db/basemap'
import { NotFound } from './errors'
import { byDataVersion } from './versioned'

/** The kinds the importer writes, in drawing order. */
export const BASEMAP_KINDS = ['park', 'water', 'thames', 'waterway', 'railway', 'station', 'place'] as const
export type BasemapKind = (typeof BASEMAP_KINDS)[number]

/** Fonts the style declares (MapLibre `font-faces`), each a TTF shipped in an npm package. */
export const BASEMAP_FONTS = {
  'Open Sans Regular': 'Regular/OpenSans-Regular.ttf',
  'Open Sans Semibold': 'Semibold/OpenSans-Semibold.ttf',
} as const

const fontsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('open-sans-fontface/package.json')), 'fonts')

/** Absolute path of a declared font file, or NotFound: only the fonts the style names are served. */
export function basemapFontFile(file: string): string {
  const rel = Object.values(BASEMAP_FONTS).find((f) => path.basename(f) === file)
  if (!rel) throw new NotFound(`font ${file}`)
  return path.join(fontsDir, rel)
}

/** One kind as GeoJSON text, cached per data version (the data is small and changes only on import). */
const cached = Object.fromEntries(
  BASEMAP_KINDS.map((kind) => [kind, byDataVersion((db) => basemapCollection(db.knex, kind))]),
) as Record<BasemapKind, ReturnType<typeof byDataVersion<string>>>

export async function basemapGeoJson(db: Database, kind: string): Promise<{ value: string; version: number }> {
  if (!(BASEMAP_KINDS as readonly string[]).includes(kind)) throw new NotFound(`basemap layer ${kind}`, { kinds: BASEMAP_KINDS })
  return cached[kind as BasemapKind](db)
}

/** Id of the lowest label layer: the client inserts its data layers beneath it. */
export const LABEL_ANCHOR = 'basemap-label-station'

const ATTRIBUTION = '© OpenStreetMap contributors (ODbL). Contains OS data © Crown copyright and database right 2019'

/**
 * The style, with absolute URLs under `base` (MapLibre resolves style URLs against the page only
 * for some resource types, so every URL is made absolute here).
 */
export function basemapStyle(base: string) {
  const src = (kind: BasemapKind) => ({ type: 'geojson' as const, data: `${base}/basemap/${kind}.geojson`, attribution: ATTRIBUTION })
  return {
    version: 8 as const,
    name: 'locality-atlas offline basemap',
    metadata: { 'locality-atlas:label-anchor': LABEL_ANCHOR },
    center: [0.13, 51.545] as [number, number],
    zoom: 11.5,
    'font-faces': Object.fromEntries(Object.entries(BASEMAP_FONTS).map(([name, f]) => [name, [{ url: `${base}/basemap/fonts/${path.basename(f)}` }]])),
    sources: Object.fromEntries(BASEMAP_KINDS.map((k) => [`basemap-${k}`, src(k)])),
    layers: [
      { id: 'basemap-background', type: 'background', paint: { 'background-color': '#f3f1ec' } },
      { id: 'basemap-park', type: 'fill', source: 'basemap-park', paint: { 'fill-color': '#d5e8cf' } },
      { id: 'basemap-water', type: 'fill', source: 'basemap-water', paint: { 'fill-color': '#b9d3e6' } },
      { id: 'basemap-thames', type: 'fill', source: 'basemap-thames', paint: { 'fill-color': '#b9d3e6' } },
      {
        id: 'basemap-waterway', type: 'line', source: 'basemap-waterway',
        paint: { 'line-color': '#9cc0da', 'line-width': ['match', ['get', 'class'], ['river', 'canal'], 1.6, 0.8] },
      },
      {
        id: 'basemap-railway', type: 'line', source: 'basemap-railway',
        filter: ['!=', ['get', 'class'], 'miniature_railway'],
        paint: { 'line-color': '#7a7a7a', 'line-width': 1.2, 'line-dasharray': [3, 2] },
      },
      {
        id: 'basemap-station', type: 'circle', source: 'basemap-station',
        paint: { 'circle-radius': 3.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#333333', 'circle-stroke-width': 1.5 },
      },
      {
        id: LABEL_ANCHOR, type: 'symbol', source: 'basemap-station', minzoom: 12,
        layout: {
          'text-field': ['get', 'name'], 'text-font': ['Open Sans Regular'], 'text-size': 11,
          'text-offset': [0, 0.9], 'text-anchor': 'top', 'text-optional': true,
        },
        paint: { 'text-color': '#333333', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
      },
      {
        id: 'basemap-label-place', type: 'symbol', source: 'basemap-place',
        filter: ['in', ['get', 'class'], ['literal', ['town', 'suburb', 'village']]],
        layout: {
          'text-field': ['get', 'name'], 'text-font': ['Open Sans Semibold'],
          'text-size': ['match', ['get', 'class'], 'town', 15, 12], 'text-padding': 4,
        },
        paint: { 'text-color': '#1d1d1d', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.6 },
      },
    ],
  }
}

export type BasemapStyle = ReturnType<typeof basemapStyle>
