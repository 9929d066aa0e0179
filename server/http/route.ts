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

// ---- shared parameter schemas: one parse function per kind of parameter, with its bounds ----

/** bbox=minLon,minLat,maxLon,maxLat: four finite WGS84 numbers with min <= max. */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim())
    const n = parts.map(Number)
    if (parts.length !== 4 || parts.some((p) => p === '') || n.some((x) => !Number.isFinite(x))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four comma-separated numbers: minLon,minLat,maxLon,maxLat' })
      return z.NEVER
    }
    const [x0, y0, x1, y1] = n
    if (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox longitudes must be within -180..180 and latitudes within -90..90' })
      return z.NEVER
    }
    if (x0 > x1 || y0 > y1) {
      ctx.addIssue({ code: 'custom', message: 'bbox minimum must not exceed maximum (minLon,minLat,maxLon,maxLat)' })
      return z.NEVER
    }
    return n as [number, number, number, number]
  })
  .meta({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', example: '0.05,51.51,0.19,51.6' })

/** A bounded integer query parameter with a default. */
export const intParam = (min: number, max: number, def: number) =>
  z.coerce.number({ error: `must be an integer from ${min} to ${max}` }).int().min(min).max(max).default(def)

/** A comma-separated list of ids. */
export const idListParam = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

export const codeParam = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an area code such as E01000027 or LOC-WEST')

/** A database id in a path: plain decimal digits only (no "0x10", "1e1", "+5" or spaces). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number written in digits')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'is too large')

/** Path parameters of a route addressed by one id. */
export const idPath = z.strictObject({ id: idParam })
