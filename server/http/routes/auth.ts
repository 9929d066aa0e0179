/**
 * Who am I (lets a client show only what the caller's role can do; the server checks anyway), and
 * signing in and out with the council's identity provider. Sign-in state and the session travel in
 * signed cookies (server/http/session.ts); nothing about a session is stored server-side.
 */
import { invitedRole } from '../../domain/people'
import { Router } from 'express'
import { z } from 'zod'
import { signSession, signSignIn, verifySignIn } from '../../auth/session'
import { Forbidden } from '../../domain/errors'
import { OidcSignIn, SIGN_IN_MINUTES, SignInUnavailable } from '../../domain/signIn'
import type { AppDeps } from '../app'
import { callbackQuery, loginQuery, type Me, type SignInInfo } from '../contract/auth'
import { publicBase } from '../publicUrl'
import { route } from '../route'
import { clearCookie, csrfFor, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from '../session'

const LOGIN = '/api/auth/login'
const CALLBACK = '/api/auth/callback'
const LOGOUT = '/api/auth/logout'

export function authRoutes(deps: AppDeps): Router {
  const r = Router()
  const { config } = deps
  const signIn = new OidcSignIn(config, (email) => invitedRole(deps.db, email))
  const info: SignInInfo = { available: signIn.available, provider: signIn.providerName, login: LOGIN, logout: LOGOUT }

  route(r, {
    method: 'get', path: '/api/auth/me', tags: ['auth'],
    summary: 'Who the bearer token or sign-in cookie belongs to (anonymous without one), whether sign-in is offered, and the CSRF token for cookie writes; never reveals a token',
    query: z.strictObject({}),
    handler: (_input, req, res) => {
      const me: Me = req.user
        ? {
          authenticated: true, id: req.user.id, name: req.user.name, role: req.user.role, kind: req.user.kind, expires_at: req.user.expiresAt,
          ...(req.session ? { csrf_token: csrfFor(config, req.session) } : {}), sign_in: info,
        }
        : { authenticated: false, role: null, ...(req.authFailure ? { reason: req.authFailure } : {}), sign_in: info }
      res.set('Cache-Control', 'no-store').json(me)
    },
  })

  route(r, {
    method: 'get', path: LOGIN, tags: ['auth'],
    summary: 'Starts signing in with the identity provider (authorization code + PKCE): redirects there, and back to `return` afterwards',
    query: loginQuery,
    handler: async ({ query }, req, res) => {
      if (!signIn.available || !config.SESSION_SECRET) throw new SignInUnavailable('Signing in with an identity provider is not configured on this server (OIDC_ISSUER); use an API token.')
      const { url, state } = await signIn.start(publicBase(config, req) + CALLBACK, query.return)
      setCookie(req, res, SIGN_IN_COOKIE, signSignIn(config.SESSION_SECRET, state), SIGN_IN_MINUTES * 60_000)
      res.set('Cache-Control', 'no-store').redirect(303, url)
    },
  })

  route(r, {
    method: 'get', path: CALLBACK, tags: ['auth'],
    summary: 'Where the identity provider sends the browser back: sets the session cookie and redirects to the page sign-in started from',
    query: callbackQuery,
    handler: async ({ query }, req, res) => {
      // Only a sign-in started here (its signed state cookie) is finished: anything else is refused
      // before the provider is asked, whether or not sign-in is configured.
      const kept = config.SESSION_SECRET ? verifySignIn(config.SESSION_SECRET, readCookie(req, SIGN_IN_COOKIE)) : null
      if (!kept) throw new Forbidden('This sign-in was not started here, or took longer than 10 minutes: start again from the Sign in button.')
      clearCookie(req, res, SIGN_IN_COOKIE)
      const q = req.originalUrl.indexOf('?')
      const current = new URL(publicBase(config, req) + CALLBACK + (q >= 0 ? req.originalUrl.slice(q) : ''))
      if (query.error) throw new Forbidden(`The identity provider did not sign you in (${query.error}${query.error_description ? `: ${query.error_description}` : ''}).`)
      const session = await signIn.finish(current, kept)
      setCookie(req, res, SESSION_COOKIE, signSession(config.SESSION_SECRET!, session), session.exp - Date.now())
      req.log?.info({ actor: `oidc:${session.sub}`, role: session.role }, 'signed in')
      res.set('Cache-Control', 'no-store').redirect(303, kept.return)
    },
  })

  route(r, {
    method: 'post', path: LOGOUT, tags: ['auth'],
    summary: 'Signs out: clears the session cookie (a cookie-authenticated call needs X-CSRF-Token)',
    handler: (_input, req, res) => {
      clearCookie(req, res, SESSION_COOKIE)
      res.set('Cache-Control', 'no-store').status(204).end()
    },
  })
  return r
}
