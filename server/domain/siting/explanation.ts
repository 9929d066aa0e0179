/**
 * Explains a solved run: the chosen sites with what each serves, every LSOA's hub, catchment
 * shapes (from the database), access metrics overall and per locality against the baseline, and
 * every choice in words.
 */
import type { Database } from '../../db/connect'
import * as store from '../../db/siting'
import type { SitingInstance, SolveResult } from '../../siting/instance'
import { metricsFor, type MetricDemand } from '../../siting/metrics'
import { certificateWords, isCertified } from '../../siting/certificate'
import { aimWords } from '../../siting/objectives'
import type { Candidates, HubConstraints } from './candidates'
import type { DemandWeights } from './demand'
import { POPULATION, type SitingParams } from './params'
import type { AllocationRow, LocalityMetrics, SiteOut, SitingResult } from './result'
import type { Travel } from './travel'
import { candidateSourceWords, constraintWords, fmt, needWords, pct, plural, pwcWords, travelWords } from './words'

/** Everything a prepared run knows, for explaining its answer. */
export interface RunContext {
  params: SitingParams
  demand: store.DemandRow[]
  localities: Array<{ code: string; name: string }>
  candidates: Candidates
  hubs: HubConstraints
  weights: DemandWeights
  travel: Travel
  instance: SitingInstance
  fixedIdx: number[]
}

function baselineOf(c: RunContext): { idx: number[]; label: string } | null {
  const { params, fixedIdx, candidates } = c
  if (params.baseline.kind === 'fixed' && fixedIdx.length) {
    return { idx: fixedIdx, label: `the ${fixedIdx.length} fixed site${plural(fixedIdx.length)} alone` }
  }
  if (params.baseline.kind === 'assets' && params.baseline.ids.length) {
    const idx = params.baseline.ids.map((x) => candidates.byId.get(`asset:${x}`)!)
    return { idx, label: `the ${idx.length} chosen existing site${plural(idx.length)}` }
  }
  return null
}

export async function explain(db: Database, c: RunContext, r: SolveResult): Promise<SitingResult> {
  const { params, demand, localities, candidates: { sites, byId, choosable, fixedSet }, hubs: { onePerLocality, p }, instance: inst } = c
  const { weight, population, deprived, missing } = c.weights
  const { metres, matrixMode } = c.travel
  const n = demand.length
  const md: MetricDemand = { weight, population, deprived }
  const overall = metricsFor(inst, metres, md, r.open, params.threshold)
  const locName = (code: string | null) => (code ? localities.find((l) => l.code === code)! : null)
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
  const shapes = await store.catchmentGeometries(db.knex, allocation.map((a) => ({ lsoa: a.lsoa, hub: a.hub })))
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

  const baseline = baselineOf(c)
  const base = baseline ? metricsFor(inst, metres, md, baseline.idx, params.threshold) : null
  const byLocality: LocalityMetrics[] = localities.map((l) => {
    const subset = demand.flatMap((d, i) => (d.locality === l.code ? [i] : []))
    return {
      code: l.code, name: l.name,
      metrics: metricsFor(inst, metres, md, r.open, params.threshold, subset).metrics,
      baseline: baseline ? metricsFor(inst, metres, md, baseline.idx, params.threshold, subset).metrics : null,
    }
  })

  const byCategory: Record<string, number> = {}
  for (const s of choosable) byCategory[s.category] = (byCategory[s.category] ?? 0) + 1
  // said for a planner: the solver's terms (bound, gap) stay in `method`
  const statusText = certificateWords(r)
  const o = overall.metrics
  const pop = POPULATION[params.population]
  const hubsText = onePerLocality ? `${p} hubs, one inside each locality` : `${p} hub${plural(p)} anywhere`
  const weightText = `Demand: ${pop.words} (Census 2021) in each of the ${n} LSOAs (2021), placed at ${pwcWords(demand)}, ${needWords(params.need, pop.words)}.` +
    (missing.length ? ` ${missing.length} LSOA${plural(missing.length, ' has', 's have')} no value and count${plural(missing.length, 's', '')} as zero.` : '')
  const sourcesText = candidateSourceWords(params)
  return {
    objective: params.objective,
    status: r.status,
    value: r.value,
    bound: r.bound,
    gap: r.gap,
    certified: isCertified(r),
    certificate: statusText,
    method: r.method,
    solveMs: r.stats.ms,
    seed: params.seed,
    summary: `${hubsText} chosen from ${choosable.length} candidate sites to ${aimWords(params.objective, params.threshold)}: ${statusText}. ` +
      `Need-weighted mean travel ${o.meanMinutes === null ? 'n/a' : fmt(o.meanMinutes)} min, longest ${o.maxMinutes === null ? 'n/a' : fmt(o.maxMinutes)} min; ` +
      `${pct(o.withinThreshold)} of weighted demand within ${params.threshold} min.`,
    weighting: { population: params.population, need: params.need, text: weightText, missing },
    travel: {
      mode: matrixMode ? 'matrix' : 'straight-line', detourFactor: matrixMode ? null : params.travel.detourFactor,
      speedKmh: matrixMode ? null : params.travel.speedKmh, text: travelWords(params, matrixMode, n, sites.length),
    },
    constraints: {
      hubs: params.hubs, p, fixed: params.fixed, excluded: params.excluded,
      text: constraintWords(params, onePerLocality, p, (id) => sites[byId.get(id)!].name),
    },
    candidates: { count: choosable.length, byCategory, text: `Candidates: ${sourcesText || 'the fixed sites only'} (${choosable.length} sites).` },
    threshold: params.threshold,
    sites: outSites,
    allocation,
    catchments,
    lines,
    metrics: { overall: o, byLocality },
    baseline: base && baseline ? { label: baseline.label, sites: baseline.idx.map((j) => siteOut(j, base.site)), metrics: base.metrics } : null,
  }
}
