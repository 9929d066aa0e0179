/**
 * Shared by the fleet tests (nodes.test.ts: nodes in and out of process; proxy.test.ts: nodes
 * behind nginx): the long siting job, the fleet's settings, and job calls over HTTP.
 */
import { expect } from 'vitest'
import type { JobView } from '../../server/domain/sitingJobs'

// runs to its 4 s time limit (branch and bound cannot finish): long enough to stop a node mid-solve
export const LONG = { hubs: 4, objective: 'p-center', candidates: { categories: ['library', 'community_hub', 'primary_school'], demandPoints: true }, timeLimitMs: 4000 }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const scope = `fleet-${process.pid}-${Date.now().toString(36)}`
// expiry short enough to wait for in a test, long enough for LONG plus its database work
export const FLEET = { RATE_LIMIT_SCOPE: scope, TRUST_PROXY: 'true', JOB_EXPIRE_SECONDS: '12', JOB_MAINTENANCE_SECONDS: '1', JOB_RETRY_LIMIT: '3' }
/** how soon a job whose node died starts again with FLEET: JOB_EXPIRE_SECONDS + 2 x JOB_MAINTENANCE_SECONDS + 1 s */
export const FLEET_RETRY_WITHIN_MS = (12 + 2 * 1 + 1) * 1000

export { freePort } from '../robustness/support/cluster'

export const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
export const getJob = async (base: string, id: string): Promise<JobView> => {
  const res = await fetch(`${base}/api/siting/jobs/${id}`)
  expect(res.status).toBe(200)
  return res.json()
}
export const startJob = async (base: string, body: unknown): Promise<JobView> => {
  const res = await post(base, '/api/siting/jobs', body)
  const j = await res.json()
  expect(res.status, JSON.stringify(j).slice(0, 300)).toBe(202)
  return j
}
/** waits until the solve is under way (an incumbent reported) */
export const solving = async (base: string, id: string) => {
  await expect.poll(async () => (await getJob(base, id)).progress.best, { timeout: 60_000, interval: 100 }).not.toBeNull()
}
export const settle = async (base: string, id: string, timeoutMs: number): Promise<JobView> => {
  const end = Date.now() + timeoutMs
  for (;;) {
    const j = await getJob(base, id)
    if (j.status !== 'running') return j
    if (Date.now() > end) throw new Error(`job ${id} still running after ${timeoutMs} ms: ${j.progress.message}`)
    await sleep(200)
  }
}
/** a fresh client address for each test (TRUST_PROXY is on), so no other test's writes count */
export const clientIp = () => `198.51.100.${1 + Math.floor(Math.random() * 250)}`
