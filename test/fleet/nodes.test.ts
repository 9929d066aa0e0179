/**
 * Several app nodes on one database. On the server backend: node A is `server/main.ts` in a child
 * process (so it can be killed or stopped with a signal, as in production) and node B is an app in
 * this process; both on the test database, sharing siting jobs (siting_jobs + pg-boss) and rate
 * limits (schema rate_limit). On the embedded backend one process owns the database, so the same
 * questions are asked of its in-process queue and per-process limits, and the test names say so.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { rateLimits } from '../../server/http/auth'
import { createLogger } from '../../server/logger'
import { createServices, type Services } from '../../server/services'
import { tileStats } from '../../server/domain/tiles'
import { withApp } from '../support/app'
import { testConfig } from '../support/db'
import { backend, geodataDir, serverUrl } from '../support/env'
import { serve, type TestServer } from '../support/http'
import { startServer } from '../support/processes'
import { clientIp, FLEET, FLEET_RETRY_WITHIN_MS, freePort, getJob, LONG, post, settle, sleep, solving, startJob } from './support'

describe(`several nodes on one database (${backend} backend${backend === 'embedded' ? ': one process, its in-process queue and limits' : ''})`, () => {
  const app = withApp({ serve: false })
  const open: Array<{ close(): Promise<void> }> = []
  afterEach(async () => {
    while (open.length) await open.pop()!.close().catch(() => {})
  })
  /** an app node in this process with its own services (pool, jobs, limit stores) */
  const nodeHere = async (overrides: Record<string, string> = {}): Promise<TestServer & { services: Services }> => {
    const config = testConfig({ ...FLEET, ...overrides })
    const services = createServices({ config, db: app.db, logger: createLogger('silent') })
    const s = await serve(app.db, { config, services })
    const node = { ...s, services, close: async () => { await s.close(); await services.close() } }
    open.push(node)
    return node
  }
  /** node A: server/main.ts in a child process on the test database */
  const nodeApart = async (overrides: Record<string, string> = {}) => {
    const s = startServer({ DATABASE_URL: serverUrl!, GEODATA_DIR: geodataDir, SERVE_CLIENT: 'false', PORT: String(await freePort()), ...FLEET, ...overrides })
    open.push({ close: async () => { if (s.child.exitCode === null) { s.child.kill('SIGKILL'); await s.exited } } })
    const url = await s.listening
    return { ...s, url }
  }

  it('answers liveness without the database and readiness with it, and turns unready while shutting down', async () => {
    const b = await nodeHere()
    const live = await fetch(`${b.url}/health/live`)
    expect(live.status).toBe(200)
    expect((await live.json()).live).toBe(true)
    const ready = await fetch(`${b.url}/health/ready`)
    expect(ready.status).toBe(200)
    const readiness = await ready.json()
    expect(readiness.health.invariants ?? []).toEqual([]) // names what an earlier change left broken
    expect(readiness).toMatchObject({ ready: true, health: { status: 'ok', migrations: { pending: 0 } } })
    b.services.lifecycle.draining = true
    const draining = await fetch(`${b.url}/health/ready`)
    expect(draining.status).toBe(503)
    expect((await draining.json()).reasons.join(' ')).toMatch(/shutting down/)
    expect((await fetch(`${b.url}/health/live`)).status).toBe(200)
    expect((await fetch(`${b.url}/health`)).status).toBe(200) // the old check is unchanged
  })

  it('sizes each node\'s tile cache from TILE_CACHE_BYTES: with 0 a repeated tile is built again, by default it is served from memory', async () => {
    const tile = '/tiles/lsoa21/12/2049/1361.pbf' // Barking and Dagenham at z12
    const builds = async (base: string) => {
      const before = tileStats(app.db).builds
      for (let i = 0; i < 2; i++) expect((await fetch(`${base}${tile}`)).status).toBe(200)
      return tileStats(app.db).builds - before
    }
    const none = await nodeHere({ TILE_CACHE_BYTES: '0' })
    expect(await builds(none.url)).toBe(2)
    expect(tileStats(app.db).cachedTiles).toBe(0)
    await open.pop()!.close()
    const cached = await nodeHere()
    expect(await builds(cached.url)).toBe(1)
    expect(tileStats(app.db).cachedTiles).toBe(1)
  })

  if (backend === 'embedded') {
    it('embedded, in-process queue: a job started through one app is polled and cancelled through another app on the same services', async () => {
      const a = await nodeHere()
      const b = await serve(app.db, { config: testConfig(FLEET), services: a.services })
      open.push(b)
      const job = await startJob(a.url, LONG)
      await solving(b.url, job.id)
      const del = await fetch(`${b.url}/api/siting/jobs/${job.id}`, { method: 'DELETE' })
      expect(del.status).toBe(200)
      expect((await del.json()).status).toBe('cancelled')
      expect((await getJob(a.url, job.id)).status).toBe('cancelled')
    })

    it('embedded, per-process limits: two processes\' worth of services each allow the whole write budget', async () => {
      const [a, b] = [await nodeHere(), await nodeHere()]
      const ip = clientIp()
      const write = (base: string) => post(base, '/api/no-such-write', {}, { 'x-forwarded-for': ip })
      for (let i = 0; i < rateLimits.writes.limit; i++) expect((await write(a.url)).status).toBe(404)
      expect((await write(a.url)).status).toBe(429)
      expect((await write(b.url)).status).toBe(404) // b counts alone
    })
    return
  }

  it(`shares the write limit: ${rateLimits.writes.limit} writes split across two nodes use it up, the next on either is 429`, async () => {
    const a = await nodeApart()
    const b = await nodeHere()
    const ip = clientIp()
    const write = (base: string, from = ip) => post(base, '/api/no-such-write', {}, { 'x-forwarded-for': from })
    for (let i = 0; i < rateLimits.writes.limit; i++) expect((await write(i % 2 ? b.url : a.url)).status).toBe(404)
    const refused = await write(a.url)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/)
    expect((await write(b.url)).status).toBe(429)
    // the budget is per client: another address writes on
    expect((await write(b.url, clientIp() === ip ? '192.0.2.1' : '192.0.2.2')).status).toBe(404)
  })

  it('a job started on node A is polled and cancelled through node B, and stays cancelled on both', async () => {
    const a = await nodeApart()
    const job = await startJob(a.url, LONG)
    await solving(a.url, job.id) // A is the only node taking jobs: it is solving there
    const b = await nodeHere()
    const polled = await getJob(b.url, job.id)
    expect(polled).toMatchObject({ id: job.id, status: 'running' })
    expect(polled.progress.best).not.toBeNull()
    const del = await fetch(`${b.url}/api/siting/jobs/${job.id}`, { method: 'DELETE' })
    expect(del.status).toBe(200)
    expect((await del.json()).status).toBe('cancelled')
    const onA = await getJob(a.url, job.id)
    expect(onA.status).toBe('cancelled')
    expect(onA.progress.message).toBe('cancelled')
    // no run on A writes over the cancel (its solve runs to at most its time limit)
    await sleep(LONG.timeLimitMs + 1000)
    expect(await getJob(b.url, job.id)).toEqual(onA)
    expect((await fetch(`${a.url}/api/siting/jobs/${job.id}`, { method: 'DELETE' })).status).toBe(409)
  })

  it('a job whose node is killed mid-solve completes on another node within the stated retry time', async () => {
    const a = await nodeApart()
    const job = await startJob(a.url, LONG)
    await solving(a.url, job.id)
    a.child.kill('SIGKILL')
    await a.exited
    const killedAt = Date.now()
    const b = await nodeHere()
    const within = b.services.jobRetryWithinMs!
    expect(within).toBe(FLEET_RETRY_WITHIN_MS) // JOB_EXPIRE_SECONDS + 2 x JOB_MAINTENANCE_SECONDS + 1 s polling
    expect((await getJob(b.url, job.id)).status).toBe('running') // not lost: waiting for its expiry
    // restarted within `within`, then a whole run of LONG (4 s solve plus its database work) on B
    const done = await settle(b.url, job.id, within + 20_000)
    expect(done.status).toBe('done')
    expect(done.result!.sites).toHaveLength(4)
    const took = Date.now() - killedAt
    expect(took).toBeLessThan(within + 20_000)
    expect(took).toBeGreaterThan(LONG.timeLimitMs) // it really ran again
  })

  it('a node stopped with SIGTERM mid-solve hands its job back: another node finishes it long before the job would expire', async () => {
    // a 60 s expiry: without the hand-back the job would wait that long for another node
    const a = await nodeApart({ JOB_EXPIRE_SECONDS: '60' })
    const job = await startJob(a.url, LONG)
    await solving(a.url, job.id)
    const b = await nodeHere({ JOB_EXPIRE_SECONDS: '60' })
    const t = Date.now()
    a.child.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    expect(a.output()).toMatch(/handing running jobs back/)
    const done = await settle(b.url, job.id, 40_000)
    expect(done.status).toBe('done')
    expect(Date.now() - t).toBeLessThan(30_000)
  })
})
