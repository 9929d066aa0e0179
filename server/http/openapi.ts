/**
 * The OpenAPI 3.0 document, generated from the route registry: every route's zod schemas become
 * its parameters and request body (the input side: what a client sends), its declared media types
 * its 200 response, and problem+json its errors. A parameter without a description of its own is
 * described from its schema (allowed values, range, default), so none is left undocumented.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { projectRoot } from '../config'
import type { RegisteredRoute } from './route'

type JsonSchema = Record<string, unknown>

const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string; license: string; description: string }

const TAGS: Record<string, string> = {
  areas: 'Areas at each level with indicator values, as GeoJSON or CSV.',
  catalogue: 'What the service holds: indicators, sources, licences, class breaks, localities, asset categories.',
  ogc: 'OGC API - Features Part 1 (Core, GeoJSON, OAS 3.0): areas by level and community assets.',
  meta: 'This API definition.',
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Stable identifier of the kind of problem, e.g. /problems/not-found.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, for a person.' },
    instance: { type: 'string', description: 'The request path and query.' },
    issues: {
      type: 'array', description: 'Invalid parameters, one entry each.',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    requestId: { type: 'string' },
  },
  additionalProperties: true,
}

const problem = (description: string) => ({
  description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const RESPONSES = {
  BadRequest: problem('A parameter is missing, malformed, out of range or not recognised.'),
  NotFound: problem('No such resource.'),
  Unauthorized: problem('No valid bearer token was sent (missing, malformed, unknown, revoked or expired).'),
  Forbidden: problem('The token is valid but its role is below the one this operation requires (x-required-role).'),
  ServiceUnavailable: problem('The database is unreachable or the query took too long; retry later.'),
  InternalError: problem('An unexpected error; quote the request id when reporting it.'),
}

const toSchema = (s: z.ZodType): JsonSchema =>
  z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as JsonSchema

/** A sentence from a parameter schema's constraints, for parameters that carry no description. */
function describeSchema(s: JsonSchema): string {
  const parts: string[] = []
  if (Array.isArray(s.enum)) parts.push(`One of: ${s.enum.join(', ')}.`)
  else if (s.type === 'integer' || s.type === 'number') {
    const lo = s.minimum ?? '-∞'
    const hi = s.maximum ?? '∞'
    parts.push(`${s.type === 'integer' ? 'An integer' : 'A number'} from ${lo} to ${hi}.`)
  } else if (s.pattern) parts.push(`A string matching ${s.pattern}.`)
  else parts.push(`A ${String(s.type ?? 'value')}${s.maxLength ? ` of at most ${s.maxLength} characters` : ''}.`)
  if (s.default !== undefined) parts.push(`Default ${JSON.stringify(s.default)}.`)
  return parts.join(' ')
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return []
  const obj = toSchema(schema)
  const props = (obj.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((obj.required ?? []) as string[])
  return Object.entries(props).map(([name, s]) => {
    const { description, example, ...rest } = s
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      description: (description as string | undefined) ?? describeSchema(rest),
      schema: rest,
      ...(example !== undefined ? { example } : {}),
    }
  })
}

/** Express `/api/areas/:level` -> OpenAPI `/api/areas/{level}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}')

const operationId = (r: RegisteredRoute) =>
  r.method + r.path.split('/').filter(Boolean).map((p) => p.replace(/^:/, 'by-')).join('-')
    .replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase())

function operation(r: RegisteredRoute) {
  const params = [...parameters(r.params, 'path'), ...parameters(r.query, 'query')]
  // strict schemas reject unknown parameters, so any declared input can answer 400
  const hasInput = r.params !== undefined || r.query !== undefined || r.body !== undefined
  return {
    operationId: operationId(r),
    summary: r.summary,
    tags: r.tags,
    ...(r.role ? { security: [{ bearer: [] }], 'x-required-role': r.role } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body) } } } } : {}),
    responses: {
      200: {
        description: 'OK',
        content: Object.fromEntries(r.produces.map((t) => [t, { schema: t.startsWith('text/') ? { type: 'string' } : { type: 'object' } }])),
      },
      ...(hasInput ? { 400: { $ref: '#/components/responses/BadRequest' } } : {}),
      ...(r.role ? { 401: { $ref: '#/components/responses/Unauthorized' }, 403: { $ref: '#/components/responses/Forbidden' } } : {}),
      ...(r.params ? { 404: { $ref: '#/components/responses/NotFound' } } : {}),
      500: { $ref: '#/components/responses/InternalError' },
      503: { $ref: '#/components/responses/ServiceUnavailable' },
    },
  }
}

/** The OpenAPI 3.0 document for the routes registered so far, served from `serverUrl`. */
export function buildOpenApi(routes: readonly RegisteredRoute[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) (paths[openApiPath(r.path)] ??= {})[r.method] = operation(r)
  const tagNames = [...new Set(routes.flatMap((r) => r.tags))].sort()
  return {
    openapi: '3.0.3',
    info: {
      title: 'Locality Atlas API',
      version: pkg.version,
      description: `${pkg.description}\n\nThe code is ${pkg.license}-licensed. Each dataset keeps its own licence (mostly the Open Government Licence v3.0), stated with every figure and in /api/catalogue.`,
      license: { name: pkg.license, url: `https://spdx.org/licenses/${pkg.license}.html` },
    },
    servers: [{ url: serverUrl }],
    tags: tagNames.map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      responses: RESPONSES,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token issued by an admin (POST /api/admin/tokens or the admin CLI); roles viewer < editor < admin.' } },
    },
  }
}
