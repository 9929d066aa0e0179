/** Who am I: lets a client show only what the caller's role can do (the server checks anyway). */
import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { route } from '../route'

export function authRoutes(_deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/auth/me', tags: ['auth'],
    summary: 'The role of the bearer token sent (anonymous without one); never reveals the token',
    query: z.strictObject({}),
    handler: (_input, req, res) => {
      res.set('Cache-Control', 'no-store').json(
        req.user
          ? { authenticated: true, id: req.user.id, name: req.user.name, role: req.user.role, kind: req.user.kind, expires_at: req.user.expiresAt }
          : { authenticated: false, role: null, ...(req.authFailure ? { reason: req.authFailure } : {}) },
      )
    },
  })
  return r
}
