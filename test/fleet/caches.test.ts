/**
 * Caches that follow the data. On the server backend two app nodes run in this process, each with
 * its own database handle (pool, version listener, catalogue memo and tile cache) on the one test
 * database: a write through node A reaches node B through LISTEN/NOTIFY, and B drops what it
 * cached. On the embedded backend one process owns the database, and a write drops that process's
 * caches through PGlite's own notifications. Either way a cache hit asks the database nothing, and
 * ETags carry the data version.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectServer } from '../../server/db/connect'
import { heldDataVersion } from '../../server/domain/dataVersion'
import { tileStats } from '../../server/domain/tiles'
import { createLogger } from '../../server/logger'
import { createServices, type Services } from '../../server/services'
import { withApp } from '../support/app'
import { testConfig, type TestDb } from '../support/db'
import { backend, serverUrl } from '../support/env'
import { serve } from '../support/http'
import { cleanUp, http, issue, restoreAsset, someImportedAsset, startTracking, type Created } from '../trust/support'

interface Node { url: string; db: TestDb; services: Services; close(): Promise<void> }

/** The slippy-map tile holding a point at zoom z. */
function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

/** Queries a database handle runs while fn does (knex's query event: every statement sent). */
async function queriesDuring(db: TestDb, fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = []
  const on = (q: { sql: string }) => { seen.push(q.sql) }
  db.knex.on('query', on)
  try {
    await fn()
  } finally {
    db.knex.off('query', on)
  }
  return seen
}

/** A browser's revalidation (undici's fetch would add Cache-Control: no-cache, which forbids a 304). */
const revalidate = (etag: string) => ({ headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })

/** Polls until check passes, failing if that takes longer than withinMs; returns how long it took. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  for (;;) {
    if (await check()) return Date.now() - start
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe(`caches that follow the data (${backend} backend${backend === 'server' ? ': two nodes on one database' : ': one process'})`, () => {
  const app = withApp({ serve: false })
  const open: Node[] = []
  let created: Created
  let asset: Awaited<ReturnType<typeof someImportedAsset>>
  let editor: string

  /** an app node with its own database handle and services */
  const node = async (): Promise<Node> => {
    const db: TestDb = backend === 'server'
      ? await (async () => { const d = await connectServer(serverUrl!, { poolMax: 3, statementTimeoutMs: 30_000 }); return { ...d, config: testConfig(), dispose: () => d.close() } })()
      : app.db
    const services = createServices({ config: db.config, db, logger: createLogger('silent') })
    const s = await serve(db, { config: db.config, services })
    const n: Node = { url: s.url, db, services, close: async () => { await s.close(); await services.close(); if (db !== app.db) await db.dispose() } }
    open.push(n)
    // live: the listener connected and the version read since
    await within(5000, async () => services.dataVersion.held() !== undefined)
    return n
  }
  const rename = async (base: string, name: string) => {
    const r = await http(() => base)('PATCH', `/api/assets/${asset.id}`, { token: editor, body: { name } })
    expect(r.status, await r.clone().text()).toBe(200)
  }
  const catalogueVersion = async (base: string) => (await (await fetch(`${base}/api/catalogue`)).json()).dataVersion as number
  const tilePath = () => {
    const [lon, lat] = asset.geom_wkt.replace(/^POINT\(|\)$/g, '').split(' ').map(Number)
    const t = tileOf(lon, lat, 14)
    return `/tiles/assets/${t.z}/${t.x}/${t.y}.pbf`
  }
  const tileHas = async (base: string, text: string) => Buffer.from(await (await fetch(`${base}${tilePath()}`)).arrayBuffer()).includes(Buffer.from(text))

  beforeAll(async () => {
    created = await startTracking(app.db.knex)
    asset = await someImportedAsset(app.db.knex)
    const t = await issue(app.db, 'editor')
    created.tokens.push(t.id)
    editor = t.token
  })
  afterEach(async () => {
    while (open.length) await open.pop()!.close().catch(() => {})
  })
  afterAll(async () => {
    await restoreAsset(app.db.knex, asset)
    await cleanUp(app.db.knex, created)
  })

  it('answers a cached catalogue and a cached tile without asking the database for the data version', async () => {
    const b = await node()
    await fetch(`${b.url}/api/catalogue`)
    await fetch(`${b.url}${tilePath()}`)
    const hitsBefore = tileStats(b.db).hits
    const sql = await queriesDuring(b.db, async () => {
      expect((await fetch(`${b.url}/api/catalogue`)).status).toBe(200)
      expect((await fetch(`${b.url}${tilePath()}`)).status).toBe(200)
    })
    expect(sql).toEqual([])
    expect(tileStats(b.db).hits).toBe(hitsBefore + 1)
  })

  it(backend === 'server'
    ? 'serves a write made through node A changed by node B within a second: B\'s cached catalogue and tiles dropped on NOTIFY'
    : 'embedded: a write drops the process\'s cached catalogue and tiles at once, and the next request is served changed', async () => {
    const a = await node()
    const b = backend === 'server' ? await node() : a
    const before = await catalogueVersion(b.url)
    const name = `Renamed ${Date.now().toString(36)}`
    expect(await tileHas(b.url, name)).toBe(false) // cached on B now
    expect(tileStats(b.db).cachedTiles).toBeGreaterThan(0)
    await rename(a.url, name)
    // dropped by the announcement itself, before any request asks
    await within(1000, async () => tileStats(b.db).cachedTiles === 0)
    const tookMs = await within(1000, async () => (await catalogueVersion(b.url)) === before + 1)
    expect(tookMs).toBeLessThan(1000)
    expect(b.services.dataVersion.held()).toBe(before + 1)
    expect(await tileHas(b.url, name)).toBe(true)
  })

  it('serves a node\'s own write from the very next request, before its NOTIFY need arrive', async () => {
    const b = await node()
    for (let i = 0; i < 3; i++) {
      const before = await catalogueVersion(b.url)
      await rename(b.url, `Renamed ${i} ${Date.now().toString(36)}`)
      expect(await catalogueVersion(b.url)).toBe(before + 1)
    }
  })

  it(`hears a version bumped by SQL outside the app (as another process's import would) through ${backend === 'server' ? 'LISTEN/NOTIFY' : 'PGlite\'s notifications'}, and drops its cached tiles`, async () => {
    const b = await node()
    await fetch(`${b.url}${tilePath()}`)
    expect(tileStats(b.db).cachedTiles).toBeGreaterThan(0)
    const before = b.services.dataVersion.held()!
    // straight to the table: no app write path, so only the trigger's pg_notify can tell the node
    await app.db.knex.raw('UPDATE data_state SET data_version = data_version + 1')
    await within(1000, async () => b.services.dataVersion.held() === before + 1)
    expect(tileStats(b.db).cachedTiles).toBe(0)
  })

  it('names responses by the data version: If-None-Match gives 304 until a write, then the new version', async () => {
    const a = await node()
    const b = backend === 'server' ? await node() : a
    const areas = `${b.url}/api/areas/ward?indicators=imd_score_2019&geometry=false`
    const first = await fetch(areas)
    expect(first.status).toBe(200)
    const version = b.services.dataVersion.held()!
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(new RegExp(`^W/"v${version}-[\\w-]{27}"$`))
    expect(first.headers.get('cache-control')).toBe('no-cache')
    const again = await fetch(areas, revalidate(etag))
    expect(again.status, `${etag} then ${again.headers.get('etag')}`).toBe(304)
    const tile = await fetch(`${b.url}${tilePath()}`)
    expect(tile.headers.get('etag')).toMatch(new RegExp(`^W/"v${version}-tile-assets-`))
    expect((await fetch(`${b.url}${tilePath()}`, revalidate(tile.headers.get('etag')!))).status).toBe(304)
    // the other cacheable reads: catalogue, series, OGC items
    const others = [`${b.url}/api/catalogue`, `${b.url}/api/series`, `${b.url}/ogc/collections/assets/items/${asset.id}`]
    const tags: string[] = []
    for (const u of others) {
      const r = await fetch(u)
      expect(r.status, u).toBe(200)
      const tag = r.headers.get('etag')!
      expect(tag, u).toMatch(new RegExp(`^W/"v${version}-`))
      expect((await fetch(u, revalidate(tag))).status, u).toBe(304)
      tags.push(tag)
    }
    // a private, no-store response is not named by the data version
    const mine = await http(() => b.url)('GET', '/api/auth/me', { token: editor })
    expect(mine.headers.get('cache-control')).toBe('no-store')
    expect(mine.headers.get('etag') ?? '').not.toMatch(/^W\/"v/)

    await rename(a.url, `Renamed ${Date.now().toString(36)}`)
    await within(1000, async () => b.services.dataVersion.held() === version + 1)
    const changed = await fetch(areas, revalidate(etag))
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).toMatch(new RegExp(`^W/"v${version + 1}-`))
    expect((await fetch(`${b.url}${tilePath()}`, revalidate(tile.headers.get('etag')!))).status).toBe(200)
    const item = await fetch(others[2], revalidate(tags[2]))
    expect(item.status).toBe(200)
    expect(item.headers.get('etag')).toMatch(new RegExp(`^W/"v${version + 1}-`))
  })

  if (backend === 'server') {
    it('server: a listener whose connection is killed reconnects, reads the version again and hears the next write', async () => {
      const a = await node()
      const b = await node()
      const before = b.services.dataVersion.held()!
      const killed = await app.db.knex.raw<{ rows: Array<{ pid: number }> }>(
        `SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'locality-atlas-listen'`)
      expect(killed.rows.length).toBeGreaterThanOrEqual(2) // A's and B's
      // lost: the version is no longer held (callers ask the database) until it is read again
      await within(2000, async () => b.services.dataVersion.held() === undefined)
      // a write while B may still be disconnected: its notification can be lost, the re-read is not
      await rename(a.url, `Renamed ${Date.now().toString(36)}`)
      await within(5000, async () => b.services.dataVersion.held() === before + 1)
      const back = await app.db.knex.raw<{ rows: Array<{ pid: number }> }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'locality-atlas-listen'`)
      expect(back.rows.map((r) => r.pid)).not.toEqual(expect.arrayContaining(killed.rows.map((r) => r.pid)))
      // and listening again: the next write is heard within a second
      await rename(a.url, `Renamed again ${Date.now().toString(36)}`)
      await within(1000, async () => (await catalogueVersion(b.url)) === before + 2)
      expect(heldDataVersion(b.db)).toBe(before + 2)
    })
  }
})
