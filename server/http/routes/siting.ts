/**
 * Family Hub siting API: solve a location-allocation problem, and save, list, reopen, export and
 * compare scenarios. The body schema below is the contract (and the OpenAPI document).
 */
import { Router } from 'express'
import { writeContext } from '../auth'
import { z } from 'zod'
import {
  compareScenarios, getScenario, listScenarios, runSiting, saveScenario, type SitingParams,
} from '../../domain/siting'
import { MAX_COMPONENTS, MISSING_RULES } from '../../domain/targeting'
import { comparisonDataset, scenarioDataset } from '../../domain/exports/targeting'
import { ALL_FORMATS, TABLE_FORMATS } from '../../exports/formats'
import { formatParam, mediaTypes, sendExport } from '../export'
import type { AppDeps } from '../app'
import { idListParam, idParam, intParam, route } from '../route'

const lon = z.number().min(-180).max(180)
const lat = z.number().min(-90).max(90)
const siteId = z.string().regex(/^(asset|point|lsoa):[A-Za-z0-9_-]{1,40}$/, 'must be a site id: asset:<id>, point:<id> or lsoa:<code>')

const matrixRow = z.strictObject({
  origin: z.string().min(1).max(40),
  destination: z.string().min(1).max(60),
  minutes: z.number({ error: 'minutes must be a finite number' }).min(0),
})

export const sitingParams = z.strictObject({
  objective: z.enum(['p-median', 'coverage', 'p-center']).default('p-median')
    .meta({ description: 'p-median: minimise need-weighted travel; coverage: maximise weighted demand within the threshold; p-center: minimise the longest travel' }),
  hubs: z.union([z.literal('one-per-locality'), z.number().int().min(1).max(50)]).default('one-per-locality')
    .meta({ description: '"one-per-locality" (one hub inside each locality) or a number of hubs anywhere' }),
  population: z.enum(['0-4', '0-19', 'all']).default('0-4'),
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
      method: z.enum(['rank', 'exponential']).default('rank')
        .meta({ description: 'rank: index in (0, 1], weight × (1 + index); exponential: IoD scale (0, 100], weight × (1 + index / 100)' }),
      missing: z.enum(MISSING_RULES).default('exclude-area'),
    }).meta({ description: 'the composite need index of /api/targeting/index at LSOA 2021' }),
  ]).default({ kind: 'none' }),
  candidates: z.strictObject({
    categories: z.array(z.string().min(1).max(40)).max(30).default([]),
    points: z.array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(), name: z.string().min(1).max(120).optional(), lon, lat })).max(200).default([]),
    demandPoints: z.boolean().default(false),
  }).default({ categories: ['library', 'community_hub', 'primary_school'], points: [], demandPoints: false }),
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

const scenarioBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  author: z.string().trim().min(1).max(200).default('editor'),
  params: sitingParams,
})


const jobId = z.uuid('must be a job id as returned by POST /api/siting/jobs')

export function sitingRoutes(deps: AppDeps): Router {
  const r = Router()
  const { solver, sitingJobs: jobs } = deps.services
  route(r, {
    method: 'post', path: '/api/siting/solve', tags: ['siting'],
    summary: 'Solve a Family Hub siting problem and wait for the answer: sites, allocation, catchments, metrics, baseline, all explained',
    query: z.strictObject({}),
    body: sitingParams,
    handler: async ({ body }, _req, res) => {
      const params: SitingParams = body
      res.json(await runSiting(deps.db, params, solver))
    },
  })
  route(r, {
    method: 'post', path: '/api/siting/jobs', tags: ['siting'],
    summary: 'Start a siting solve in the background (same body as /api/siting/solve): 202 with the job to poll',
    query: z.strictObject({}),
    body: sitingParams,
    handler: async ({ body }, _req, res) => {
      const job = jobs.start(body)
      res.status(202).location(`/api/siting/jobs/${job.id}`).json(job)
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/jobs/:id', tags: ['siting'],
    summary: 'A siting job: status (running, done, failed, cancelled), progress, and the result when done',
    params: z.strictObject({ id: jobId }),
    handler: async ({ params }, _req, res) => {
      res.set('Cache-Control', 'no-store').json(jobs.get(params.id))
    },
  })
  route(r, {
    method: 'delete', path: '/api/siting/jobs/:id', tags: ['siting'],
    summary: 'Cancel a running siting job (409 if it has already finished)',
    params: z.strictObject({ id: jobId }),
    handler: async ({ params }, _req, res) => {
      res.json(jobs.cancel(params.id))
    },
  })
  route(r, {
    role: 'editor',
    method: 'post', path: '/api/siting/scenarios', tags: ['siting'],
    summary: 'Save a scenario (editor token required): the server solves the parameters and stores both',
    query: z.strictObject({}),
    body: scenarioBody,
    handler: async ({ body }, req, res) => {
      const s = await saveScenario(deps.db, writeContext(req), body, solver)
      res.status(201).location(`/api/siting/scenarios/${s.id}`).json(s)
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/scenarios', tags: ['siting'], summary: 'Saved scenarios, newest first, with headline figures',
    query: z.strictObject({ limit: intParam(1, 500, 100) }),
    handler: async ({ query }, _req, res) => {
      res.json({ scenarios: await listScenarios(deps.db, query.limit) })
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/scenarios/:id', tags: ['siting'], summary: 'One scenario (JSON), or its export: CSV (with CSVW metadata), zip, XLSX, GeoJSON or GeoPackage',
    params: z.strictObject({ id: idParam }),
    query: z.strictObject({ format: formatParam(['json', ...ALL_FORMATS]) }),
    produces: mediaTypes(['json', ...ALL_FORMATS]),
    handler: async ({ params, query }, req, res) => {
      const s = await getScenario(deps.db, params.id)
      if (query.format === 'json') res.json(s)
      else await sendExport(req, res, query.format, scenarioDataset(s))
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/compare', tags: ['siting'], summary: 'Two or more scenarios side by side: metrics overall and per locality, and their sites (JSON, or a table export)',
    query: z.strictObject({
      ids: idListParam.pipe(z.array(z.string().regex(/^[1-9]\d{0,14}$/, 'scenario ids are whole numbers').transform(Number)).min(2, 'give at least two scenario ids').max(6, 'compare at most six scenarios')),
      format: formatParam(['json', ...TABLE_FORMATS]),
    }),
    produces: mediaTypes(['json', ...TABLE_FORMATS]),
    handler: async ({ query }, req, res) => {
      const c = await compareScenarios(deps.db, query.ids)
      if (query.format === 'json') res.json(c)
      else await sendExport(req, res, query.format, comparisonDataset(c))
    },
  })
  return r
}
