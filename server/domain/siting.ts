/**
 * Family Hub siting, the use-case: turn a planner's parameters into a location-allocation instance
 * from the database (LSOA 2021 demand weighted by population and need; candidate sites from assets,
 * map points or the demand points themselves; straight-line or user-matrix travel), solve it, and
 * explain the answer: sites, allocation, catchments, access metrics overall and per locality, a
 * baseline to compare with, and every choice in words. Scenarios save parameters with the result
 * the server computed from them.
 */
import { assetCategories, assetCategoryIds } from '../catalogue/assetCategories'
import { findIndicator } from '../catalogue/indicators'
import type { Database } from '../db/connect'
import * as store from '../db/siting'
import {
  SitingInputError, type SitingConstraints, type SitingInstance, type SolveOptions, type SolveProgress, type SolveResult, type SolveStatus,
} from '../siting/instance'
import { costMatrix, type MatrixRow } from '../siting/matrix'
import { METRIC_ROWS, metricsFor, type MetricDemand, type Metrics } from '../siting/metrics'
import { solve } from '../siting/solve'
import { recordAudit, type WriteContext } from './audit'
import { InvalidParameter, NotFound } from './errors'
import { needIndexByLsoa, type MissingRule } from './targeting'

/** A pseudo-category: open schools whose phase is Primary or All Through. */
export const PRIMARY_SCHOOLS = 'primary_school'
export const SITING_CATEGORIES = [...assetCategoryIds, PRIMARY_SCHOOLS]

// Demand populations (Census 2021 counts at LSOA 2021) and the IDACI measures used for need.
const POPULATION = {
  '0-4': { indicator: 'census_pop_0_4', words: 'children aged 0-4' },
  '0-19': { indicator: 'census_pop_0_19', words: 'children and young people aged 0-19' },
  all: { indicator: 'census_pop_total', words: 'all residents' },
} as const
const IDACI_SCORE = 'idaci_score_2019'
const IDACI_DECILE = 'idaci_decile_2019'
for (const id of [...Object.values(POPULATION).map((p) => p.indicator), IDACI_SCORE, IDACI_DECILE]) {
  if (!findIndicator(id)) throw new Error(`siting needs indicator ${id} in the catalogue`)
}

/** A composite need index from the targeting feature: rank (0-1] or the IoD exponential scale (0-100]. */
export interface NeedIndex {
  kind: 'index'
  indicators: Array<{ id: string; weight: number }>
  method: 'rank' | 'exponential'
  /** LSOAs missing a component: left out of the index (weight 0, listed as missing) or given the mean */
  missing: MissingRule
}

export type Need = { kind: 'none' } | { kind: 'idaci-score' } | { kind: 'idaci-decile' } | { kind: 'indicator'; id: string } | NeedIndex

export interface SitingParams {
  objective: 'p-median' | 'coverage' | 'p-center'
  /** 'one-per-locality' (p = number of localities, one hub inside each) or a number of hubs anywhere */
  hubs: 'one-per-locality' | number
  population: keyof typeof POPULATION
  need: Need
  candidates: { categories: string[]; points: Array<{ id?: string; name?: string; lon: number; lat: number }>; demandPoints: boolean }
  /** site ids: asset:<id>, point:<id>, lsoa:<code> */
  fixed: string[]
  excluded: string[]
  travel: { detourFactor: number; speedKmh: number; matrix?: string | MatrixRow[] }
  /** minutes: the coverage threshold and the threshold of the "within" metrics */
  threshold: number
  capacities?: unknown
  baseline: { kind: 'fixed' } | { kind: 'none' } | { kind: 'assets'; ids: number[] }
  lines: boolean
  seed: number
  timeLimitMs: number
}

export interface SiteOut {
  id: string
  kind: 'asset' | 'point' | 'lsoa'
  assetId: number | null
  name: string
  category: string
  locality: { code: string; name: string } | null
  lon: number
  lat: number
  fixed: boolean
  /** demand weight and population allocated to this site */
  weight: number
  population: number
}

export interface AllocationRow {
  lsoa: string
  name: string
  locality: string | null
  weight: number
  population: number
  hub: string
  minutes: number
  metres: number | null
}

export interface LocalityMetrics {
  code: string
  name: string
  metrics: Metrics
  baseline: Metrics | null
}

export interface SitingResult {
  objective: SitingParams['objective']
  status: SolveStatus
  /** p-median: weighted minutes summed over demand; coverage: weight covered; p-center: worst minutes */
  value: number
  bound: number
  gap: number
  method: string
  solveMs: number
  seed: number
  summary: string
  weighting: { population: SitingParams['population']; need: Need; text: string; missing: string[] }
  travel: { mode: 'straight-line' | 'matrix'; detourFactor: number | null; speedKmh: number | null; text: string }
  constraints: { hubs: SitingParams['hubs']; p: number; fixed: string[]; excluded: string[]; text: string }
  candidates: { count: number; byCategory: Record<string, number>; text: string }
  threshold: number
  sites: SiteOut[]
  allocation: AllocationRow[]
  catchments: GeoJSON.FeatureCollection
  lines: GeoJSON.FeatureCollection | null
  metrics: { overall: Metrics; byLocality: LocalityMetrics[] }
  baseline: { label: string; sites: SiteOut[]; metrics: Metrics } | null
}

interface Site {
  id: string
  kind: SiteOut['kind']
  assetId: number | null
  name: string
  category: string
  x: number
  y: number
  lon: number
  lat: number
  locality: string | null
  /** may be chosen (not only a baseline site) */
  choosable: boolean
}

const invalid = (message: string, path = 'body') => new InvalidParameter(message, [{ path, message }])

/** Which LSOA-level indicators may weight need: scores and rates where higher means more need. */
export function needIndicatorProblem(id: string): string | null {
  const d = findIndicator(id)
  if (!d) return `unknown indicator "${id}"`
  if (!d.levels.includes('lsoa21')) return `indicator "${id}" has no LSOA 2021 values`
  if (d.polarity !== 'higher-worse' || !(d.kind === 'score' || d.kind === 'rate')) return `indicator "${id}" is not a score or rate where higher means more need`
  return null
}

/** An index component's problem, if any: the index orients polarity itself, so any LSOA 2021 indicator will do. */
export function indexIndicatorProblem(id: string): string | null {
  const d = findIndicator(id)
  if (!d) return `unknown indicator "${id}" (GET /api/catalogue lists them)`
  if (!d.levels.includes('lsoa21')) return `indicator "${id}" has no LSOA 2021 values`
  return null
}

const num = (x: number) => String(Math.round(x * 1000) / 1000)

/** "IDACI score (weight 2) and fuel poverty (1)" */
function indexComponentsWords(need: NeedIndex): string {
  const parts = need.indicators.map((c, k) => `${findIndicator(c.id)!.title} (${k === 0 ? 'weight ' : ''}${num(c.weight)})`)
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]
}

/** Where demand sits, in words: ONS population-weighted centroids, and how many LSOAs lacked one. */
function pwcWords(demand: Array<{ pwc: boolean }>): string {
  const without = demand.filter((d) => !d.pwc).length
  if (without === demand.length) return "each LSOA's point on surface (no population-weighted centroids imported)"
  return "each LSOA's ONS population-weighted centroid (2021), where its people live" + (without ? ` (${without} without one: point on surface)` : '')
}

function needWords(need: Need, base: string): string {
  switch (need.kind) {
    case 'index': return need.method === 'rank'
      ? `multiplied by (1 + need index), the index from ${indexComponentsWords(need)}, ranked: each indicator's rank among the borough's LSOAs scaled to 0-1 (1 = greatest need), combined with the weights rescaled to sum to 1, so the neediest LSOA counts up to twice`
      : `multiplied by (1 + need index / 100), the index from ${indexComponentsWords(need)}, ranked and put on the IoD exponential scale (0-100, stretching the most deprived end), combined with the weights rescaled to sum to 1, so the neediest LSOA counts up to twice`
    case 'none': return 'not weighted by need'
    case 'idaci-score': return `multiplied by the LSOA's IDACI score (IoD 2019: the share of children aged 0-15 in income-deprived families), so each LSOA counts as its estimated number of income-deprived ${base}`
    case 'idaci-decile': return 'multiplied by a need factor from the LSOA\'s national IDACI decile: 2.0 for decile 1 (most deprived), falling by 1/9 per decile to 1.0 for decile 10'
    case 'indicator': return `multiplied by a need factor from "${findIndicator(need.id)!.title}": 1.0 for the borough's least needy LSOA rising linearly to 2.0 for the most needy`
  }
}

const fmt = (x: number, d = 1) => x.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d })
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`)

const parseSiteId = (id: string) => {
  const m = /^(asset|point|lsoa):(.+)$/.exec(id)
  if (!m) throw invalid(`site id "${id}" must look like asset:<id>, point:<id> or lsoa:<code>`, 'body.fixed')
  return { kind: m[1], key: m[2] }
}

/** What a solver is given: plain data that can be posted to a worker thread. */
export interface SolveTask {
  instance: SitingInstance
  constraints: SitingConstraints
  options: Omit<SolveOptions, 'onProgress' | 'restarts' | 'exact'> & Partial<Pick<SolveOptions, 'restarts' | 'exact'>>
}

/** Runs a SolveTask: in this thread (below) or in a worker (server/siting/workerPool.ts). */
export type Solver = (task: SolveTask, onProgress?: (p: SolveProgress) => void) => Promise<SolveResult>

export const solveInThread: Solver = async (t, onProgress) => solve(t.instance, t.constraints, { ...t.options, onProgress })

/** A run ready to solve: the task, and how to explain its answer (reads catchment shapes from the database). */
export interface PreparedSiting {
  task: SolveTask
  explain: (r: SolveResult) => Promise<SitingResult>
}

/** Builds, solves and explains one siting run. */
export async function runSiting(db: Database, params: SitingParams, solver: Solver = solveInThread): Promise<SitingResult> {
  const prepared = await prepareSiting(db, params)
  return prepared.explain(await solveChecked(solver, prepared.task))
}

/** Solves, turning the solvers' input errors into 400s. */
export async function solveChecked(solver: Solver, task: SolveTask, onProgress?: (p: SolveProgress) => void): Promise<SolveResult> {
  try {
    return await solver(task, onProgress)
  } catch (e) {
    if (e instanceof SitingInputError) throw invalid(e.message, e.path)
    throw e
  }
}

/** Reads the database and builds the instance; throws InvalidParameter for anything the caller can fix. */
export async function prepareSiting(db: Database, params: SitingParams): Promise<PreparedSiting> {
  if (params.capacities !== undefined) {
    throw invalid('capacities are not yet supported: sites are uncapacitated (each area goes to its nearest hub)', 'body.capacities')
  }
  const unknown = params.candidates.categories.filter((c) => !SITING_CATEGORIES.includes(c))
  if (unknown.length) throw invalid(`unknown candidate categor${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.join(', ')} (known: ${SITING_CATEGORIES.join(', ')})`, 'body.candidates.categories')
  if (params.need.kind === 'indicator') {
    const problem = needIndicatorProblem(params.need.id)
    if (problem) throw invalid(`need: ${problem}`, 'body.need.id')
  }
  if (params.need.kind === 'index') {
    params.need.indicators.forEach((c, t) => {
      const problem = indexIndicatorProblem(c.id)
      if (problem) throw invalid(`need index: ${problem}`, `body.need.indicators.${t}.id`)
    })
  }
  const fixedAssetIds: number[] = []
  for (const id of params.fixed) {
    const s = parseSiteId(id)
    if (s.kind === 'asset') {
      if (!/^\d{1,15}$/.test(s.key)) throw invalid(`fixed site "${id}": asset ids are whole numbers`, 'body.fixed')
      fixedAssetIds.push(Number(s.key))
    }
  }
  params.excluded.forEach(parseSiteId)
  const baselineIds = params.baseline.kind === 'assets' ? params.baseline.ids : []
  const pop = POPULATION[params.population]
  const needIds = params.need.kind === 'idaci-score' ? [IDACI_SCORE] : params.need.kind === 'idaci-decile' ? [] : params.need.kind === 'indicator' ? [params.need.id] : []

  const k = db.knex
  const demand = await store.demandPoints(k, [pop.indicator, IDACI_DECILE, ...needIds])
  const needIndex = params.need.kind === 'index'
    ? await needIndexByLsoa(db, { indicators: params.need.indicators, method: params.need.method, missing: params.need.missing })
    : null
  const localities = await store.localityNames(k)
  const assets = await store.siteAssets(k, {
    categories: params.candidates.categories.filter((c) => c !== PRIMARY_SCHOOLS),
    primarySchools: params.candidates.categories.includes(PRIMARY_SCHOOLS),
    ids: [...fixedAssetIds, ...baselineIds],
  })
  const placed = await store.placePoints(k, params.candidates.points)
  if (!demand.length) throw new NotFound('No LSOA 2021 demand points are loaded; import the boundaries first')

  // ---- candidate sites ----
  const chosenCats = new Set(params.candidates.categories)
  const sites: Site[] = []
  const byId = new Map<string, number>()
  const add = (s: Site) => {
    const at = byId.get(s.id)
    if (at !== undefined) {
      sites[at].choosable ||= s.choosable
      return
    }
    byId.set(s.id, sites.length)
    sites.push(s)
  }
  const fixedSet = new Set(params.fixed)
  for (const a of assets) {
    const id = `asset:${a.assetId}`
    const inPool = a.status === 'open' && (chosenCats.has(a.category) || (chosenCats.has(PRIMARY_SCHOOLS) && a.category === 'school' && (a.phase === 'Primary' || a.phase === 'All Through')))
    add({ id, kind: 'asset', assetId: a.assetId, name: a.name, category: a.category, x: a.x, y: a.y, lon: a.lon, lat: a.lat, locality: a.locality, choosable: inPool || fixedSet.has(id) })
  }
  params.candidates.points.forEach((p, t) => {
    const id = `point:${p.id ?? t + 1}`
    if (byId.has(id)) throw invalid(`two added points have the id ${id}`, 'body.candidates.points')
    add({ id, kind: 'point', assetId: null, name: p.name ?? `Added point ${p.id ?? t + 1}`, category: 'added point', ...placed[t], lon: p.lon, lat: p.lat, choosable: true })
  })
  if (params.candidates.demandPoints) {
    for (const d of demand) add({ id: `lsoa:${d.code}`, kind: 'lsoa', assetId: null, name: `${d.name} (where people live)`, category: 'LSOA point', x: d.x, y: d.y, lon: d.lon, lat: d.lat, locality: d.locality, choosable: true })
  }
  for (const id of [...fixedAssetIds.map((x) => `asset:${x}`), ...baselineIds.map((x) => `asset:${x}`)]) {
    if (!byId.has(id)) throw invalid(`site ${id} does not exist (or is not a verified asset)`, fixedSet.has(id) ? 'body.fixed' : 'body.baseline.ids')
  }
  for (const id of params.fixed) if (!byId.has(id)) throw invalid(`fixed site ${id} is not among the candidates`, 'body.fixed')
  for (const id of params.excluded) if (!byId.has(id)) throw invalid(`excluded site ${id} is not among the candidates`, 'body.excluded')
  const both = params.fixed.filter((id) => params.excluded.includes(id))
  if (both.length) throw invalid(`site ${both[0]} is both fixed and excluded`, 'body.excluded')
  const choosable = sites.filter((s) => s.choosable && !params.excluded.includes(s.id))
  if (!choosable.length) throw invalid('no candidate sites: choose at least one category, add points on the map, or use every demand point', 'body.candidates')

  // ---- constraints ----
  const locIndex = new Map(localities.map((l, g) => [l.code, g]))
  const locName = (code: string | null) => (code ? localities.find((l) => l.code === code)! : null)
  const onePerLocality = params.hubs === 'one-per-locality'
  const p = onePerLocality ? localities.length : (params.hubs as number)
  if (onePerLocality) {
    if (!localities.length) throw invalid('one hub per locality needs localities, and none are loaded', 'body.hubs')
    const fixedIn = new Map<string, string>()
    for (const id of params.fixed) {
      const s = sites[byId.get(id)!]
      if (!s.locality) throw invalid(`fixed site ${id} (${s.name}) lies outside every locality, so it cannot be a locality's hub`, 'body.fixed')
      if (fixedIn.has(s.locality)) throw invalid(`fixed sites ${fixedIn.get(s.locality)} and ${id} are both in ${locName(s.locality)!.name}; one hub per locality allows one`, 'body.fixed')
      fixedIn.set(s.locality, id)
    }
    for (const l of localities) {
      if (!choosable.some((s) => s.locality === l.code)) throw invalid(`no candidate site lies inside ${l.name} (${l.code}), so it cannot get a hub: add categories or points there`, 'body.candidates')
    }
  } else {
    if (p > choosable.length) throw invalid(`p = ${p} hubs but only ${choosable.length} candidate site${choosable.length === 1 ? ' is' : 's are'} available`, 'body.hubs')
    if (params.fixed.length > p) throw invalid(`${params.fixed.length} fixed sites but only ${p} hubs`, 'body.fixed')
  }

  // ---- demand weights ----
  const n = demand.length
  const weight = new Float64Array(n)
  const population = new Float64Array(n)
  const deprived = new Uint8Array(n)
  const missing: string[] = []
  let needMin = Infinity
  let needMax = -Infinity
  if (params.need.kind === 'indicator') {
    for (const d of demand) {
      const v = d.values[params.need.id]
      if (v !== undefined) { needMin = Math.min(needMin, v); needMax = Math.max(needMax, v) }
    }
  }
  demand.forEach((d, i) => {
    const base = d.values[pop.indicator]
    const decile = d.values[IDACI_DECILE]
    population[i] = base ?? 0
    deprived[i] = decile !== undefined && decile <= 2 ? 1 : 0
    let mult: number | undefined = 1
    if (params.need.kind === 'idaci-score') mult = d.values[IDACI_SCORE]
    else if (params.need.kind === 'idaci-decile') mult = decile === undefined ? undefined : 2 - (decile - 1) / 9
    else if (params.need.kind === 'indicator') {
      const v = d.values[params.need.id]
      mult = v === undefined ? undefined : needMax > needMin ? 1 + (v - needMin) / (needMax - needMin) : 1
    } else if (params.need.kind === 'index') {
      // rank indices run (0, 1], exponential ones (0, 100]: both become a multiplier in (1, 2]
      const v = needIndex!.get(d.code)
      mult = v === undefined ? undefined : 1 + (params.need.method === 'rank' ? v : v / 100)
    }
    if (base === undefined || mult === undefined) missing.push(d.code)
    weight[i] = base === undefined || mult === undefined ? 0 : base * mult
  })

  // ---- travel ----
  const m = sites.length
  let cost: Float64Array
  let metres: Float64Array | null = null
  const matrixMode = params.travel.matrix !== undefined
  try {
    if (matrixMode) {
      cost = costMatrix(params.travel.matrix!, demand.map((d) => d.code), sites.map((s) => s.id))
    } else {
      const perMinute = (params.travel.speedKmh * 1000) / 60
      cost = new Float64Array(n * m)
      metres = new Float64Array(n * m)
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < n; i++) {
          const dist = Math.hypot(sites[j].x - demand[i].x, sites[j].y - demand[i].y) * params.travel.detourFactor
          metres[j * n + i] = dist
          cost[j * n + i] = dist / perMinute
        }
      }
    }
  } catch (e) {
    if (e instanceof SitingInputError) throw invalid(e.message, e.path)
    throw e
  }

  const inst: SitingInstance = {
    n, m, weight, cost,
    group: onePerLocality ? Int32Array.from(sites, (s) => (s.locality ? locIndex.get(s.locality) ?? -1 : -1)) : undefined,
    groupCount: onePerLocality ? localities.length : undefined,
  }
  const fixedIdx = params.fixed.map((id) => byId.get(id)!)
  const excludedIdx = sites.flatMap((s, j) => (!s.choosable || params.excluded.includes(s.id) ? [j] : []))
  const task: SolveTask = {
    instance: inst,
    constraints: { p, onePerGroup: onePerLocality, fixed: fixedIdx, excluded: excludedIdx },
    options: { objective: params.objective, threshold: params.threshold, seed: params.seed, timeLimitMs: params.timeLimitMs },
  }
  return { task, explain: (r) => explain(r) }

  // ---- explain ----
  async function explain(r: SolveResult): Promise<SitingResult> {
    const md: MetricDemand = { weight, population, deprived }
    const overall = metricsFor(inst, metres, md, r.open, params.threshold)
    const siteOut = (j: number, alloc: Int32Array): SiteOut => {
      const s = sites[j]
      let w = 0
      let pp = 0
      for (let i = 0; i < n; i++) if (alloc[i] === j) { w += weight[i]; pp += population[i] }
      return {
        id: s.id, kind: s.kind, assetId: s.assetId, name: s.name, category: s.category, locality: locName(s.locality),
        lon: s.lon, lat: s.lat, fixed: fixedSet.has(s.id), weight: w, population: pp,
      }
    }
    const outSites = r.open.map((j) => siteOut(j, overall.site))
    const allocation: AllocationRow[] = demand.map((d, i) => ({
      lsoa: d.code, name: d.name, locality: d.locality, weight: weight[i], population: population[i],
      hub: sites[overall.site[i]].id, minutes: overall.minutes[i], metres: metres ? metres[overall.site[i] * n + i] : null,
    }))
    const shapes = await store.catchmentGeometries(k, allocation.map((a) => ({ lsoa: a.lsoa, hub: a.hub })))
    const catchments: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: outSites.filter((s) => shapes.has(s.id)).map((s) => ({
        type: 'Feature', id: s.id, geometry: shapes.get(s.id)!,
        properties: { site: s.id, name: s.name, category: s.category, weight: s.weight, population: s.population },
      })),
    }
    const lines: GeoJSON.FeatureCollection | null = params.lines
      ? {
        type: 'FeatureCollection',
        features: allocation.map((a, i) => {
          const s = sites[overall.site[i]]
          return { type: 'Feature', geometry: { type: 'LineString', coordinates: [[demand[i].lon, demand[i].lat], [s.lon, s.lat]] }, properties: { lsoa: a.lsoa, hub: a.hub, minutes: a.minutes } }
        }),
      }
      : null

    let baselineIdx: number[] | null = null
    let baselineLabel = ''
    if (params.baseline.kind === 'fixed' && fixedIdx.length) {
      baselineIdx = fixedIdx
      baselineLabel = `the ${fixedIdx.length} fixed site${fixedIdx.length === 1 ? '' : 's'} alone`
    } else if (params.baseline.kind === 'assets' && params.baseline.ids.length) {
      baselineIdx = params.baseline.ids.map((x) => byId.get(`asset:${x}`)!)
      baselineLabel = `the ${baselineIdx.length} chosen existing site${baselineIdx.length === 1 ? '' : 's'}`
    }
    const base = baselineIdx ? metricsFor(inst, metres, md, baselineIdx, params.threshold) : null
    const byLocality: LocalityMetrics[] = localities.map((l) => {
      const subset = demand.flatMap((d, i) => (d.locality === l.code ? [i] : []))
      return {
        code: l.code, name: l.name,
        metrics: metricsFor(inst, metres, md, r.open, params.threshold, subset).metrics,
        baseline: baselineIdx ? metricsFor(inst, metres, md, baselineIdx, params.threshold, subset).metrics : null,
      }
    })

    const byCategory: Record<string, number> = {}
    for (const s of choosable) byCategory[s.category] = (byCategory[s.category] ?? 0) + 1
    const catTitle = (c: string) => (c === PRIMARY_SCHOOLS ? 'primary schools' : assetCategories.find((x) => x.id === c)?.title.toLowerCase() ?? c)
    const sourcesText = [
      params.candidates.categories.length ? `open ${params.candidates.categories.map(catTitle).join(', ')}` : null,
      params.candidates.points.length ? `${params.candidates.points.length} added point${params.candidates.points.length === 1 ? '' : 's'}` : null,
      params.candidates.demandPoints ? 'every LSOA demand point' : null,
    ].filter(Boolean).join('; ')
    const objectiveText = params.objective === 'p-median' ? 'minimise need-weighted average travel'
      : params.objective === 'coverage' ? `maximise the weighted demand within ${params.threshold} minutes` : 'minimise the longest travel'
    // said for a planner: the solver's terms (bound, gap) stay in `method`
    const statusText = r.status === 'optimal' ? 'the best possible answer for these choices (proven)' : `a good answer, at most ${fmt(r.gap * 100, 2)}% short of the best possible`
    const o = overall.metrics
    const hubsText = onePerLocality ? `${p} hubs, one inside each locality` : `${p} hub${p === 1 ? '' : 's'} anywhere`
    const weightText = `Demand: ${pop.words} (Census 2021) in each of the ${n} LSOAs (2021), placed at ${pwcWords(demand)}, ${needWords(params.need, pop.words)}.` +
      (missing.length ? ` ${missing.length} LSOA${missing.length === 1 ? ' has' : 's have'} no value and count${missing.length === 1 ? 's' : ''} as zero.` : '')
    const travelText = matrixMode
      ? `Travel times from the supplied matrix (${n} × ${m} pairs), used as given; distances are not available.`
      : `Straight-line distance in British National Grid × ${params.travel.detourFactor} for detours, walked at ${params.travel.speedKmh} km/h (1 km ≈ ${fmt((60 / params.travel.speedKmh) * params.travel.detourFactor)} min of straight line).`
    const constraintsText = [
      onePerLocality ? `Exactly one hub in each of the ${p} localities; a site belongs to the locality its point lies in.` : `${p} hub${p === 1 ? '' : 's'}, anywhere.`,
      params.fixed.length ? `Always open: ${params.fixed.map((id) => sites[byId.get(id)!].name).join(', ')}.` : '',
      params.excluded.length ? `Never open: ${params.excluded.map((id) => sites[byId.get(id)!].name).join(', ')}.` : '',
      'No capacities.',
    ].filter(Boolean).join(' ')
    return {
      objective: params.objective,
      status: r.status,
      value: r.value,
      bound: r.bound,
      gap: r.gap,
      method: r.method,
      solveMs: r.stats.ms,
      seed: params.seed,
      summary: `${hubsText} chosen from ${choosable.length} candidate sites to ${objectiveText}: ${statusText}. ` +
        `Need-weighted mean travel ${o.meanMinutes === null ? 'n/a' : fmt(o.meanMinutes)} min, longest ${o.maxMinutes === null ? 'n/a' : fmt(o.maxMinutes)} min; ` +
        `${pct(o.withinThreshold)} of weighted demand within ${params.threshold} min.`,
      weighting: { population: params.population, need: params.need, text: weightText, missing },
      travel: { mode: matrixMode ? 'matrix' : 'straight-line', detourFactor: matrixMode ? null : params.travel.detourFactor, speedKmh: matrixMode ? null : params.travel.speedKmh, text: travelText },
      constraints: { hubs: params.hubs, p, fixed: params.fixed, excluded: params.excluded, text: constraintsText },
      candidates: { count: choosable.length, byCategory, text: `Candidates: ${sourcesText || 'the fixed sites only'} (${choosable.length} sites).` },
      threshold: params.threshold,
      sites: outSites,
      allocation,
      catchments,
      lines,
      metrics: { overall: o, byLocality },
      baseline: base && baselineIdx ? { label: baselineLabel, sites: baselineIdx.map((j) => siteOut(j, base.site)), metrics: base.metrics } : null,
    }
  }
}

// ---- scenarios ----

export interface ScenarioSummary {
  id: number
  name: string
  author: string
  created_at: string
  params: SitingParams
  summary: { status: SolveStatus; objective: string; sites: SiteOut[]; metrics: Metrics; summary: string }
}

export type Scenario = store.ScenarioRow<SitingParams, SitingResult>

/**
 * Re-solves the parameters on the server (the stored result is never the client's) and saves both,
 * with its audit row in the same transaction. The route lets only editors reach this.
 */
export async function saveScenario(db: Database, ctx: WriteContext, s: { name: string; author?: string; params: SitingParams }, solver: Solver = solveInThread): Promise<Scenario> {
  const result = await runSiting(db, s.params, solver)
  const author = s.author || ctx.actor.name
  return db.knex.transaction(async (trx) => {
    const { id, created_at } = await store.insertScenario(trx, { name: s.name, author, params: s.params, result })
    const saved = { id, name: s.name, author, created_at, params: s.params, result }
    await recordAudit(trx, ctx, { action: 'scenario.create', entity: 'scenario', entityId: id, before: null, after: { id, name: s.name, author, params: s.params } })
    return saved
  })
}

export async function listScenarios(db: Database, limit: number): Promise<ScenarioSummary[]> {
  return (await store.listScenarios(db.knex, limit)) as ScenarioSummary[]
}

export async function getScenario(db: Database, id: number): Promise<Scenario> {
  const [s] = await store.getScenarios<SitingParams, SitingResult>(db.knex, [id])
  if (!s) throw new NotFound(`No scenario with id ${id}`)
  return s
}

export interface Comparison {
  scenarios: Array<{ id: number; name: string; author: string; created_at: string; summary: string; status: SolveStatus; weighting: string; sites: SiteOut[]; metrics: Metrics }>
  rows: Array<{ key: string; label: string; unit: string; better: 'lower' | 'higher' | null; values: Array<number | null> }>
  byLocality: Array<{ code: string; name: string; rows: Comparison['rows'] }>
}

/** Two or more scenarios side by side: one row per metric, one column per scenario, and the same per locality. */
export async function compareScenarios(db: Database, ids: number[]): Promise<Comparison> {
  const found = await store.getScenarios<SitingParams, SitingResult>(db.knex, ids)
  const absent = ids.filter((id) => !found.some((s) => s.id === id))
  if (absent.length) throw new NotFound(`No scenario with id ${absent.join(', ')}`)
  const rows = (pick: (s: Scenario) => Metrics | undefined) =>
    METRIC_ROWS.map((r) => ({ key: r.key, label: r.label, unit: r.unit, better: r.better, values: found.map((s) => (pick(s)?.[r.key] as number | null | undefined) ?? null) }))
  const locs = found[0].result.metrics.byLocality.map((l) => ({ code: l.code, name: l.name }))
  return {
    scenarios: found.map((s) => ({
      id: s.id, name: s.name, author: s.author, created_at: s.created_at, summary: s.result.summary, status: s.result.status,
      weighting: s.result.weighting.text, sites: s.result.sites, metrics: s.result.metrics.overall,
    })),
    rows: rows((s) => s.result.metrics.overall),
    byLocality: locs.map((l) => ({ ...l, rows: rows((s) => s.result.metrics.byLocality.find((x) => x.code === l.code)?.metrics) })),
  }
}
