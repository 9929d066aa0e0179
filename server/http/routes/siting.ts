/**
 * Family Hub siting API: solve a location-allocation problem, and save, list, reopen, export and
 * compare scenarios. The body schema below is the contract (and the OpenAPI document).
 */
import { Router } from 'express'
import { writeContext } from '../auth'
import { z } from 'zod'
import { compareQuery, jobId, scenarioBody, scenarioQuery, sitingParams, type SitingParams } from '../contract/siting'
import { runSiting } from '../../domain/siting/run'
import { compareScenarios, getScenario, listScenarios, saveScenario } from '../../domain/siting/scenarios'
import { comparisonDataset, scenarioDataset } from '../../domain/exports/targeting'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { mediaTypes, sendExport } from '../export'
import type { AppDeps } from '../app'
import { idParam, intParam, route } from '../route'

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
      const job = await jobs.start(body)
      res.status(202).location(`/api/siting/jobs/${job.id}`).json(job)
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/jobs/:id', tags: ['siting'],
    summary: 'A siting job: status (running, done, failed, cancelled), progress, and the result when done',
    params: z.strictObject({ id: jobId }),
    handler: async ({ params }, _req, res) => {
      res.set('Cache-Control', 'no-store').json(await jobs.get(params.id))
    },
  })
  route(r, {
    method: 'delete', path: '/api/siting/jobs/:id', tags: ['siting'],
    summary: 'Cancel a running siting job (409 if it has already finished)',
    params: z.strictObject({ id: jobId }),
    handler: async ({ params }, _req, res) => {
      res.json(await jobs.cancel(params.id))
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
    query: scenarioQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.scenario]),
    handler: async ({ params, query }, req, res) => {
      const s = await getScenario(deps.db, params.id)
      if (query.format === 'json') res.json(s)
      else await sendExport(req, res, query.format, scenarioDataset(s))
    },
  })
  route(r, {
    method: 'get', path: '/api/siting/compare', tags: ['siting'], summary: 'Two or more scenarios side by side: metrics overall and per locality, and their sites (JSON, or a table export)',
    query: compareQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.scenarioComparison]),
    handler: async ({ query }, req, res) => {
      const c = await compareScenarios(deps.db, query.ids)
      if (query.format === 'json') res.json(c)
      else await sendExport(req, res, query.format, comparisonDataset(c))
    },
  })
  return r
}
