/**
 * Soak benchmark (a script, not a test): the server backend held at saturation for 60 s on the
 * mixed read workload (tiles, areas, locality profile) with autocannon. The app runs in a child
 * process (server/main.ts, as in production) so its memory is measured on its own: VmRSS from
 * /proc/<pid>/status every 500 ms. Errors, timeouts and non-2xx must be 0.
 *
 *   npx tsx test/bench/soak.ts     # BENCH_DATABASE_URL / TEST_DATABASE_URL, else postgres://atlas:atlas@localhost:5432/atlas_test
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { projectRoot } from '../../server/config'
import { freePort } from '../robustness/support/cluster'
import { tileOf } from './load'

const DEFAULT_SERVER = 'postgres://atlas:atlas@localhost:5432/atlas_test'

export interface SoakResult {
  seconds: number
  connections: number
  requests: number
  rps: number
  p50: number
  p99: number
  errors: number
  timeouts: number
  non2xx: number
  rssStartMb: number
  rssPeakMb: number
  rssEndMb: number
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

async function waitHealthy(base: string, ms: number): Promise<void> {
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the app did not become healthy within ${ms} ms`)
}

export async function benchSoak(o: { serverUrl?: string; seconds?: number; connections?: number; log?: (m: string) => void } = {}): Promise<SoakResult> {
  const log = o.log ?? ((m: string) => process.stdout.write(m + '\n'))
  const url = o.serverUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER
  const seconds = o.seconds ?? 60
  const connections = o.connections ?? 32
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUTO_IMPORT: 'false', SERVE_CLIENT: 'false', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  try {
    await waitHealthy(base, 60_000)
    const locs = (await (await fetch(`${base}/api/catalogue`)).json()).localities.map((l: { code: string }) => l.code) as string[]
    const tiles: string[] = []
    for (const z of [11, 12, 13, 14]) {
      const [x0, y0] = tileOf(0.065, 51.6, z)
      const [x1, y1] = tileOf(0.19, 51.515, z)
      for (let x = x0; x <= x1; x += Math.max(1, Math.floor((x1 - x0) / 4))) for (let y = y0; y <= y1; y += Math.max(1, Math.floor((y1 - y0) / 4))) {
        tiles.push(`/tiles/lsoa21/${z}/${x}/${y}.pbf`, `/tiles/ward/${z}/${x}/${y}.pbf`)
      }
    }
    const paths = [
      ...tiles,
      '/api/areas/lsoa21?indicators=imd_score_2019,idaci_score_2019,fp_pct_2021', '/api/areas/ward?indicators=imd_score_2019', '/api/areas/locality?indicators=idaci_score_2019&geometry=false',
      ...locs.map((c) => `/api/localities/${c}/profile?rank=idaci_score_2019`),
    ]
    // warm up: one pass so the first-request costs (caches, JIT) are not in the figures
    for (const p of paths) await fetch(base + p).then((r) => r.arrayBuffer())

    const rssStartMb = rssMb(child.pid!)
    let rssPeakMb = rssStartMb
    const sampler = setInterval(() => { rssPeakMb = Math.max(rssPeakMb, rssMb(child.pid!)) }, 500)
    let i = 0
    let r: autocannon.Result
    try {
      r = await autocannon({
        url: base, connections, duration: seconds, timeout: 10,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      })
    } finally {
      clearInterval(sampler)
    }
    const rssEndMb = rssMb(child.pid!)
    const out: SoakResult = {
      seconds, connections, requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99,
      errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, rssStartMb, rssPeakMb: Math.max(rssPeakMb, rssEndMb), rssEndMb,
    }
    log(`soak: ${connections} connections for ${seconds} s on the mixed read workload (${paths.length} URLs: tiles, areas, profile), server backend`)
    log(`  requests ${out.requests}, ${out.rps.toFixed(0)} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, errors ${out.errors}, timeouts ${out.timeouts}, non-2xx ${out.non2xx}`)
    log(`  server RSS: ${out.rssStartMb.toFixed(0)} MB at start, peak ${out.rssPeakMb.toFixed(0)} MB, ${out.rssEndMb.toFixed(0)} MB at end`)
    if (out.errors + out.timeouts + out.non2xx > 0) throw new Error('soak: errors, timeouts or non-2xx answers under load')
    return out
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSoak().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
