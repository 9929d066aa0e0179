/**
 * Signed values for cookies: the session of a person signed in through OpenID Connect, and the
 * short-lived state of a sign-in in progress. A value is base64url(JSON) + "." + base64url(HMAC-SHA256
 * over it with SESSION_SECRET); nothing is kept on the server, so any process holding the secret
 * can check it. Each value names its purpose, so a sign-in state can never pass for a session.
 * The CSRF token is derived from the session's random id with the same secret: a page on another
 * site can make the browser send the cookie, but cannot read the token (GET /api/auth/me is
 * same-origin), so a write that carries it came from this site.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Role } from './roles'

export interface Session {
  /** the provider's subject identifier */
  sub: string
  name: string
  role: Role
  /** random id: the CSRF token is derived from it */
  sid: string
  /** expiry, milliseconds since the epoch */
  exp: number
}

/** What the callback needs to finish a sign-in started by /api/auth/login. */
export interface SignInState {
  state: string
  nonce: string
  verifier: string
  /** same-origin path to go back to */
  return: string
  exp: number
}

type Purpose = 'session' | 'signin'

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest()

function sign(secret: string, purpose: Purpose, value: object): string {
  const body = Buffer.from(JSON.stringify({ p: purpose, ...value })).toString('base64url')
  return `${body}.${mac(secret, body).toString('base64url')}`
}

function verify<T extends { exp: number }>(secret: string, purpose: Purpose, cookie: string | undefined, now: number): T | null {
  if (!cookie || cookie.length > 4096) return null
  const dot = cookie.indexOf('.')
  if (dot < 1) return null
  const body = cookie.slice(0, dot)
  const given = Buffer.from(cookie.slice(dot + 1), 'base64url')
  const want = mac(secret, body)
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null
  let v: { p?: unknown; exp?: unknown }
  try {
    v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (v.p !== purpose || typeof v.exp !== 'number' || v.exp <= now) return null
  return v as unknown as T
}

export const newId = (bytes = 18) => randomBytes(bytes).toString('base64url')

export const signSession = (secret: string, s: Session) => sign(secret, 'session', s)
export const verifySession = (secret: string, cookie: string | undefined, now = Date.now()) => verify<Session>(secret, 'session', cookie, now)
export const signSignIn = (secret: string, s: SignInState) => sign(secret, 'signin', s)
export const verifySignIn = (secret: string, cookie: string | undefined, now = Date.now()) => verify<SignInState>(secret, 'signin', cookie, now)

/** The CSRF token of a session (HMAC of its id: nothing to store). */
export const csrfToken = (secret: string, s: Pick<Session, 'sid'>) => mac(secret, `csrf:${s.sid}`).toString('base64url')

export function csrfMatches(secret: string, s: Pick<Session, 'sid'>, given: string | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(csrfToken(secret, s))
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The role a person's groups give: the highest mapped one, viewer when none is mapped. The claim
 * may be a list or a single (space- or comma-separated) string, as providers differ.
 */
export function roleFromClaim(claim: unknown, map: Readonly<Record<string, Role>>): Role {
  const groups = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/[\s,]+/) : []
  const order: Role[] = ['viewer', 'editor', 'admin']
  return groups.reduce<Role>((best, g) => {
    const r = map[g]
    return r && order.indexOf(r) > order.indexOf(best) ? r : best
  }, 'viewer')
}
