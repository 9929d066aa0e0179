/**
 * The session cookie of a person signed in through OpenID Connect, for the HTTP layer.
 *
 * - `sessionActor` turns a valid `atlas_session` cookie into the request's Actor (`oidc:<sub>`);
 *   `authenticate` asks it only when no Authorization header was sent, so a bearer token always
 *   wins over the cookie (scripts keep working in a browser that is also signed in).
 * - `requireCsrf` refuses a write (POST, PUT, PATCH, DELETE) authenticated by the cookie unless it
 *   carries `X-CSRF-Token` as given by GET /api/auth/me: the cookie travels with any request the
 *   browser makes, the header only with this site's own scripts.
 * - Cookies are http-only (no script reads them), SameSite=Lax (sent on the provider's redirect back,
 *   a top-level GET, but not on another site's POSTs), Secure when the request arrived over HTTPS,
 *   and scoped to /api.
 */
import type { CookieOptions, Request, RequestHandler, Response } from 'express'
import type { Actor } from '../auth/roles'
import { csrfMatches, csrfToken, verifySession, type Session } from '../auth/session'
import type { Config } from '../config'
import { CsrfRefused } from './errors'

export const SESSION_COOKIE = 'atlas_session'
export const SIGN_IN_COOKIE = 'atlas_signin'
export const CSRF_HEADER = 'x-csrf-token'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** the signed-in person's session, when the cookie (not a bearer token) authenticated the request */
      session?: Session
    }
  }
}

/** One cookie's value from the Cookie header (no cookie-parser: this is the only one read). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export const cookieOptions = (req: Request, maxAgeMs: number): CookieOptions => ({
  httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/api', maxAge: maxAgeMs,
})

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
  res.cookie(name, value, cookieOptions(req, maxAgeMs))
}

export function clearCookie(req: Request, res: Response, name: string): void {
  const { maxAge: _m, ...o } = cookieOptions(req, 0)
  res.clearCookie(name, o)
}

/** The actor of a valid session cookie, or null (no cookie, tampered, expired, or sign-in not configured). */
export function sessionActor(config: Pick<Config, 'SESSION_SECRET'>, req: Request): { actor: Actor; session: Session } | null {
  if (!config.SESSION_SECRET) return null
  const session = verifySession(config.SESSION_SECRET, readCookie(req, SESSION_COOKIE))
  if (!session) return null
  return {
    session,
    actor: { id: `oidc:${session.sub}`, name: session.name, role: session.role, kind: 'oidc', expiresAt: new Date(session.exp).toISOString() },
  }
}

/** The CSRF token the client must send with cookie-authenticated writes. */
export const csrfFor = (config: Pick<Config, 'SESSION_SECRET'>, s: Session) => csrfToken(config.SESSION_SECRET!, s)

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export function requireCsrf(config: Pick<Config, 'SESSION_SECRET'>): RequestHandler {
  return (req, _res, next) => {
    if (!req.session || SAFE.has(req.method)) return next()
    const given = req.get(CSRF_HEADER)
    if (csrfMatches(config.SESSION_SECRET!, req.session, given)) return next()
    next(new CsrfRefused(given
      ? 'The X-CSRF-Token header does not match this session; reload the page and try again.'
      : 'A write made with the sign-in cookie must carry the X-CSRF-Token header given by GET /api/auth/me.'))
  }
}
