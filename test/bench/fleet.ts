/**
 * Fleet benchmark (a script, not a test): mixed-read throughput (vector tiles, areas GeoJSON,
 * locality profiles, OGC API items) through Debian's nginx in front of 1 app node, then 3 nodes,
 * in the same run on the same server database, started by the fleet script's own code
 * (server/fleet/fleet.ts). One node straight, without nginx, is measured too, as the proxy's cost.
 * Every node's caches are warmed first (one pass of every URL straight to each node), so the
 * figures are of serving, not of first builds. Errors, timeouts and non-2xx must be 0.
 *
 * Honest note, printed with the figures: the nodes, nginx, PostgreSQL and autocannon share this
 * machine's cores (2 here), so 3 nodes cannot be 3 times 1 node; the ratio says how much of a
 * second core the extra processes find, not how a fleet on separate machines scales.
 *
 *   npx tsx test/bench/fleet.ts     # BENCH_DATABASE_URL / TEST_DATABASE_URL, else postgres://atlas:atlas@localhost:5432/atlas_test
 */
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { startFleet, type Fleet } from '../../server/fleet/fleet'
import { freePort } from '../robustness/support/cluster'
import { tileOf } from './load'

const DEFAULT_SERVER = 'postgres://atlas:atlas@localhost:5432/atlas_test'

export interface FleetRow {
  name: string
  nodes: number
  rps: number
  p50: number
  p99: number
  requests: number
  failures: number
}

async function mixedPaths(base: string): Promise<string[]> {
  const locs = (await (await fetch(`${base}/api/catalogue`)).json()).localities.map((l: { code: string }) => l.code) as string[]
  const tiles: string[] = []
  for (const z of [11, 12, 13, 14]) {
    const [x0, y0] = tileOf(0.065, 51.6, z)
    const [x1, y1] = tileOf(0.19, 51.515, z)
    const step = (a: number, b: number) => Math.max(1, Math.floor((b - a) / 3))
    for (let x = x0; x <= x1; x += step(x0, x1)) for (let y = y0; y <= y1; y += step(y0, y1)) tiles.push(`/tiles/lsoa21/${z}/${x}/${y}.pbf`, `/tiles/ward/${z}/${x}/${y}.pbf`)
  }
  return [
    ...tiles,
    '/api/areas/lsoa21?indicators=imd_score_2019,idaci_score_2019,fp_pct_2021', '/api/areas/ward?indicators=imd_score_2019',
    '/api/areas/locality?indicators=idaci_score_2019&geometry=false',
    ...locs.map((c) => `/api/localities/${c}/profile?rank=idaci_score_2019`),
    '/ogc/collections/ward/items?limit=20', '/ogc/collections/lsoa21/items?limit=50', '/ogc/collections/assets/items?limit=100',
    '/ogc/collections/lsoa21/items?limit=50&offset=50',
  ]
}

async function cannon(name: string, nodes: number, base: string, paths: string[], seconds: number, connections: number): Promise<FleetRow> {
  let i = 0
  const r = await autocannon({
    url: base, connections, duration: seconds, timeout: 10,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  })
  return { name, nodes, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, failures: r.errors + r.timeouts + r.non2xx }
}

async function warm(fleet: Fleet, paths: string[]): Promise<void> {
  for (const n of fleet.nodes) {
    for (const p of paths) {
      const res = await fetch(n.url + p)
      await res.arrayBuffer()
      if (!res.ok) throw new Error(`${p} on ${n.url}: ${res.status}`)
    }
  }
}

export async function benchFleet(o: { serverUrl?: string; seconds?: number; connections?: number; log?: (m: string) => void } = {}): Promise<{ rows: FleetRow[]; ratio: number }> {
  const log = o.log ?? ((m: string) => process.stdout.write(m + '\n'))
  const url = o.serverUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER
  const seconds = o.seconds ?? 20
  const connections = o.connections ?? 32
  const env = { DATABASE_URL: url, LOG_LEVEL: 'warn', AUTO_IMPORT: 'false', SERVE_CLIENT: 'false', NODE_ENV: 'production' }
  const rows: FleetRow[] = []
  let paths: string[] = []
  for (const nodes of [1, 3]) {
    const fleet = await startFleet({ nodes, port: await freePort(), nodePort: await freePort(), env })
    try {
      if (!paths.length) paths = await mixedPaths(fleet.url)
      await warm(fleet, paths)
      if (nodes === 1) rows.push(await cannon('1 node, straight (no proxy)', 1, fleet.nodes[0].url, paths, seconds, connections))
      rows.push(await cannon(`${nodes} node${nodes > 1 ? 's' : ''} behind nginx`, nodes, fleet.url, paths, seconds, connections))
    } finally {
      await fleet.stop()
    }
  }
  const one = rows.find((r) => r.name === '1 node behind nginx')!
  const three = rows.find((r) => r.nodes === 3)!
  const ratio = three.rps / one.rps
  log(`fleet: mixed reads (${paths.length} URLs: tiles z11-14, areas, locality profiles, OGC items), ${connections} connections, ${seconds} s each, caches warm, server backend`)
  log(`  ${'setup'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'requests'.padStart(9)} failures`)
  for (const r of rows) log(`  ${r.name.padEnd(30)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.requests).padStart(9)} ${r.failures}`)
  log(`  3 nodes / 1 node behind nginx: ${ratio.toFixed(2)}x; nginx's cost on 1 node: ${(rows[1].rps / rows[0].rps).toFixed(2)}x of straight`)
  log(`  on ${os.cpus().length} cores shared by the nodes, nginx, PostgreSQL and the load generator (load average at the end ${os.loadavg()[0].toFixed(1)}): ` +
    'a second and third node can only use what the first leaves of the cores, so this is not a measure of separate machines')
  if (rows.some((r) => r.failures > 0)) throw new Error('fleet: errors, timeouts or non-2xx answers under load')
  return { rows, ratio }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFleet().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
