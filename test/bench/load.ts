/**
 * Load and scale benchmark (a script, not a test):
 *  1. requests/s and p50/p95/p99 latency under concurrent load (autocannon, 127.0.0.1 only, bounded
 *     in time) for tiles, the areas API and the locality profile, against the server backend holding
 *     the B&D import; errors and non-2xx must be 0.
 *  2. the tile sweep on a London-wide LSOA layer: every London LSOA 2021 (4,994) imported into a
 *     scratch database, then uncached tiles at zooms 8-14 over London: sizes, times through HTTP and
 *     the same ST_AsMVT statement alone.
 *
 *   npx tsx test/bench/load.ts     # BENCH_DATABASE_URL / TEST_DATABASE_URL, else postgres://atlas:atlas@localhost:5432/atlas_test
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { loadConfig } from '../../server/config'
import { connectServer, type Database } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { mvtTile } from '../../server/db/tiles'
import { clearTileCache, tileDefaults, tileLayers, tileMvtOptions } from '../../server/domain/tiles'
import { createApp } from '../../server/http/app'
import { createServices } from '../../server/services'
import { createLogger } from '../../server/logger'
import { loadRegion } from './england'

const DEFAULT_SERVER = 'postgres://atlas:atlas@localhost:5432/atlas_test'

export interface LoadRow {
  name: string
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  non2xx: number
}

/** The service on a free loopback port; `stop` closes its connections and its services (the data
 * version listener holds a connection of its own: left open, the scratch database cannot be dropped). */
async function listen(db: Database, url: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SERVE_CLIENT: 'false', AUTO_IMPORT: 'false' })
  const services = createServices({ config, db, logger: createLogger('silent') })
  const app = createApp({ config, db, logger: createLogger('silent'), services })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.close()
    },
  }
}

export interface LondonZoomRow { z: number; tiles: number; maxKB: number; medianKB: number; medianMs: number; maxMs: number; directMs: number; ratio: number; overBudget: number }
export interface LondonSweep { tiles: number; httpMs: number; sqlMs: number; ratio: number; zooms: LondonZoomRow[] }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** lon/lat -> slippy tile x/y at zoom z */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return [x, y]
}

/**
 * At most `cap` tiles a zoom over a box, spread over it in both directions: an evenly spaced grid
 * of columns and rows (a stride through the column-major list would pick the same few rows).
 */
export function tilesOver(bbox: [number, number, number, number], zooms: number[], cap: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = []
  for (const z of zooms) {
    const [x0, y0] = tileOf(bbox[0], bbox[3], z)
    const [x1, y1] = tileOf(bbox[2], bbox[1], z)
    const nx = x1 - x0 + 1
    const ny = y1 - y0 + 1
    const cols = Math.max(1, Math.min(nx, Math.round(Math.sqrt((cap * nx) / ny))))
    const rows = Math.max(1, Math.min(ny, Math.floor(cap / cols)))
    const pick = (n: number, k: number) => Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * n) / k))
    for (const dx of pick(nx, cols)) for (const dy of pick(ny, rows)) out.push([z, x0 + dx, y0 + dy])
  }
  return out
}

async function cannon(name: string, base: string, paths: string[], seconds: number, connections: number): Promise<LoadRow> {
  let i = 0
  const r = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  })
  return {
    name, requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p95: r.latency.p97_5 ?? r.latency.p90,
    p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx,
  }
}

export async function benchLoad(o: { serverUrl?: string; seconds?: number; connections?: number; log?: (m: string) => void } = {}): Promise<{ load: LoadRow[]; london: LondonSweep }> {
  const log = o.log ?? ((m: string) => process.stdout.write(m + '\n'))
  const url = o.serverUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER
  const seconds = o.seconds ?? 10
  const connections = o.connections ?? 16
  const db = await connectServer(url, { poolMax: 10, statementTimeoutMs: 30_000 })
  const { base, stop } = await listen(db, url)
  const load: LoadRow[] = []
  try {
    const bd: [number, number, number, number] = [0.065, 51.515, 0.19, 51.6]
    const tiles = tilesOver(bd, [10, 11, 12, 13, 14, 15, 16], 8).map(([z, x, y]) => `/tiles/lsoa21/${z}/${x}/${y}.pbf`)
    const locs = (await (await fetch(`${base}/api/catalogue`)).json()).localities.map((l: { code: string }) => l.code) as string[]
    load.push(await cannon('tiles (cached after first)', base, tiles, seconds, connections))
    load.push(await cannon('areas lsoa21 GeoJSON', base, ['/api/areas/lsoa21?indicators=imd_score_2019,idaci_score_2019,fp_pct_2021'], seconds, connections))
    load.push(await cannon('locality profile', base, locs.map((c) => `/api/localities/${c}/profile?rank=idaci_score_2019`), seconds, connections))
    load.push(await cannon('mixed (tiles, areas, profile)', base, [...tiles, '/api/areas/ward?indicators=imd_score_2019', ...locs.map((c) => `/api/localities/${c}/profile`)], seconds, connections))
  } finally {
    await stop()
    await db.close()
  }
  log(`load: ${connections} connections, ${seconds} s each, 127.0.0.1`)
  log('  endpoint                          req     req/s    p50 ms  p97.5 ms  p99 ms  errors  non-2xx')
  for (const r of load) {
    log(`  ${r.name.padEnd(32)} ${String(r.requests).padStart(6)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(7)} ${String(r.non2xx).padStart(8)}`)
  }

  // London-wide layer in a scratch database.
  const admin = await connectServer(url, { poolMax: 1, statementTimeoutMs: 600_000 })
  const name = `atlas_bench_london_${process.pid}_${Date.now()}`
  await admin.knex.raw(`CREATE DATABASE ${name}`) // generated name, not user input
  const u = new URL(url)
  u.pathname = `/${name}`
  const ldb = await connectServer(u.toString(), { poolMax: 4, statementTimeoutMs: 600_000 })
  let london: LondonSweep = { tiles: 0, httpMs: 0, sqlMs: 0, ratio: 0, zooms: [] }
  try {
    await migrateLatest(ldb.knex)
    // Every London LSOA kept: the bench's own loader (england.ts), not the borough importer (which keeps one authority).
    await loadRegion(ldb, 'london')
    const { base: lbase, stop: lstop } = await listen(ldb, u.toString())
    try {
      const layer = tileLayers.find((l) => l.id === 'lsoa21')!
      // Every zoom z8-14 over the whole of London (at most 40 tiles a zoom, spread evenly), each tile
      // uncached 3 times: its size, its median time through HTTP and the same ST_AsMVT statement alone.
      log(`London lsoa21 layer (4,994 LSOA 2021 polygons), uncached, 3 rounds a tile, median of each; budget ${tileDefaults.sizeBudgetBytes / 1024} KB:`)
      log('   z  tiles  max KB  median KB  median ms  max ms  direct ms  HTTP/direct  over budget')
      let http = 0
      let sql = 0
      let count = 0
      const zooms: LondonZoomRow[] = []
      for (const z of [8, 9, 10, 11, 12, 13, 14]) {
        const ts = tilesOver([-0.51, 51.29, 0.33, 51.69], [z], 40)
        const sizes: number[] = []
        const times: number[] = []
        const direct: number[] = []
        for (const [, x, y] of ts) {
          const per: number[] = []
          const perSql: number[] = []
          let size = 0
          for (let round = 0; round < 3; round++) {
            clearTileCache(ldb)
            const t0 = performance.now()
            const r = await fetch(`${lbase}/tiles/lsoa21/${z}/${x}/${y}.pbf`, { headers: { 'accept-encoding': 'identity' } })
            size = (await r.arrayBuffer()).byteLength
            per.push(performance.now() - t0)
            const t1 = performance.now()
            await mvtTile(ldb.knex, layer.source, { z, x, y }, tileMvtOptions(layer, z))
            perSql.push(performance.now() - t1)
          }
          sizes.push(size)
          times.push(median(per))
          direct.push(median(perSql))
        }
        const sumHttp = times.reduce((a, b) => a + b, 0)
        const sumSql = direct.reduce((a, b) => a + b, 0)
        http += sumHttp
        sql += sumSql
        count += ts.length
        const row: LondonZoomRow = {
          z, tiles: ts.length, maxKB: Math.max(...sizes) / 1024, medianKB: median(sizes) / 1024, medianMs: median(times),
          maxMs: Math.max(...times), directMs: median(direct), ratio: sumHttp / sumSql, overBudget: sizes.filter((b) => b > tileDefaults.sizeBudgetBytes).length,
        }
        zooms.push(row)
        log(`  ${String(z).padStart(2)}  ${String(row.tiles).padStart(5)}  ${row.maxKB.toFixed(0).padStart(6)}  ${row.medianKB.toFixed(1).padStart(9)}  ${row.medianMs.toFixed(1).padStart(9)}  ${row.maxMs.toFixed(1).padStart(6)}  ${row.directMs.toFixed(1).padStart(9)}  ${row.ratio.toFixed(2).padStart(10)}x  ${String(row.overBudget).padStart(11)}`)
      }
      london = { tiles: count, httpMs: http, sqlMs: sql, ratio: http / sql, zooms }
      log(`  all ${count} tiles: HTTP ${http.toFixed(0)} ms, ST_AsMVT direct ${sql.toFixed(0)} ms, ratio ${(http / sql).toFixed(2)}x`)
    } finally {
      await lstop()
    }
  } finally {
    await ldb.close()
    // FORCE: a connection the bench missed must not leave the scratch database behind
    await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.close()
  }
  return { load, london }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLoad().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
