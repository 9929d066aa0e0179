import { Router } from 'express'
import { checkHealth, checkReadiness } from '../../domain/health'
import type { AppDeps } from '../app'

/**
 * GET /health: 200 when the database answers (status 'ok', or 'degraded' with the data invariants
 * that fail: the process is fine, the data needs an import or a restart to finish its rebuild), 503
 * (with the reason) when it does not.
 * For a fleet, two narrower questions:
 * - GET /health/live: 200 while this process can answer HTTP at all (asks no database), so an
 *   orchestrator restarts only a process that has hung, never one whose database is away;
 * - GET /health/ready: 200 when this node should get traffic (database answers, migrations
 *   applied, not shutting down), else 503 with the reasons, so a load balancer stops sending
 *   requests to a node that is draining or cut off.
 */
export function healthRoutes(deps: AppDeps): Router {
  const r = Router()
  const started = Date.now()
  r.get('/health', async (_req, res) => {
    const h = await checkHealth(deps.db)
    res.status(h.status === 'unavailable' ? 503 : 200).set('Cache-Control', 'no-store').json(h)
  })
  r.get('/health/live', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ live: true, pid: process.pid, uptimeSeconds: Math.round((Date.now() - started) / 1000) })
  })
  r.get('/health/ready', async (_req, res) => {
    const r2 = await checkReadiness(deps.db, deps.services.lifecycle)
    res.status(r2.ready ? 200 : 503).set('Cache-Control', 'no-store').json(r2)
  })
  return r
}
