/**
 * Renders every error once, as application/problem+json (RFC 9457). Domain errors carry data; their
 * type, title and status come from the problem catalogue (contract/problems.ts); database outages become 503; anything else is a 500 that says nothing internal
 * and is logged with the request id.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import { ZodError, type z } from 'zod'
import { isDatabaseUnavailable, isStatementTimeout, isUnstorableText } from '../db/errors'
import { DomainError, InvalidParameter, NotFound } from '../domain/errors'
import { infrastructureProblems, PROBLEM_BASE, problemKind, type Problem } from './contract/problems'

export { PROBLEM_BASE, type Problem }

const kind = (k: keyof typeof infrastructureProblems) => {
  const p = infrastructureProblems[k]
  return { type: PROBLEM_BASE + p.type, title: p.title, status: p.status }
}

/** A domain error as its problem document (without instance): the catalogue's type, title and status, its detail. */
export function problemOf(e: DomainError): Problem {
  const p = problemKind(e)
  return { type: PROBLEM_BASE + p.type, title: p.title, status: p.status, detail: e.message }
}

export function sendProblem(res: Response, p: Problem): void {
  res.status(p.status).type('application/problem+json').json(p)
}

/**
 * A union's own issue says only "Invalid input"; the alternative that came closest (fewest issues)
 * says which field was wrong, so report that one's issues instead.
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Array<{ path: PropertyKey[]; message: string }> {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path]
    if (i.code === 'invalid_union' && i.errors.length) {
      const best = [...i.errors].sort((a, b) => a.length - b.length)[0]
      if (best.length) return flatten(best, path)
    }
    return [{ path, message: i.message }]
  })
}

export function zodToInvalid(err: ZodError, where: string): InvalidParameter {
  const issues = flatten(err.issues).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }))
  return new InvalidParameter(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues)
}

/** Where in a parsed body the NUL characters are, e.g. body.name, so the 400 can name the field. */
function nulPaths(v: unknown, path: string, out: string[] = [], depth = 0): string[] {
  if (out.length >= 20 || depth > 32) return out
  if (typeof v === 'string') {
    if (v.includes('\u0000')) out.push(path)
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) nulPaths(x, `${path}.${k}`, out, depth + 1)
  }
  return out
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFound(`No route for ${req.method} ${req.path}`))
}

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const instance = req.originalUrl
  const requestId = String(req.id ?? '')
  let e: unknown = err
  if (e instanceof ZodError) e = zodToInvalid(e, 'request')
  if (e instanceof DomainError) return sendProblem(res, { ...problemOf(e), instance, ...e.extra })
  // Express's own body parser errors: malformed JSON, too large, bad encoding.
  const status = (e as { status?: number; statusCode?: number }).status ?? (e as { statusCode?: number }).statusCode
  const expose = (e as { expose?: boolean }).expose
  // (The router's own "Failed to decode param" for a bad %-escape in the path is a 400 without `expose`.)
  if (status && status >= 400 && status < 500 && (expose || e instanceof URIError)) {
    const type = (e as { type?: string }).type ?? 'bad-request'
    return sendProblem(res, {
      type: PROBLEM_BASE + type.replace(/\./g, '-'), title: status === 413 ? 'Payload too large' : 'Bad request', status,
      detail: status === 413 && typeof (e as { limit?: unknown }).limit === 'number'
        ? `The request body is larger than the ${(e as { limit: number }).limit} bytes this endpoint accepts.`
        : (e as Error).message,
      instance,
    })
  }
  if (isDatabaseUnavailable(e)) {
    req.log?.warn({ err: e }, 'database unavailable')
    res.setHeader('Retry-After', '5')
    return sendProblem(res, {
      ...kind('databaseUnavailable'),
      detail: 'The database is not reachable; try again in a few seconds.', instance,
    })
  }
  if (isStatementTimeout(e)) {
    req.log?.warn({ err: e }, 'statement timeout')
    return sendProblem(res, {
      ...kind('timeout'),
      detail: 'The query took too long and was cancelled.', instance,
    })
  }
  if (isUnstorableText(e)) {
    // a NUL in the query string reaches the database too (a search for it): named like one in the body
    const where = [...nulPaths(req.body, 'body'), ...nulPaths(req.query, 'query')]
    return sendProblem(res, {
      ...problemOf(new InvalidParameter('')),
      detail: `${where.length ? where.slice(0, 5).join(', ') + ': ' : ''}text must not contain a NUL character (\\u0000) or bytes that are not UTF-8.`,
      instance, ...(where.length ? { issues: where.map((path) => ({ path, message: 'must not contain a NUL character' })) } : {}),
    })
  }
  req.log?.error({ err: e }, 'unhandled error')
  sendProblem(res, {
    ...kind('internal'),
    detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    instance, requestId,
  })
}
