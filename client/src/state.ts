/**
 * The view state and its URL form. The URL holds the whole view, so a shared link reproduces it:
 *   ?layer=ID&level=lsoa21&class=quantile&locality=CODE&assets=gp,pharmacy&view=table&at=ZOOM/LAT/LON
 * Parsing is forgiving (unknown or invalid values fall back to the defaults, checked against the
 * catalogue), serialising is canonical (defaults are left out).
 */
import type { Catalogue, Level } from './api'

export type ClassMethod = 'quantile' | 'jenks' | 'equal' | 'deciles'
export const MAP_LEVELS = ['lsoa21', 'ward', 'locality'] as const satisfies readonly Level[]
export type MapLevel = (typeof MAP_LEVELS)[number]

export interface Camera {
  zoom: number
  lat: number
  lon: number
}

export interface ViewState {
  indicator: string
  level: MapLevel
  classification: ClassMethod
  locality: string | null
  assets: string[]
  view: 'map' | 'table'
  camera: Camera | null
}

/** The catalogue facts parsing needs (a subset, so tests can build one by hand). */
export type CatalogueFacts = Pick<Catalogue, 'defaultIndicator' | 'localities'> & {
  indicators: Array<Pick<Catalogue['indicators'][number], 'id' | 'classification' | 'available' | 'levels'>>
  assetCategories: Array<{ id: string }>
}

export function defaultState(c: CatalogueFacts): ViewState {
  const ind = c.indicators.find((i) => i.id === c.defaultIndicator) ?? c.indicators[0]
  return {
    indicator: ind.id,
    level: 'lsoa21',
    classification: ind.classification.default,
    locality: null,
    assets: [],
    view: 'map',
    camera: null,
  }
}

/** The best level to show an indicator at, keeping `wanted` where the indicator has values there. */
export function levelFor(ind: CatalogueFacts['indicators'][number], wanted: MapLevel): MapLevel {
  const has = (l: MapLevel) => (ind.available.length ? ind.available : ind.levels).includes(l)
  if (has(wanted)) return wanted
  return MAP_LEVELS.find(has) ?? wanted
}

/** The classification to use: `wanted` if the descriptor allows it, else its default. */
export function classificationFor(ind: CatalogueFacts['indicators'][number], wanted: string | null | undefined): ClassMethod {
  return ind.classification.allowed.includes(wanted as ClassMethod) ? (wanted as ClassMethod) : ind.classification.default
}

function parseCamera(s: string | null): Camera | null {
  if (!s) return null
  const n = s.split('/').map(Number)
  if (n.length !== 3 || n.some((x) => !Number.isFinite(x))) return null
  const [zoom, lat, lon] = n
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null
  return { zoom, lat, lon }
}

export function parseState(search: string, c: CatalogueFacts): ViewState {
  const p = new URLSearchParams(search)
  const d = defaultState(c)
  const ind = c.indicators.find((i) => i.id === p.get('layer')) ?? c.indicators.find((i) => i.id === d.indicator)!
  const wantedLevel = (MAP_LEVELS as readonly string[]).includes(p.get('level') ?? '') ? (p.get('level') as MapLevel) : d.level
  const locality = c.localities.some((l) => l.code === p.get('locality')) ? p.get('locality') : null
  const known = new Set(c.assetCategories.map((a) => a.id))
  const assets = [...new Set((p.get('assets') ?? '').split(',').filter((a) => known.has(a)))]
  return {
    indicator: ind.id,
    level: p.has('level') ? wantedLevel : levelFor(ind, wantedLevel),
    classification: classificationFor(ind, p.get('class')),
    locality,
    assets,
    view: p.get('view') === 'table' ? 'table' : 'map',
    camera: parseCamera(p.get('at')),
  }
}

export function serialiseState(s: ViewState, c: CatalogueFacts): string {
  const d = defaultState(c)
  const ind = c.indicators.find((i) => i.id === s.indicator)
  const p = new URLSearchParams()
  if (s.indicator !== d.indicator) p.set('layer', s.indicator)
  if (s.level !== d.level) p.set('level', s.level)
  if (ind && s.classification !== ind.classification.default) p.set('class', s.classification)
  if (s.locality) p.set('locality', s.locality)
  if (s.assets.length) p.set('assets', s.assets.join(','))
  if (s.view !== 'map') p.set('view', s.view)
  if (s.camera) p.set('at', `${s.camera.zoom.toFixed(2)}/${s.camera.lat.toFixed(5)}/${s.camera.lon.toFixed(5)}`)
  const q = p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/')
  return q ? `?${q}` : ''
}
