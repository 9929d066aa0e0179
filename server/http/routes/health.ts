import { Router } from 'express'
import { checkHealth } from '../../domain/health'
import type { AppDeps } from '../app'

/** GET /health: 200 when the database answers, 503 (with the reason) when it does not. */
export function healthRoutes(deps: AppDeps): Router {
  const r = Router()
  r.get('/health', async (_req, res) => {
    const h = await checkHealth(deps.db)
    res.status(h.status === 'ok' ? 200 : 503).set('Cache-Control', 'no-store').json(h)
  })
  return r
}
