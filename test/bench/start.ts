/**
 * Start-time benchmark (embedded backend): `npm start` as a user runs it, timed from spawn to the
 * "listening" line, on a new DATA_DIR (first start: the initial cluster loaded, the B&D import) and
 * again on the same directory (warm restart). The install-time step (unpacked PostGIS files and
 * initial cluster, see server/db/embeddedCluster.ts) is timed first when its cache is missing.
 *
 *   npx tsx test/bench/start.ts
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { projectRoot } from '../../server/config'
import { initialClusterFile } from '../../server/db/embeddedCluster'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/** Runs `npm start` until it listens; returns the milliseconds it took, then stops it (SIGTERM). */
async function timedStart(dataDir: string, geodataDir: string): Promise<number> {
  const port = await freePort()
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', GEODATA_DIR: geodataDir }
  delete env.DATABASE_URL
  const t0 = performance.now()
  const child = spawn('npm', ['start'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const ms = await new Promise<number>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d
      if (/is running on the embedded database/.test(out)) resolve(Math.round(performance.now() - t0))
    }
    child.stdout.on('data', seen)
    child.stderr.on('data', seen)
    child.on('exit', (code) => reject(new Error(`npm start exited ${code}: ${out.slice(-2000)}`)))
  })
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  return ms
}

export interface StartBench {
  installMs?: number
  firstMs: number
  warmMs: number[]
}

export async function benchStart(o: { geodataDir?: string; log?: (m: string) => void } = {}): Promise<StartBench> {
  const log = o.log ?? ((m: string) => process.stderr.write(m + '\n'))
  const geodataDir = o.geodataDir ?? process.env.GEODATA_DIR ?? path.join(projectRoot, '..', 'shared', 'geodata', 'raw')
  let installMs: number | undefined
  if (!existsSync(initialClusterFile())) {
    const t0 = performance.now()
    const { prepareEmbedded } = await import('../../server/db/connect')
    await prepareEmbedded()
    installMs = Math.round(performance.now() - t0)
    log(`  install step (cache was missing) ${installMs} ms`)
  }
  // The server bundle `npm start` runs is made at install time too (postinstall): made here first,
  // so that the first start timed is not also the one that finds its sources changed.
  const b0 = performance.now()
  execFileSync(process.execPath, [path.join(projectRoot, 'server', 'launch.mjs'), '--build'], { stdio: 'inherit' })
  log(`  server bundle built in ${Math.round(performance.now() - b0)} ms (install step)`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-start-'))
  try {
    const firstMs = await timedStart(dir, geodataDir)
    log(`  first start ${firstMs} ms`)
    const warmMs: number[] = []
    for (let i = 0; i < 3; i++) {
      warmMs.push(await timedStart(dir, geodataDir))
      log(`  warm restart ${warmMs.at(-1)} ms`)
    }
    return { installMs, firstMs, warmMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatStartBench(r: StartBench): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const sorted = [...r.warmMs].sort((a, b) => a - b)
  return [
    ...(r.installMs !== undefined ? [`install step (PostGIS files + initial cluster): ${s(r.installMs)}`] : []),
    `first start to listening (new DATA_DIR, B&D import): ${s(r.firstMs)}  (goal <= 30 s)`,
    `warm restart to listening: median ${s(sorted[Math.floor(sorted.length / 2)])}, ${r.warmMs.map(s).join(' / ')}  (goal <= 3 s)`,
  ].join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchStart().then(
    (r) => process.stdout.write(formatStartBench(r) + '\n'),
    (err) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
      process.exit(1)
    },
  )
}
