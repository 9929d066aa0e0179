/**
 * Database outage: the test starts its own PostgreSQL 15 + PostGIS cluster (it stops it, so never
 * the shared one), imports part of the B&D data, serves the app against it and keeps concurrent
 * reads going while PostgreSQL is stopped and started again. The process stays up; every request
 * answers within ANSWER_BOUND_MS (503 problem+json while the database is away, /health saying why);
 * and the service recovers by itself, without an app restart, within RECOVERY_BOUND_MS.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAll } from '../../server/import/plan'
import { connect, type Database } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { createApp } from '../../server/http/app'
import { createServices, type Services } from '../../server/services'
import { createLogger } from '../../server/logger'
import { testConfig } from '../support/db'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { send, type Answer } from './support/client'
import { startCluster, type Cluster } from './support/cluster'

/** No request may take longer than this, database or not (the pool's acquire timeout is 5 s). */
const ANSWER_BOUND_MS = 6_000
/** Once PostgreSQL accepts connections again, reads succeed within this. */
const RECOVERY_BOUND_MS = 10_000

interface Hit { at: number; path: string; status: number; ms: number; type: string; text: string; error?: string }

describe(`database outage and recovery (own PostgreSQL cluster; ${backend} leg)`, () => {
  let cluster: Cluster
  let db: Database
  let server: Server
  let services: Services | undefined
  let base = ''
  let paths: string[] = []

  beforeAll(async () => {
    cluster = await startCluster('atlas_outage')
    const config = testConfig({ DATABASE_URL: cluster.url, STATEMENT_TIMEOUT_MS: '5000', DB_POOL_MAX: '10' })
    db = await connect(config)
    await migrateLatest(db.knex)
    await importAll(db.knex, {
      dir: geodataDir, la: TEST_LA,
      only: ['ons_lad22', 'ons_lsoa21', 'ons_wards22', 'census2021', 'iod2019', 'ons_lsoa11', 'ons_lsoa_lookup', 'localities'],
    })
    services = createServices({ config, db, logger: createLogger('silent') })
    const app = createApp({ config, db, logger: createLogger('silent'), services })
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)) })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const cat = JSON.parse((await send(base, { method: 'GET', path: '/api/catalogue' })).text)
    paths = [
      '/api/areas/lsoa21?indicators=imd_score_2019,idaci_score_2019&geometry=false',
      '/api/areas/ward?indicators=imd_score_2019',
      '/tiles/lsoa21/12/2049/1361.pbf', '/tiles/ward/11/1024/680.pbf', '/tiles/lsoa21.json',
      ...cat.localities.map((l: { code: string }) => `/api/localities/${l.code}/profile`),
      '/api/localities', '/health',
    ]
  })

  afterAll(async () => {
    if (server) { server.closeAllConnections(); await new Promise((r) => server.close(r)) }
    await services?.close()
    await db?.close().catch(() => {})
    cluster?.destroy()
  })

  const hit = async (path: string): Promise<Hit> => {
    const at = Date.now()
    try {
      const a: Answer = await send(base, { method: 'GET', path }, { timeoutMs: ANSWER_BOUND_MS + 4000, rotateIp: false })
      return { at, path, status: a.status, ms: a.ms, type: a.type, text: a.text }
    } catch (err) {
      return { at, path, status: 0, ms: Date.now() - at, type: '', text: '', error: (err as Error).message }
    }
  }

  /** `workers` loops of requests over `paths` until `until()` says stop. */
  const load = async (workers: number, until: () => boolean): Promise<Hit[]> => {
    const hits: Hit[] = []
    let i = 0
    await Promise.all(Array.from({ length: workers }, async () => {
      while (!until()) hits.push(await hit(paths[i++ % paths.length]))
    }))
    return hits
  }

  it('answers 503 problem+json while PostgreSQL is down, within the bound, and recovers by itself', async () => {
    // 1. healthy under load
    const t0 = Date.now()
    const warm = await load(8, () => Date.now() - t0 > 3000)
    expect(warm.filter((h) => h.status !== 200 && h.status !== 204), 'all good before the outage').toEqual([])

    // 2. PostgreSQL stops under load
    let phase: 'down' | 'up' | 'done' = 'down'
    let stoppedAt = 0
    let startedAt = 0
    const during = load(8, () => phase === 'done')
    await new Promise((r) => setTimeout(r, 500))
    cluster.stop('fast')
    stoppedAt = Date.now()
    await new Promise((r) => setTimeout(r, 6000))
    const health = await hit('/health')
    expect(health.status).toBe(503)
    const h = JSON.parse(health.text)
    expect(h.status).toBe('unavailable')
    expect(h.problem).toMatch(/ECONNREFUSED|connect|terminat|shut/i)

    // 3. PostgreSQL comes back: no app restart; poll until a data read and /health succeed
    cluster.start()
    startedAt = Date.now()
    phase = 'up'
    let recoveredAt = 0
    while (Date.now() - startedAt < RECOVERY_BOUND_MS + 5000) {
      const [a, b] = await Promise.all([hit(paths[0]), hit('/health')])
      if (a.status === 200 && b.status === 200) { recoveredAt = Date.now(); break }
      await new Promise((r) => setTimeout(r, 100))
    }
    await new Promise((r) => setTimeout(r, 2000))
    phase = 'done'
    const hits = await during
    const recoveryMs = recoveredAt ? recoveredAt - startedAt : Infinity
    const afterStop = hits.filter((x) => x.at >= stoppedAt + 200 && x.at < startedAt)
    const afterRecovery = hits.filter((x) => recoveredAt && x.at >= recoveredAt + 200)
    const statuses = (xs: Hit[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x.status]: (m[x.status] ?? 0) + 1 }), {})
    process.stdout.write(`[outage] ${hits.length} requests; while down: ${JSON.stringify(statuses(afterStop))}, slowest ${Math.max(...afterStop.map((x) => x.ms)).toFixed(0)} ms; ` +
      `recovered ${recoveryMs} ms after PostgreSQL accepted connections; after: ${JSON.stringify(statuses(afterRecovery))}\n`)

    // the process answered everything, nothing hung past the bound
    expect(hits.filter((x) => x.error), 'requests without an answer').toEqual([])
    expect(hits.filter((x) => x.ms > ANSWER_BOUND_MS).map((x) => `${x.path} ${x.ms.toFixed(0)} ms`)).toEqual([])
    // while down: 503 problem+json, or a 2xx served from a cache; never another error
    expect(afterStop.length).toBeGreaterThan(20)
    const bad = afterStop.filter((x) => !(x.status === 200 || x.status === 204 || x.status === 304 || x.status === 503))
    expect(bad.map((x) => `${x.path} ${x.status} ${x.text.slice(0, 200)}`)).toEqual([])
    const unavailable = afterStop.filter((x) => x.status === 503)
    expect(unavailable.length).toBeGreaterThan(10)
    for (const x of unavailable) {
      if (x.path === '/health') { expect(JSON.parse(x.text).problem).toBeTruthy(); continue }
      expect(x.type).toMatch(/^application\/problem\+json/)
      expect(JSON.parse(x.text)).toMatchObject({ status: 503, title: 'Service unavailable' })
    }
    // recovered by itself, and stays recovered
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS)
    expect(afterRecovery.length).toBeGreaterThan(10)
    expect(afterRecovery.filter((x) => x.status >= 400).map((x) => `${x.path} ${x.status}`)).toEqual([])
  }, 120_000)
})
