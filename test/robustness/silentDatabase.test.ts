/**
 * A database that goes silent (stops answering without refusing or closing: a frozen host, a
 * partition, a stuck proxy). The test starts its own PostgreSQL cluster and a TCP proxy in front of
 * it, serves the app through the proxy, then makes the proxy stop forwarding while keeping every
 * connection open. Requests must then get 503 /problems/database-unavailable within the documented
 * bound (STATEMENT_TIMEOUT_MS + 2 s, 5 s for a new connection), never a 500; when the proxy
 * forwards again the service answers 200 without a restart.
 */
import type { Server } from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Database } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { createApp } from '../../server/http/app'
import { createServices, type Services } from '../../server/services'
import { createLogger } from '../../server/logger'
import { testConfig } from '../support/db'
import { backend } from '../support/env'
import { send } from './support/client'
import { startCluster, type Cluster } from './support/cluster'

const STATEMENT_TIMEOUT_MS = 2000
/**
 * README: a database that stops answering gives 503 after at most STATEMENT_TIMEOUT_MS + 2 s on an
 * open connection (pg's query_timeout) and 5 s on a new one (its connection timeout).
 */
const BOUND_MS = Math.max(STATEMENT_TIMEOUT_MS + 2000, 5000)
/** Scheduling slack on a shared 2-core machine. */
const SLACK_MS = 1500

/** A TCP proxy that can stop forwarding (both ways, every connection, new ones too) without closing anything. */
function silentProxy(target: number) {
  const pairs: Array<[net.Socket, net.Socket]> = []
  const held: net.Socket[] = []
  let silent = false
  const link = ([a, b]: [net.Socket, net.Socket]) => { a.pipe(b); b.pipe(a) }
  const server = net.createServer((client) => {
    client.on('error', () => {})
    if (silent) { held.push(client); client.pause(); return }
    const up = net.connect(target, '127.0.0.1')
    up.on('error', () => client.destroy())
    client.on('close', () => up.destroy())
    const pair: [net.Socket, net.Socket] = [client, up]
    pairs.push(pair)
    link(pair)
  })
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    goSilent() {
      silent = true
      for (const [a, b] of pairs) { a.unpipe(b); b.unpipe(a); a.pause(); b.pause() }
    },
    resume() {
      silent = false
      for (const p of pairs) if (!p[0].destroyed && !p[1].destroyed) link(p)
      for (const c of held.splice(0)) c.destroy() // their connection attempts already timed out
    },
    close() {
      for (const [a, b] of pairs) { a.destroy(); b.destroy() }
      for (const c of held) c.destroy()
      server.close()
    },
  }
}

describe(`a database that stops answering without refusing (own cluster behind a TCP proxy; ${backend} leg)`, () => {
  let cluster: Cluster
  let proxy: ReturnType<typeof silentProxy>
  let db: Database
  let server: Server
  let services: Services | undefined
  let base = ''

  beforeAll(async () => {
    cluster = await startCluster('atlas_silent')
    const migrator = await connect(testConfig({ DATABASE_URL: cluster.url }))
    await migrateLatest(migrator.knex)
    await migrator.close()
    proxy = silentProxy(cluster.port)
    const port = await proxy.listen()
    const url = new URL(cluster.url)
    url.port = String(port)
    const config = testConfig({ DATABASE_URL: url.toString(), STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS), DB_POOL_MAX: '4' })
    db = await connect(config)
    services = createServices({ config, db, logger: createLogger('silent') })
    const app = createApp({ config, db, logger: createLogger('silent'), services })
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)) })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    if (server) { server.closeAllConnections(); await new Promise((r) => server.close(r)) }
    await services?.close()
    proxy?.close()
    await db?.close().catch(() => {})
    cluster?.destroy()
  })

  const get = (path: string) => send(base, { method: 'GET', path }, { timeoutMs: 30_000, rotateIp: false })

  it('answers 503 database-unavailable within the documented bound while the database is silent, and 200 again once it answers', async () => {
    const path = '/api/assets?limit=1'
    expect((await get(path)).status).toBe(200)

    proxy.goSilent()
    // Several at once: the pool's established connections and new connection attempts both go silent.
    const answers = await Promise.all([get(path), get('/api/assets?limit=2'), get('/api/assets?limit=3')])
    for (const a of answers) {
      process.stdout.write(`[silent] ${a.status} ${JSON.parse(a.text).type} in ${Math.round(a.ms)} ms\n`)
      expect(a.status).toBe(503)
      expect(a.type).toMatch(/^application\/problem\+json/)
      expect(JSON.parse(a.text)).toMatchObject({ type: '/problems/database-unavailable', status: 503 })
      expect(a.ms).toBeLessThan(BOUND_MS + SLACK_MS)
    }
    const health = await get('/health')
    expect(health.status).toBe(503)
    expect(health.ms).toBeLessThan(3000 + SLACK_MS)

    proxy.resume()
    const t0 = Date.now()
    let status = 0
    while (Date.now() - t0 < 20_000 && (status = (await get(path)).status) !== 200) await new Promise((r) => setTimeout(r, 200))
    process.stdout.write(`[silent] forwarding again: 200 after ${Date.now() - t0} ms\n`)
    expect(status).toBe(200)
  })
})
