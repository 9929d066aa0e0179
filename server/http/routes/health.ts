import { Router } from 'express'
import { checkHealth } from '../../domain/health'
import type { AppDeps } from '../app'

/**
 * GET /health: 200 when the database answers (status 'ok', or 'degraded' with the data invariants
 * that fail: the process is fine, the data needs an import or a restart to finish its rebuild), 503
 * (with the reason) when it does not.
 */
export function healthRoutes(deps: AppDeps): Router {
  const r = Router()
  r.get('/health', async (_req, res) => {
    const h = await checkHealth(deps.db)
    res.status(h.status === 'unavailable' ? 503 : 200).set('Cache-Control', 'no-store').json(h)
  })
  return r
}
