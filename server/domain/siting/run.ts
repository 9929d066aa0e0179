/**
 * Family Hub siting, the use-case: turn a planner's parameters into a location-allocation instance
 * from the database (LSOA 2021 demand weighted by population and need; candidate sites from assets,
 * map points or the demand points themselves; straight-line or user-matrix travel), solve it, and
 * explain the answer (explanation.ts). Scenarios (scenarios.ts) save parameters with the result
 * the server computed from them.
 */
import { CONTEXT_DEMAND_WITHIN_M } from '../../catalogue/contexts'
import { requireContext } from '../areas'
import type { Database } from '../../db/connect'
import * as store from '../../db/siting'
import {
  SitingInputError, type SitingConstraints, type SitingInstance, type SolveOptions, type SolveProgress, type SolveResult,
} from '../../siting/instance'
import { solve } from '../../siting/solve'
import { NotFound } from '../errors'
import { needIndexByLsoa } from '../targeting'
import { buildCandidates, hubConstraints } from './candidates'
import { demandWeights, needIndicatorIds } from './demand'
import { explain } from './explanation'
import { checkParams, IDACI_DECILE, invalid, POPULATION, PRIMARY_SCHOOLS, type SitingParams } from './params'
import type { SitingResult } from './result'
import { travelCosts } from './travel'

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
  const ids = checkParams(params)
  const k = db.knex
  if (params.demandContext) await requireContext(db, params.demandContext, 'lsoa21')
  // Demand may cross the boundary when asked: context LSOAs within this distance of the borough.
  const demand = await store.demandPoints(k, [POPULATION[params.population].indicator, IDACI_DECILE, ...needIndicatorIds(params)],
    params.demandContext ? { withinM: CONTEXT_DEMAND_WITHIN_M } : undefined)
  const needIndex = params.need.kind === 'index'
    ? await needIndexByLsoa(db, { indicators: params.need.indicators, method: params.need.method, missing: params.need.missing })
    : null
  const localities = await store.localityNames(k)
  const assets = await store.siteAssets(k, {
    categories: params.candidates.categories.filter((c) => c !== PRIMARY_SCHOOLS),
    primarySchools: params.candidates.categories.includes(PRIMARY_SCHOOLS),
    ids: [...ids.fixedAssetIds, ...ids.baselineIds],
  })
  const placed = await store.placePoints(k, params.candidates.points)
  if (!demand.length) throw new NotFound('No LSOA 2021 demand points are loaded; import the boundaries first')

  const candidates = buildCandidates(params, assets, placed, demand, ids)
  const hubs = hubConstraints(params, candidates, localities)
  const weights = demandWeights(params, demand, needIndex)
  const travel = travelCosts(params, demand, candidates.sites)
  const { sites, byId } = candidates
  const locIndex = new Map(localities.map((l, g) => [l.code, g]))
  const instance: SitingInstance = {
    n: demand.length, m: sites.length, weight: weights.weight, cost: travel.cost,
    group: hubs.onePerLocality ? Int32Array.from(sites, (s) => (s.locality ? locIndex.get(s.locality) ?? -1 : -1)) : undefined,
    groupCount: hubs.onePerLocality ? localities.length : undefined,
  }
  const fixedIdx = params.fixed.map((id) => byId.get(id)!)
  const excludedIdx = sites.flatMap((s, j) => (!s.choosable || params.excluded.includes(s.id) ? [j] : []))
  const task: SolveTask = {
    instance,
    constraints: { p: hubs.p, onePerGroup: hubs.onePerLocality, fixed: fixedIdx, excluded: excludedIdx },
    options: { objective: params.objective, threshold: params.threshold, seed: params.seed, timeLimitMs: params.timeLimitMs },
  }
  const context = { params, demand, localities, candidates, hubs, weights, travel, instance, fixedIdx }
  return { task, explain: (r) => explain(db, context, r) }
}
