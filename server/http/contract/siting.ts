/**
 * The siting API's contract: the zod schemas of its requests (which also produce the OpenAPI
 * document) and the types of its answers. The client imports these types from here only.
 */
import { z } from 'zod'
import { CONTEXT_DEMAND_WITHIN_M } from '../../catalogue/contexts'
import { DEFAULT_CANDIDATE_CATEGORIES, POPULATION_IDS, SITING_INDEX_METHOD_IDS } from '../../domain/siting/params'
import { MAX_COMPONENTS, MISSING_RULES } from '../../domain/targeting'
import { OBJECTIVE_IDS, OBJECTIVES } from '../../siting/objectives'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { contextParam, idListParam } from './params'

export type { Need, NeedIndex, SitingParams } from '../../domain/siting/params'
export type { AllocationRow, LocalityMetrics, SiteOut, SitingResult } from '../../domain/siting/result'
export type { Comparison, Scenario, ScenarioSummary } from '../../domain/siting/scenarios'
export type { JobFailure, JobProgress, JobStatus, JobView } from '../../domain/sitingJobs'
export type { Metrics } from '../../siting/metrics'
export type { Objective } from '../../siting/objectives'

const lon = z.number().min(-180).max(180)
const lat = z.number().min(-90).max(90)
const siteId = z.string().regex(/^(asset|point|lsoa):[A-Za-z0-9_-]{1,40}$/, 'must be a site id: asset:<id>, point:<id> or lsoa:<code>')

const matrixRow = z.strictObject({
  origin: z.string().min(1).max(40),
  destination: z.string().min(1).max(60),
  minutes: z.number({ error: 'minutes must be a finite number' }).min(0),
})

/** The body of POST /api/siting/solve and /api/siting/jobs, and a saved scenario's parameters. */
export const sitingParams = z.strictObject({
  objective: z.enum(OBJECTIVE_IDS).default(OBJECTIVE_IDS[0])
    .meta({ description: OBJECTIVE_IDS.map((id) => `${id}: ${OBJECTIVES[id].aim.replace('{threshold}', 'the threshold')}`).join('; ') }),
  hubs: z.union([z.literal('one-per-locality'), z.number().int().min(1).max(50)]).default('one-per-locality')
    .meta({ description: '"one-per-locality" (one hub inside each locality) or a number of hubs anywhere' }),
  population: z.enum(POPULATION_IDS).default(POPULATION_IDS[0]),
  need: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({ kind: z.literal('idaci-score') }),
    z.strictObject({ kind: z.literal('idaci-decile') }),
    z.strictObject({ kind: z.literal('indicator'), id: z.string().min(1).max(60) }),
    z.strictObject({
      kind: z.literal('index'),
      indicators: z.array(z.strictObject({
        id: z.string().regex(/^[a-z0-9_]{1,60}$/, 'must be an indicator id from /api/catalogue'),
        weight: z.number().positive('weights must be positive').max(1e6).default(1),
      })).min(1, 'choose at least one indicator').max(MAX_COMPONENTS, `at most ${MAX_COMPONENTS} indicators`),
      method: z.enum(SITING_INDEX_METHOD_IDS).default(SITING_INDEX_METHOD_IDS[0])
        .meta({ description: 'rank: index in (0, 1], weight × (1 + index); exponential: IoD scale (0, 100], weight × (1 + index / 100)' }),
      missing: z.enum(MISSING_RULES).default('exclude-area'),
    }).meta({ description: 'the composite need index of /api/targeting/index at LSOA 2021' }),
  ]).default({ kind: 'none' }),
  candidates: z.strictObject({
    categories: z.array(z.string().min(1).max(40)).max(30).default([]),
    points: z.array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(), name: z.string().min(1).max(120).optional(), lon, lat })).max(200).default([]),
    demandPoints: z.boolean().default(false),
  }).default({ categories: [...DEFAULT_CANDIDATE_CATEGORIES], points: [], demandPoints: false }),
  demandContext: contextParam.meta({
    description: `Let demand cross the borough boundary: also the LSOAs held as this context (london) within ${CONTEXT_DEMAND_WITHIN_M} m of the borough (their residents use its hubs; the catalogue's contexts[].sitingDemandWithinM). Default: the borough only.`,
  }),
  fixed: z.array(siteId).max(50).default([]),
  excluded: z.array(siteId).max(2000).default([]),
  travel: z.strictObject({
    detourFactor: z.number().min(1).max(3).default(1.3),
    speedKmh: z.number().min(0.5).max(30).default(4.8),
    matrix: z.union([z.string().min(1).max(5_000_000), z.array(matrixRow).min(1).max(500_000)]).optional()
      .meta({ description: 'travel minutes per (origin LSOA code, destination site id): CSV text with header origin,destination,minutes, or rows' }),
  }).default({ detourFactor: 1.3, speedKmh: 4.8 }),
  threshold: z.number().min(1).max(120).default(15),
  capacities: z.unknown().optional().meta({ description: 'not yet supported (400)' }),
  baseline: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed') }),
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({ kind: z.literal('assets'), ids: z.array(z.number().int().min(1)).min(1).max(50) }),
  ]).default({ kind: 'fixed' }),
  lines: z.boolean().default(false),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  timeLimitMs: z.number().int().min(50).max(20_000).default(3000),
})

export const scenarioBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  author: z.string().trim().min(1).max(200).default('editor'),
  params: sitingParams,
})

export const jobId = z.uuid('must be a job id as returned by POST /api/siting/jobs')

/** A siting request as the client writes it (defaults may be left out). */
export type SitingRequest = z.input<typeof sitingParams>
export type ScenarioInput = z.input<typeof scenarioBody>

/** GET /api/siting/scenarios/:id: one scenario as JSON or an export. */
export const scenarioQuery = z.strictObject({ format: formatParam(['json', ...RESOURCE_FORMATS.scenario]) })

/** GET /api/siting/compare: two to six scenarios side by side. */
export const compareQuery = z.strictObject({
  ids: idListParam.pipe(z.array(z.string().regex(/^[1-9]\d{0,14}$/, 'scenario ids are whole numbers').transform(Number)).min(2, 'give at least two scenario ids').max(6, 'compare at most six scenarios')),
  format: formatParam(['json', ...RESOURCE_FORMATS.scenarioComparison]),
})
