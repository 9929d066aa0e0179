/**
 * MapServer as a peer (a script, not a test): Debian's MapServer 8 (cgi-mapserver, /usr/bin/mapserv)
 * behind lighttpd's FastCGI, both started here, reading the same PostGIS tables as the service,
 * against the service on the same database, one request at a time on one kept-alive socket:
 *   - uncached vector tiles of the lsoa21 layer over B&D at zooms 10-16 (the service's cache is
 *     emptied before each request; MapServer has none), MapServer's MVT output (tile mode);
 *   - OGC API Features `collections/lsoa21/items?limit=100` (GeoJSON) from both.
 * MapServer's tiles carry code and name only, from the prepared web-mercator rows (no
 * reprojection): less than the service's tiles from zoom 10 on (which carry the indicator values
 * too), so the comparison favours MapServer. Its PostGIS connection is kept between requests
 * (CLOSE_CONNECTION=DEFER), as the service keeps its pool. Skipped, saying so, when mapserv or lighttpd is missing.
 *
 *   npx tsx test/bench/mapserver.ts       # DATABASE_URL, else postgres://atlas:atlas@localhost:5432/atlas
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../../server/config'
import { levelExtent } from '../../server/db/areas'
import { connectServer } from '../../server/db/connect'
import { clearTileCache, prepareTiles } from '../../server/domain/tiles'
import { createApp } from '../../server/http/app'
import { createLogger } from '../../server/logger'
import { createServices, type Services } from '../../server/services'
import { freePort } from './tiles'

const DEFAULT_URL = 'postgres://atlas:atlas@localhost:5432/atlas'
const MAPSERV = '/usr/bin/mapserv'
const LIGHTTPD = '/usr/sbin/lighttpd'

export interface PeerRow { name: string; requests: number; serviceRps: number; mapserverRps: number; ratio: number }

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function get(url: string): Promise<{ status: number; bytes: number; type: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { 'Accept-Encoding': 'identity' } }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => { bytes += c.length })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, type: String(res.headers['content-type'] ?? '') }))
      res.on('error', reject)
    }).on('error', reject)
  })
}

/** The mapfile: one polygon layer from the prepared rows, MVT output at the service's extent and buffer, OGC API on. */
function mapfile(u: URL): string {
  const conn = `host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)}`
  return `MAP
  NAME "atlas"
  EXTENT -20037508.34 -20037508.34 20037508.34 20037508.34
  UNITS METERS
  PROJECTION "init=epsg:3857" END
  OUTPUTFORMAT NAME "mvt" DRIVER MVT FORMATOPTION "EXTENT=4096" FORMATOPTION "EDGE_BUFFER=64" END
  WEB METADATA
    "oga_enable_request" "*" "ows_title" "atlas" "ows_srs" "EPSG:4326 EPSG:3857"
  END END
  LAYER
    NAME "lsoa21" TYPE POLYGON STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION "${conn}"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    DATA "geom FROM (SELECT p.code, p.props ->> 'name' AS name, p.geom_3857 AS geom FROM tile_areas p WHERE p.level = 'lsoa21') AS t USING UNIQUE code USING SRID=3857"
    PROJECTION "init=epsg:3857" END
    METADATA "gml_include_items" "all" "gml_featureid" "code" "oga_title" "lsoa21" "ows_title" "lsoa21" "gml_types" "auto" END
    TEMPLATE "none"
    CLASS STYLE COLOR 0 0 0 END END
  END
END
`
}

/** lighttpd with mapserv as its FastCGI backend (lighttpd spawns and stops it), on 127.0.0.1. */
async function startMapServer(dir: string, databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort()
  writeFileSync(path.join(dir, 'atlas.map'), mapfile(new URL(databaseUrl)))
  writeFileSync(path.join(dir, 'mapserver.conf'), `CONFIG
  ENV
    MS_MAP_PATTERN "^${dir}/"
    OGCAPI_HTML_TEMPLATE_DIRECTORY "/usr/share/mapserver/ogcapi/templates/html-plain/"
  END
  MAPS ATLAS "${path.join(dir, 'atlas.map')}" END
END
`)
  const conf = path.join(dir, 'lighttpd.conf')
  writeFileSync(conf, [
    `server.document-root = "${dir}"`, `server.port = ${port}`, 'server.bind = "127.0.0.1"', 'server.modules = ( "mod_fastcgi" )',
    `fastcgi.server = ( "/mapserv" => (( "socket" => "${path.join(dir, 'mapserv.sock')}", "bin-path" => "${MAPSERV}", "check-local" => "disable",`,
    `  "max-procs" => 1, "bin-environment" => ( "MAPSERVER_CONFIG_FILE" => "${path.join(dir, 'mapserver.conf')}" ) )) )`,
  ].join('\n'))
  // Its own process group: stopping lighttpd alone left its FastCGI mapserv running (reparented to init).
  const proc = spawn(LIGHTTPD, ['-D', '-f', conf], { stdio: 'ignore', detached: true })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    if (await get(`${url}/mapserv/ATLAS/ogcapi?f=json`).then((r) => r.status === 200, () => false)) return { url, proc }
    await new Promise((r) => setTimeout(r, 100))
  }
  stopGroup(proc)
  throw new Error('lighttpd + mapserv did not start')
}

/** Stops lighttpd and the mapserv it spawned: the whole process group. */
function stopGroup(proc: ChildProcess): void {
  try { if (proc.pid) process.kill(-proc.pid, 'SIGTERM') } catch { proc.kill() }
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
}

/** Requests per second over `rounds` passes of `paths`, one at a time (each side warmed first). */
async function rate(base: string, paths: string[], rounds: number, before?: () => void): Promise<number> {
  for (const p of paths) await get(base + p)
  let n = 0
  const t0 = performance.now()
  for (let r = 0; r < rounds; r++) {
    for (const p of paths) {
      before?.()
      const res = await get(base + p)
      if (res.status !== 200 && res.status !== 204) throw new Error(`${base}${p}: HTTP ${res.status}`)
      n++
    }
  }
  return n / ((performance.now() - t0) / 1000)
}

export async function benchMapServer(opts: { databaseUrl?: string; rounds?: number; print?: boolean } = {}): Promise<PeerRow[] | null> {
  const log = (m: string) => { if (opts.print !== false) process.stdout.write(m + '\n') }
  if (!existsSync(MAPSERV) || !existsSync(LIGHTTPD)) {
    log(`MapServer comparison skipped: needs ${MAPSERV} (apt-get install cgi-mapserver) and ${LIGHTTPD}`)
    return null
  }
  const rounds = opts.rounds ?? 3
  const databaseUrl = opts.databaseUrl ?? loadConfig().DATABASE_URL ?? DEFAULT_URL
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', AUTO_IMPORT: 'false', SERVE_CLIENT: 'false' })
  const db = await connectServer(databaseUrl, { poolMax: 4, statementTimeoutMs: 30_000 })
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-mapserver-bench-'))
  let ms: ChildProcess | undefined
  let server: Server | undefined
  let services: Services | undefined
  try {
    await prepareTiles(db)
    const e = await levelExtent(db.knex, 'borough')
    if (!e) throw new Error('No borough in the database: import the data first (npm run geodata).')
    const tiles: Array<[number, number, number]> = []
    for (let z = 10; z <= 16; z++) {
      const all: Array<[number, number, number]> = []
      for (let x = lonToX(e[0], z); x <= lonToX(e[2], z); x++) for (let y = latToY(e[3], z); y <= latToY(e[1], z); y++) all.push([z, x, y])
      const step = Math.max(1, Math.floor(all.length / 6))
      tiles.push(...all.filter((_, i) => i % step === 0).slice(0, 6))
    }
    services = createServices({ config, db, logger: createLogger('silent') })
    const app = createApp({ config, db, logger: createLogger('silent'), services })
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)) })
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const started = await startMapServer(dir, databaseUrl)
    ms = started.proc
    const rows: PeerRow[] = []
    const svcTiles = tiles.map(([z, x, y]) => `/tiles/lsoa21/${z}/${x}/${y}.pbf`)
    const msTiles = tiles.map(([z, x, y]) => `/mapserv?map=ATLAS&mode=tile&tilemode=gmap&tile=${x}+${y}+${z}&layers=lsoa21&map.imagetype=mvt`)
    const check = await get(started.url + msTiles[msTiles.length - 1])
    if (!/mapbox-vector-tile/.test(check.type)) throw new Error(`MapServer did not answer a vector tile: ${check.type}`)
    const tileSvc = await rate(api, svcTiles, rounds, () => clearTileCache(db))
    const tileMs = await rate(started.url, msTiles, rounds)
    rows.push({ name: `lsoa21 tiles z10-16, uncached (${tiles.length})`, requests: tiles.length * rounds, serviceRps: tileSvc, mapserverRps: tileMs, ratio: tileSvc / tileMs })
    // MapServer's layer serves code and name; `properties=` asks the service for the same (code, name
    // and level): like for like. The full page (every indicator with its provenance) is shown too.
    const itemsMs = await rate(started.url, ['/mapserv/ATLAS/ogcapi/collections/lsoa21/items?limit=100&f=json'], rounds * 20)
    const itemsSame = await rate(api, ['/ogc/collections/lsoa21/items?limit=100&properties='], rounds * 20)
    rows.push({ name: 'OGC items?limit=100, code+name (lsoa21)', requests: rounds * 20, serviceRps: itemsSame, mapserverRps: itemsMs, ratio: itemsSame / itemsMs })
    const itemsAll = await rate(api, ['/ogc/collections/lsoa21/items?limit=100'], rounds * 20)
    rows.push({ name: 'OGC items?limit=100, every indicator', requests: rounds * 20, serviceRps: itemsAll, mapserverRps: itemsMs, ratio: itemsAll / itemsMs })
    log('MapServer 8 (Debian mapserv, FastCGI behind lighttpd) vs the service, same PostGIS, one request at a time:')
    log('  request                                    req   service req/s  MapServer req/s  ratio')
    for (const r of rows) log(`  ${r.name.padEnd(40)} ${String(r.requests).padStart(5)} ${r.serviceRps.toFixed(0).padStart(15)} ${r.mapserverRps.toFixed(0).padStart(16)}  ${r.ratio.toFixed(2)}x`)
    return rows
  } finally {
    if (ms) stopGroup(ms)
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server!.close(() => resolve()))
    }
    agent.destroy()
    rmSync(dir, { recursive: true, force: true })
    // the services' job workers and listener would otherwise keep the process alive for minutes
    await services?.close()
    await db.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchMapServer().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
