/**
 * Authentication and authorisation for the HTTP layer.
 *
 * - `authenticate(deps)` resolves `Authorization: Bearer <token>` to `req.user` (an Actor). It never
 *   rejects on its own: a missing or bad token leaves `req.user` unset (and `req.authFailure` says
 *   why), so reads stay public. It is idempotent, so mounting it twice costs nothing.
 * - `requireRole('editor' | 'admin' | 'viewer')` is the check every write route puts in front of its
 *   handler: 401 problem+json without a valid token, 403 when the role is too low. It needs
 *   `authenticate` earlier in the chain (app-level, or `router.use(authenticate(deps))`).
 * - Rate limits (`rateLimits`): failed authentications per IP, writes per token (or IP), and
 *   anonymous suggestions per IP, each answered with 429 problem+json and Retry-After.
 *
 * - `refuseTokenInUrl`: a token in the query string is refused (and redacted from the log).
 *
 * Where the counts live is the composition root's choice (Services.limitStore): in PostgreSQL on
 * the server backend, so every node behind a load balancer counts against one budget; in this
 * process's memory on the embedded one.
 */
import type { Request, RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit'
import { ANONYMOUS, roleAtLeast, type Actor, type Role } from '../auth/roles'
import type { Config } from '../config'
import type { Database } from '../db/connect'
import type { WriteContext } from '../domain/audit'
import { resolveToken, type AuthFailure } from '../domain/auth'
import { Forbidden, InvalidParameter, Unauthorized } from '../domain/errors'
import { TooManyRequests } from './errors'
import { requireCsrf, sessionActor } from './session'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** the authenticated actor, set by `authenticate` */
      user?: Actor
      /** why a presented token was not accepted */
      authFailure?: AuthFailure
      /** `authenticate` has run for this request */
      authChecked?: boolean
    }
  }
}

/** Every limit in one place: what it protects, its window and its budget. */
export const rateLimits = {
  /** token guessing: requests presenting a token that is malformed, unknown, revoked or expired, per IP */
  authFailures: { windowMs: 15 * 60_000, limit: 30 },
  /** writes (POST, PUT, PATCH, DELETE) per token, or per IP when anonymous */
  writes: { windowMs: 60_000, limit: 120 },
  /** anonymous suggestions per IP: every attempt counts, valid or not */
  suggestions: { windowMs: 60 * 60_000, limit: 30 },
  /** computations anyone may ask for without a token (siting solves and jobs, need indices), per IP */
  compute: { windowMs: 60_000, limit: 60 },
} as const

/** POST routes open to anyone that run a computation rather than store anything. */
export const COMPUTE_ROUTES = ['/api/siting/solve', '/api/siting/jobs', '/api/targeting/index'] as const

const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown')

/** A store for the named limit (one per limiter), or undefined for express-rate-limit's in-memory one. */
export type LimitStores = (name: keyof typeof rateLimits) => Store | undefined

function limiter(name: keyof typeof rateLimits, stores: LimitStores | undefined, what: string, extra: Partial<Parameters<typeof rateLimit>[0]> = {}): RequestHandler {
  const o = rateLimits[name]
  const store = stores?.(name)
  return rateLimit({
    ...(store ? { store } : {}),
    windowMs: o.windowMs,
    limit: o.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: ipKey,
    handler: (req, res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(o.windowMs / 1000)
      res.setHeader('Retry-After', String(seconds))
      next(new TooManyRequests(`Too many ${what}: at most ${o.limit} per ${Math.round(o.windowMs / 60_000)} minutes. Try again in ${seconds} s.`))
    },
    ...extra,
  })
}

const BEARER = /^Bearer +([\x21-\x7e]{1,256}) *$/i

export function authenticate(deps: { db: Database; config: Config; limitStores?: LimitStores }): RequestHandler[] {
  const failures = limiter('authFailures', deps.limitStores, 'requests with an invalid token', {
    skip: (req) => req.authChecked === true || req.headers.authorization === undefined,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req) => req.authFailure === undefined,
  })
  const resolve: RequestHandler = async (req, _res, next) => {
    if (req.authChecked) return next()
    req.authChecked = true
    const header = req.headers.authorization
    if (header === undefined) {
      // No bearer token: a signed-in person's session cookie (a token, when sent, always wins).
      const s = sessionActor(deps.config, req)
      if (s) {
        req.user = s.actor
        req.session = s.session
      }
      return next()
    }
    const m = BEARER.exec(header)
    if (!m) {
      req.authFailure = 'malformed'
      return next()
    }
    try {
      const r = await resolveToken(deps.db, m[1], deps.config.EDITOR_TOKENS)
      if (r.ok) req.user = r.actor
      else req.authFailure = r.reason
      next()
    } catch (err) {
      next(err)
    }
  }
  return [failures, resolve, requireCsrf(deps.config)]
}

const failureDetail: Record<AuthFailure, string> = {
  malformed: 'The Authorization header must be "Bearer <token>" with a token issued by an admin.',
  unknown: 'The bearer token is not recognised.',
  revoked: 'The bearer token has been revoked.',
  expired: 'The bearer token has expired; ask an admin for a new one.',
}

/** 401 without a valid token, 403 when the token's role is below `role`. */
export function requireRole(role: Role): RequestHandler {
  return (req, res, next) => {
    if (!req.authChecked) return next(new Error('requireRole() needs authenticate(deps) earlier in the middleware chain'))
    if (!req.user) {
      res.setHeader('WWW-Authenticate', `Bearer realm="locality-atlas"${req.authFailure ? ', error="invalid_token"' : ''}`)
      return next(new Unauthorized(req.authFailure ? failureDetail[req.authFailure] : `Sign in, or send a bearer token, with the ${role} role for this action.`))
    }
    if (!roleAtLeast(req.user.role, role)) {
      return next(new Forbidden(`This action needs the ${role} role; ${req.user.kind === 'oidc' ? 'your sign-in gives' : 'this token has'} the ${req.user.role} role.`))
    }
    next()
  }
}

/** Writes per token (or per IP for anonymous writes); reads are not counted. */
export function limitWrites(stores?: LimitStores): RequestHandler {
  return limiter('writes', stores, 'writes', {
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
    keyGenerator: (req) => (req.user ? `token:${req.user.id}` : ipKey(req)),
  })
}

/**
 * Anonymous computations per IP: a solve costs far more than a read. With a token they count
 * against that token's write budget instead (limitWrites sees every POST), which is larger and
 * revocable.
 */
export function limitCompute(stores?: LimitStores): RequestHandler {
  const paths = new Set<string>(COMPUTE_ROUTES)
  return limiter('compute', stores, 'computations', {
    skip: (req) => req.method !== 'POST' || !paths.has(req.path) || req.user !== undefined,
  })
}

/** Query parameters that carry a credential when someone puts one in a URL. */
const TOKEN_PARAMS = /^(access_token|token|api_key|apikey|bearer|auth)$/i

/** The URL as it may be logged: credential-looking parameters replaced by [redacted]. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url || !url.includes('?')) return url
  const [p, q] = url.split('?', 2)
  return `${p}?${q.split('&').map((kv) => (TOKEN_PARAMS.test(decodeSafe(kv.split('=')[0])) ? `${kv.split('=')[0]}=[redacted]` : kv)).join('&')}`
}

const decodeSafe = (s: string) => { try { return decodeURIComponent(s) } catch { return s } }

/** Tokens travel only in the Authorization header: URLs end up in logs, histories and Referer headers. */
export const refuseTokenInUrl: RequestHandler = (req, _res, next) => {
  const q = req.url.indexOf('?')
  if (q < 0) return next()
  const bad = req.url.slice(q + 1).split('&').map((kv) => decodeSafe(kv.split('=')[0])).find((k) => TOKEN_PARAMS.test(k))
  if (!bad) return next()
  next(new InvalidParameter(`Tokens are accepted only in the Authorization header ("Bearer <token>"), never in the URL; the "${bad}" parameter was not used. Treat that token as exposed: ask an admin to revoke it.`, [
    { path: `query.${bad}`, message: 'send credentials as Authorization: Bearer <token>' },
  ]))
}

/** Anonymous suggestions per IP. */
export function limitSuggestions(stores?: LimitStores): RequestHandler {
  return limiter('suggestions', stores, 'suggestions')
}

/** Who is writing, for the use-case and its audit row. */
export function writeContext(req: Request): WriteContext {
  const a = req.user
  return {
    actor: a ? { id: a.id, name: a.name, role: a.role } : { ...ANONYMOUS },
    requestId: req.id === undefined ? null : String(req.id),
  }
}
