/**
 * Tile benchmark (a script, not a test): against a PostgreSQL/PostGIS server holding the B&D
 * import, over a fixed set of tiles at zooms 10-16 covering the borough, measures
 *   (a) an uncached tile through the HTTP endpoint vs the same ST_AsMVT statement run directly on
 *       its own pg connection, prepared (the database's pace; goal: ratio <= 1.2), and
 *   (b) a cached tile through the endpoint vs the same bytes served as static files by Debian's
 *       lighttpd, started here (goal: at least half lighttpd's speed).
 * Requests go to 127.0.0.1 only, one at a time, and their number is bounded by `rounds`. The HTTP
 * client is node:http on one kept-alive socket, the same for the service and lighttpd: fetch()
 * (undici) spends ~0.4 ms of its own per request here, as much as a z15 tile's query, which
 * would be measured as the servers' cost.
 *
 * Fairness: the three uncached sides (endpoint, direct, minimal server) take turns going first on
 * each tile (whichever runs a tile's statement first is slower, 5-10% on z15 tiles). The cached
 * side keeps its order, endpoint then lighttpd: alternating them moved that ratio from ~1.2 to
 * ~0.75 in one run, unexplained, so it stays as it was measured. The minimal server gives the
 * floor: one HTTP exchange on loopback costs ~0.1 ms here (client and server parse in this
 * process), as much as a z15 tile's query, so uncached/direct cannot reach 1.2 on small tiles
 * whatever the service does; its own cost is uncached/minimal.
 *
 *   npx tsx test/bench/tiles.ts            # DATABASE_URL, else postgres://atlas:atlas@localhost:5432/atlas
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http, { type Server } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Express } from 'express'
import { loadConfig } from '../../server/config'
import { levelExtent } from '../../server/db/areas'
import { connectServer, type Database } from '../../server/db/connect'
import pg from 'pg'
import { mvtQuery } from '../../server/db/tiles'
import { clearTileCache, tileEncoder, tileLayers, tileMvtOptions, type TileLayer } from '../../server/domain/tiles'
import { createApp } from '../../server/http/app'
import { createServices, type Services } from '../../server/services'
import { createLogger } from '../../server/logger'

export interface BenchOptions {
  /** PostgreSQL URL; default DATABASE_URL, else the local development database */
  databaseUrl?: string
  /** timed repetitions of each tile in each measurement (default 5) */
  rounds?: number
  /** at most this many tiles per zoom and layer, spread evenly over the borough (default 6) */
  tilesPerZoom?: number
  /**
   * Accept-Encoding of every request (default identity). With gzip the static server compresses
   * too, with the same compression middleware, so both sides pay the same gzip cost.
   */
  encoding?: 'identity' | 'gzip'
  /** print the table (default true) */
  print?: boolean
}

export interface ZoomRow {
  z: number
  tiles: number
  /** medians in milliseconds, summed over the zoom's tiles */
  uncachedHttp: number
  directSql: number
  cachedHttp: number
  staticFile: number
  /** a minimal node:http server running the same prepared statement on its own pg connection */
  minimalHttp: number
}

export interface BenchResult {
  encoding: 'identity' | 'gzip'
  rows: ZoomRow[]
  /** sums over every tile of the per-tile medians */
  uncachedRatio: number
  cachedRatio: number
  /** uncached endpoint / the minimal HTTP server with the same statement: the service's own cost */
  minimalRatio: number
  /**
   * the minimal HTTP server / direct: the floor under uncachedRatio, what one HTTP exchange on
   * loopback (client and server both in this process) adds to the query whatever the server does
   */
  floorRatio: number
  /**
   * (uncached - cached) / direct: the endpoint's cost of building a tile beyond the round trip
   * every request pays, relative to the query alone (1.0 = nothing beyond the query)
   */
  buildRatio: number
}

const DEFAULT_URL = 'postgres://atlas:atlas@localhost:5432/atlas'
const ZOOMS = [10, 11, 12, 13, 14, 15, 16]

interface BenchTile { layer: TileLayer; z: number; x: number; y: number; path: string }

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

/** The tiles over the borough's extent at each zoom, thinned evenly to at most `perZoom` (deterministic). */
async function benchTileSet(db: Database, perZoom: number): Promise<BenchTile[]> {
  const extent = await levelExtent(db.knex, 'borough')
  if (!extent) throw new Error('No borough in the database: import the data first (npm run geodata).')
  const e = { x0: extent[0], y0: extent[1], x1: extent[2], y1: extent[3] }
  const out: BenchTile[] = []
  for (const layer of tileLayers) {
    for (const z of ZOOMS.filter((z) => z >= layer.minzoom && z <= layer.maxzoom)) {
      const all: Array<[number, number]> = []
      for (let x = lonToX(e.x0, z); x <= lonToX(e.x1, z); x++) for (let y = latToY(e.y1, z); y <= latToY(e.y0, z); y++) all.push([x, y])
      const step = all.length / Math.min(perZoom, all.length)
      for (let i = 0; i < Math.min(perZoom, all.length); i++) {
        const [x, y] = all[Math.floor(i * step + step / 2)]
        out.push({ layer, z, x, y, path: `/tiles/${layer.id}/${z}/${x}/${y}.pbf` })
      }
    }
  }
  return out
}

function listen(app: Express): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }))
  })
}

/** A free port on 127.0.0.1 (asked of the OS, then released for lighttpd to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    }).on('error', reject)
  })
}

/**
 * Debian's lighttpd serving `dir` on 127.0.0.1 (the static reference: same bytes, a server built
 * for files). Gzip, when asked for, by mod_deflate. Needs /usr/sbin/lighttpd (apt-get install lighttpd).
 */
async function startLighttpd(dir: string, gzip: boolean): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort()
  const conf = path.join(dir, '..', `lighttpd-${port}.conf`)
  writeFileSync(conf, [
    `server.document-root = "${dir}"`, `server.port = ${port}`, 'server.bind = "127.0.0.1"',
    'server.modules = ( "mod_deflate" )', 'mimetype.assign = ( ".pbf" => "application/vnd.mapbox-vector-tile" )',
    gzip ? 'deflate.mimetypes = ( "application/vnd.mapbox-vector-tile" )' : '', gzip ? 'deflate.allowed-encodings = ( "gzip" )' : '',
    `deflate.cache-dir = "${path.join(dir, '..', 'deflate-cache')}"`,
  ].join('\n'))
  mkdirSync(path.join(dir, '..', 'deflate-cache'), { recursive: true })
  const proc = spawn('/usr/sbin/lighttpd', ['-D', '-f', conf], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    if (await fetch(url + '/').then(() => true, () => false)) return { url, proc }
    await new Promise((r) => setTimeout(r, 50))
  }
  proc.kill()
  throw new Error('lighttpd did not start')
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

/** GET on the kept-alive socket: the body's bytes as sent (gzip stays gzip). */
function get(url: string, encoding: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { 'Accept-Encoding': encoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        if (res.statusCode !== 200 && res.statusCode !== 204) reject(new Error(`${url}: HTTP ${res.statusCode}`))
        else resolve(new Uint8Array(Buffer.concat(chunks)))
      })
      res.on('error', reject)
    }).on('error', reject)
  })
}

export async function benchTiles(opts: BenchOptions = {}): Promise<BenchResult> {
  const rounds = opts.rounds ?? 5
  const encoding = opts.encoding ?? 'identity'
  const databaseUrl = opts.databaseUrl ?? loadConfig().DATABASE_URL ?? DEFAULT_URL
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AUTO_IMPORT: 'false', SERVE_CLIENT: 'false' })
  const db = await connectServer(databaseUrl, { poolMax: 4, statementTimeoutMs: 30_000 })
  const benchDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-tiles-bench-'))
  const staticDir = path.join(benchDir, 'www')
  mkdirSync(staticDir)
  const servers: Server[] = []
  let lighttpd: ChildProcess | undefined
  // The direct side: the service's own statement text on a connection of its own, as a named
  // prepared statement (parsed and planned once), so it is the database's time plus one round trip.
  const direct = new pg.Client({ connectionString: databaseUrl })
  await direct.connect()
  const minimalDb = new pg.Client({ connectionString: databaseUrl })
  await minimalDb.connect()
  let services: Services | undefined
  try {
    if ((await tileEncoder(db)) !== 'postgis') throw new Error('This PostGIS cannot run ST_AsMVT; the benchmark needs a server built with protobuf-c.')
    const tiles = await benchTileSet(db, opts.tilesPerZoom ?? 6)
    services = createServices({ config, db, logger: createLogger('silent') })
    const api = await listen(createApp({ config, db, logger: createLogger('silent'), services }))
    servers.push(api.server)
    const stat = await startLighttpd(staticDir, encoding === 'gzip')
    lighttpd = stat.proc

    const queryOf = (t: BenchTile) => mvtQuery(t.layer.source, t, tileMvtOptions(t.layer, t.z))
    const directTile = (t: BenchTile) => {
      const { statement, values } = queryOf(t)
      return direct.query({ name: statement.name, text: statement.text, values })
    }
    // The peer: the least an HTTP service can do per uncached tile (the path names the tile, the
    // statement is prepared, no headers beyond the type and length).
    const byPath = new Map(tiles.map((t) => [t.path, t]))
    const minimal = http.createServer((req, res) => {
      const t = byPath.get(req.url ?? '')!
      const { statement, values } = queryOf(t)
      minimalDb.query({ name: statement.name, text: statement.text, values }).then((r) => {
        const b = r.rows[0].mvt as Buffer | null
        if (!b) res.writeHead(204).end()
        else res.writeHead(200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Length': b.byteLength }).end(b)
      }, () => res.writeHead(500).end())
    })
    await new Promise<void>((resolve) => minimal.listen(0, '127.0.0.1', resolve))
    servers.push(minimal)
    const minimalUrl = `http://127.0.0.1:${(minimal.address() as AddressInfo).port}`
    // Warm up: connections, plans, PROJ, and the static files to compare against.
    for (const t of tiles) {
      await directTile(t)
      await get(minimalUrl + t.path, 'identity')
      const bytes = await get(api.url + t.path, 'identity')
      mkdirSync(path.dirname(path.join(staticDir, t.path)), { recursive: true })
      writeFileSync(path.join(staticDir, t.path), bytes)
      await get(stat.url + t.path, encoding)
    }

    const perTile = new Map<BenchTile, { uncachedHttp: number[]; directSql: number[]; cachedHttp: number[]; staticFile: number[]; minimalHttp: number[] }>()
    for (const t of tiles) perTile.set(t, { uncachedHttp: [], directSql: [], cachedHttp: [], staticFile: [], minimalHttp: [] })
    for (let round = 0; round < rounds; round++) {
      for (const [i, t] of tiles.entries()) {
        const m = perTile.get(t)!
        // (a) interleaved, so drift in the database's state affects the three alike, and in turn:
        // whichever runs a tile's statement first after another tile's is slower (measured ~5-10%
        // on z15 tiles, whichever side it is), so each goes first, second and third equally often.
        const sides = [
          async () => { clearTileCache(db); m.uncachedHttp.push(await timed(() => get(api.url + t.path, encoding))) },
          async () => { m.directSql.push(await timed(() => directTile(t))) },
          async () => { m.minimalHttp.push(await timed(() => get(minimalUrl + t.path, encoding))) },
        ]
        for (let k = 0; k < sides.length; k++) await sides[(round + i + k) % sides.length]()
      }
    }
    for (const t of tiles) await get(api.url + t.path, encoding) // fill the cache
    for (let round = 0; round < rounds; round++) {
      for (const t of tiles) {
        const m = perTile.get(t)!
        m.cachedHttp.push(await timed(() => get(api.url + t.path, encoding)))
        m.staticFile.push(await timed(() => get(stat.url + t.path, encoding)))
      }
    }

    const rows: ZoomRow[] = ZOOMS.map((z) => {
      const ms = tiles.filter((t) => t.z === z).map((t) => perTile.get(t)!)
      const sum = (k: keyof typeof ms[number]) => ms.reduce((a, m) => a + median(m[k]), 0)
      return { z, tiles: ms.length, uncachedHttp: sum('uncachedHttp'), directSql: sum('directSql'), cachedHttp: sum('cachedHttp'), staticFile: sum('staticFile'), minimalHttp: sum('minimalHttp') }
    })
    const total = (k: keyof Omit<ZoomRow, 'z' | 'tiles'>) => rows.reduce((a, r) => a + r[k], 0)
    const result: BenchResult = {
      encoding,
      rows,
      uncachedRatio: total('uncachedHttp') / total('directSql'),
      cachedRatio: total('cachedHttp') / total('staticFile'),
      minimalRatio: total('uncachedHttp') / total('minimalHttp'),
      floorRatio: total('minimalHttp') / total('directSql'),
      buildRatio: (total('uncachedHttp') - total('cachedHttp')) / total('directSql'),
    }
    if (opts.print !== false) printResult(result, tiles.length, rounds)
    return result
  } finally {
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    }
    lighttpd?.kill()
    agent.destroy()
    await direct.end()
    await minimalDb.end()
    rmSync(benchDir, { recursive: true, force: true })
    // the services' job workers and listener would otherwise keep the process alive for minutes
    await services?.close()
    await db.close()
  }
}

function printResult(r: BenchResult, tiles: number, rounds: number): void {
  const f = (n: number) => n.toFixed(2).padStart(9)
  const lines = [
    `${tiles} tiles (every layer at zooms 10-16 over B&D), ${rounds} rounds, Accept-Encoding: ${r.encoding}; per-tile medians summed per zoom, ms`,
    '   z  tiles  uncached     direct   ratio    minimal   ratio  floor     cached  lighttpd   ratio',
    ...r.rows.map((x) =>
      `  ${String(x.z).padStart(2)}  ${String(x.tiles).padStart(5)} ${f(x.uncachedHttp)} ${f(x.directSql)}  ${(x.uncachedHttp / x.directSql).toFixed(2).padStart(5)}  ${f(x.minimalHttp)}  ${(x.uncachedHttp / x.minimalHttp).toFixed(2).padStart(5)}  ${(x.minimalHttp / x.directSql).toFixed(2).padStart(5)}  ${f(x.cachedHttp)} ${f(x.staticFile)}  ${(x.cachedHttp / x.staticFile).toFixed(2).padStart(5)}`),
    `(a) uncached endpoint / the same ST_AsMVT statement direct (pg, prepared): ${r.uncachedRatio.toFixed(2)}x (goal <= 1.2)`,
    `    uncached endpoint / a minimal node:http server running the same prepared statement: ${r.minimalRatio.toFixed(2)}x (the service's own cost)`,
    `    floor: that minimal server / direct = ${r.floorRatio.toFixed(2)}x, one HTTP exchange on loopback, which no server avoids (ratio = own cost x floor)`,
    `    of which building: (uncached - cached) / direct = ${r.buildRatio.toFixed(2)}x; the rest is the HTTP round trip every request pays`,
    `(b) cached endpoint / lighttpd, same bytes: ${r.cachedRatio.toFixed(2)}x, i.e. ${(1 / r.cachedRatio).toFixed(2)}x lighttpd's speed (goal >= 0.5x)`,
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTiles({ encoding: 'identity' }).then(() => benchTiles({ encoding: 'gzip' })).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
