/** What a siting run answers: the chosen sites, the allocation, catchments, metrics and words. */
import type { SolveStatus } from '../../siting/instance'
import type { Metrics } from '../../siting/metrics'
import type { Need, SitingParams } from './params'

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
  /** the objective's value (OBJECTIVES[objective].value in server/siting/objectives.ts says what it measures) */
  value: number
  bound: number
  gap: number
  /** proven optimal, or the gap within CERTIFIED_GAP (server/siting/certificate.ts); otherwise the summary says "not certified: gap X% > 0.50%" */
  certified: boolean
  /** the same in the planner's words: "the best possible answer … (proven)", "a good answer, certified …" or "not certified: gap X% > 0.50% …" */
  certificate: string
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

/** A candidate (or baseline) site while the run is built. */
export interface Site {
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
