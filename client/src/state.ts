/**
 * The view state and its URL form. The URL holds the whole view, so a shared link reproduces it:
 *   ?layer=ID&level=lsoa21&class=quantile&locality=CODE&assets=gp,pharmacy&view=table&at=ZOOM/LAT/LON
 * and the open tool with what it cheaply carries:
 *   &tool=siting&scenario=12 | &tool=need-index&index=ID:2,ID:1&index-method=zscore | &tool=anchors&anchor=7&distance=3000
 *   | &tool=moderate | &tool=asset-register | &tool=localities | &tool=audit (editor and admin tools: the app moves to Explore when the role lacks them)
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

export const TOOLS = ['explore', 'siting', 'need-index', 'anchors', 'moderate', 'asset-register', 'localities', 'audit', 'admin'] as const
export type Tool = (typeof TOOLS)[number]

/** A need index as the URL carries it (the same words as GET /api/targeting/index). */
export interface IndexSpec {
  /** id:weight pairs, e.g. "a_score:2,b_pct:1" */
  indicators: string
  method: string
  level: string
  missing: string
}
type IndexChoice = 'method' | 'level' | 'missing'
const INDEX_KEYS: IndexChoice[] = ['method', 'level', 'missing']

export interface ViewState {
  indicator: string
  level: MapLevel
  classification: ClassMethod
  locality: string | null
  assets: string[]
  view: 'map' | 'table'
  camera: Camera | null
  tool: Tool
  /** siting: the saved scenario shown */
  scenario: number | null
  needIndex: IndexSpec | null
  anchor: { id: number; distance: number } | null
}

/** The catalogue facts parsing needs (a subset, so tests can build one by hand). */
export type CatalogueFacts = Pick<Catalogue, 'defaultIndicator' | 'localities'> & {
  indicators: Array<Pick<Catalogue['indicators'][number], 'id' | 'classification' | 'available' | 'levels'>>
  assetCategories: Array<{ id: string }>
  /** the need index's choices and defaults, as the server's vocabulary gives them */
  vocabulary: { needIndex: Pick<Catalogue['vocabulary']['needIndex'], 'methods' | 'levels' | 'missing' | 'defaults'> }
}

/** The ids a need index URL may name for each choice. */
const indexChoices = (c: CatalogueFacts): Record<IndexChoice, string[]> => ({
  method: c.vocabulary.needIndex.methods.map((m) => m.id),
  level: c.vocabulary.needIndex.levels,
  missing: c.vocabulary.needIndex.missing.map((m) => m.id),
})

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
    tool: 'explore',
    scenario: null,
    needIndex: null,
    anchor: null,
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

const positiveInt = (s: string | null, max = Number.MAX_SAFE_INTEGER): number | null => {
  if (!s || !/^\d{1,15}$/.test(s)) return null
  const n = Number(s)
  return n >= 1 && n <= max ? n : null
}

function parseIndex(p: URLSearchParams, c: CatalogueFacts): IndexSpec | null {
  const raw = p.get('index')
  if (!raw) return null
  const known = new Set(c.indicators.map((i) => i.id))
  const parts = raw.split(',').map((x) => x.split(':'))
  if (!parts.length || parts.some(([id, w, extra]) => !known.has(id) || extra !== undefined || (w !== undefined && !(Number(w) > 0)))) return null
  const choices = indexChoices(c)
  const defaults = c.vocabulary.needIndex.defaults
  const pick = (k: IndexChoice) => (choices[k].includes(p.get(`index-${k}`) ?? '') ? p.get(`index-${k}`)! : defaults[k])
  return { indicators: raw, method: pick('method'), level: pick('level'), missing: pick('missing') }
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
    ...parseTool(p, c),
  }
}

function parseTool(p: URLSearchParams, c: CatalogueFacts): Pick<ViewState, 'tool' | 'scenario' | 'needIndex' | 'anchor'> {
  const scenario = positiveInt(p.get('scenario'))
  const needIndex = parseIndex(p, c)
  const anchorId = positiveInt(p.get('anchor'))
  const distance = positiveInt(p.get('distance'), 20_000)
  const anchor = anchorId ? { id: anchorId, distance: distance && distance >= 100 ? distance : 3000 } : null
  const named = (TOOLS as readonly string[]).includes(p.get('tool') ?? '') ? (p.get('tool') as Tool) : null
  // a link that names a scenario, an index or an anchor but no tool opens that tool
  const tool = named ?? (scenario ? 'siting' : needIndex ? 'need-index' : anchor ? 'anchors' : 'explore')
  return { tool, scenario, needIndex, anchor }
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
  if (s.tool !== 'explore') p.set('tool', s.tool)
  if (s.scenario) p.set('scenario', String(s.scenario))
  if (s.needIndex) {
    p.set('index', s.needIndex.indicators)
    for (const k of INDEX_KEYS) if (s.needIndex[k] !== c.vocabulary.needIndex.defaults[k]) p.set(`index-${k}`, s.needIndex[k])
  }
  if (s.anchor) {
    p.set('anchor', String(s.anchor.id))
    if (s.anchor.distance !== 3000) p.set('distance', String(s.anchor.distance))
  }
  if (s.camera) p.set('at', `${s.camera.zoom.toFixed(2)}/${s.camera.lat.toFixed(5)}/${s.camera.lon.toFixed(5)}`)
  const q = p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':')
  return q ? `?${q}` : ''
}
