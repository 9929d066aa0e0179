/**
 * Declares a route once: its zod schemas parse the request (strict: unknown query parameters are
 * rejected) and the same schemas produce its OpenAPI operation. Handlers receive typed input and
 * call one use-case. A route that needs a token declares its role here: the check runs before the
 * request is parsed (a bad token is a 401 whatever the body) and the OpenAPI document shows it.
 */
import type { Request, RequestHandler, Response, Router } from 'express'
import { z } from 'zod'
import { InvalidParameter } from '../domain/errors'
import type { Role } from '../auth/roles'
import { requireRole } from './auth'
import { UnsupportedMediaType } from './errors'
import { zodToInvalid } from './problem'

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Express path, e.g. /api/areas/:level */
  path: string
  summary: string
  tags: string[]
  params?: P
  query?: Q
  body?: B
  /**
   * An empty request must not mean "do everything": for an action whose fields are all optional
   * (an import of every dataset), the caller sends `{}` to say so.
   */
  bodyRequired?: boolean
  /** media types of the 200 response, for the OpenAPI document */
  produces?: string[]
  /** the least role a bearer token must have (absent: open to anyone) */
  role?: Role
  /** run before the role check and parsing, e.g. a per-route rate limit */
  before?: RequestHandler[]
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, req: Request, res: Response) => Promise<void> | void
}

export interface RegisteredRoute {
  method: string
  path: string
  summary: string
  tags: string[]
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  produces: string[]
  role?: Role
}

export const registry: RegisteredRoute[] = []

const noQuery = z.strictObject({})

const hasBody = (req: Request) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (!schema) return undefined as z.output<T>
  const r = schema.safeParse(value ?? {})
  if (!r.success) throw zodToInvalid(r.error, where)
  return r.data
}

export function route<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  router: Router, spec: RouteSpec<P, Q, B>,
): void {
  if (!registry.some((r) => r.method === spec.method && r.path === spec.path)) {
    registry.push({
      method: spec.method, path: spec.path, summary: spec.summary, tags: spec.tags, params: spec.params, query: spec.query,
      body: spec.body, produces: spec.produces ?? ['application/json'], role: spec.role,
    })
  }
  const h: RequestHandler = async (req, res, next) => {
    try {
      // A body the JSON parser skipped (any other media type) would otherwise parse as {}: for a
      // route whose fields are all optional, "import everything" or "accept as is".
      if (spec.body && req.body === undefined && hasBody(req)) throw new UnsupportedMediaType(req.headers['content-type'])
      if (spec.bodyRequired && !hasBody(req)) {
        throw new InvalidParameter('This action needs a JSON body; send {} to accept every default.', [{ path: 'body', message: 'required: a JSON object ({} for the defaults)' }])
      }
      const input = {
        params: parse(spec.params, req.params, 'path'),
        // no query schema means no query parameters, so unknown ones are refused here too
        query: parse(spec.query ?? noQuery, req.query, 'query') as z.output<Q>,
        body: parse(spec.body, req.body, 'body'),
      }
      await spec.handler(input, req, res)
    } catch (err) {
      next(err)
    }
  }
  router[spec.method](spec.path, ...(spec.before ?? []), ...(spec.role ? [requireRole(spec.role)] : []), h)
}

// the shared parameter schemas live with the contract
export { bboxParam, codeParam, idListParam, idParam, idPath, intParam } from './contract/params'
