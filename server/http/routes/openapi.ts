import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { buildOpenApi } from '../openapi'
import { publicBase } from '../publicUrl'
import { registry, route } from '../route'

const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'

/**
 * GET /api/openapi.json: the API definition, built from the route registry on each request (cheap,
 * and it then lists every route module mounted, whatever the order). Clients that ask for the
 * OpenAPI media type (GDAL does) get it; browsers get application/json so they display it.
 */
export function openApiRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/openapi.json', tags: ['meta'],
    summary: 'This API definition (OpenAPI 3.0), generated from the route schemas',
    query: z.strictObject({}),
    produces: [OPENAPI_TYPE, 'application/json'],
    handler: (_in, req, res) => {
      const doc = buildOpenApi(registry, publicBase(deps.config, req))
      const wantsOas = (req.get('accept') ?? '').includes('application/vnd.oai.openapi+json')
      res.type(wantsOas ? OPENAPI_TYPE : 'application/json').set('Cache-Control', 'no-cache').send(JSON.stringify(doc))
    },
  })
  return r
}
