/** Roles, GET /api/auth/me (who a bearer token or the sign-in cookie belongs to) and the sign-in routes' parameters. */
import { z } from 'zod'
import type { Role } from '../../auth/roles'

export type { Role }

/** Whether people can sign in with an identity provider here, and how. */
export interface SignInInfo {
  available: boolean
  /** the name on the button ("Sign in with NAME"), null when sign-in is off */
  provider: string | null
  /** GET this (a page navigation, with ?return=PATH) to sign in */
  login: string
  /** POST this (with X-CSRF-Token) to sign out */
  logout: string
}

export type Me =
  | {
    authenticated: true; id: string; name: string; role: Role; kind: 'token' | 'bootstrap' | 'cli' | 'oidc'; expires_at: string | null
    /** only for the sign-in cookie: send it as X-CSRF-Token on every write */
    csrf_token?: string
    sign_in: SignInInfo
  }
  | { authenticated: false; role: null; reason?: 'malformed' | 'unknown' | 'revoked' | 'expired'; sign_in: SignInInfo }

/**
 * A path on this site to come back to after signing in: relative, starting with one "/", so a
 * link to /api/auth/login can never send someone on to another site (no "//host", no "/\host",
 * no scheme, no control characters).
 */
export const returnPath = z.string().max(1000)
  .refine((s) => /^\/(?![/\\])[^\s\\]*$/.test(s) && !/[\u0000-\u001f\u007f]/.test(s), 'must be a path on this site starting with a single "/"')

/** GET /api/auth/login */
export const loginQuery = z.strictObject({ return: returnPath.default('/') })

/** GET /api/auth/callback: what the provider sends back (it may add parameters of its own). */
export const callbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
})
