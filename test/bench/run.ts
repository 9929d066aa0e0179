/**
 * npm run bench: every benchmark in one run on the same machine, reported as figures and ratios.
 * Benchmarks are scripts, not tests: these machines are shared and noisy.
 */
import os from 'node:os'
import { loadConfig } from '../../server/config'
import { connectServer } from '../../server/db/connect'
import { migrateLatest } from '../../server/db/migrate'
import { importAll } from '../../server/import/plan'
import { benchRegionTiles } from './england'
import { benchFleet } from './fleet'
import { benchImport, formatImportBench } from './import'
import { benchLoad } from './load'
import { benchMapServer } from './mapserver'
import { benchStart, formatStartBench } from './start'
import { benchSoak } from './soak'
import { benchTiles } from './tiles'

const only = process.argv.slice(2)
const want = (name: string) => only.length === 0 || only.includes(name)

/** The one server database every bench reads (scratch databases are made beside it). */
const benchUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://atlas:atlas@localhost:5432/atlas_test'

/** Migrates the bench database and brings its B&D import up to date (unchanged datasets are skipped). */
async function prepareBenchDatabase(): Promise<void> {
  const db = await connectServer(benchUrl, { poolMax: 2, statementTimeoutMs: 600_000 })
  try {
    await migrateLatest(db.knex)
    const dir = loadConfig().geodataDir
    if (!dir) throw new Error('No geodata directory: set GEODATA_DIR (see README)')
    const r = await importAll(db.knex, { dir, la: 'E09000002' })
    const failed = r.datasets.filter((d) => d.status === 'failed' || d.status === 'missing').map((d) => `${d.id} ${d.status}`)
    if (failed.length) throw new Error(`The bench database's import is incomplete: ${failed.join(', ')}`)
    const changed = r.datasets.filter((d) => d.status === 'imported').map((d) => d.id)
    process.stdout.write(`bench database ${new URL(benchUrl).pathname.slice(1)}: migrated; B&D import ${changed.length ? `updated (${changed.join(', ')})` : 'current'}\n`)
  } finally {
    await db.close()
  }
}

async function main(): Promise<void> {
  process.stdout.write(`npm run bench${only.length ? ` ${only.join(' ')}` : ''} at ${new Date().toISOString()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} cores\n`)
  if (only.some((n) => ['tiles', 'mapserver', 'load', 'soak', 'fleet', 'siting'].includes(n)) || only.length === 0) await prepareBenchDatabase()
  if (want('import')) {
    process.stdout.write('\n== import: B&D (embedded, server) and London boundaries ==\n')
    process.stdout.write(formatImportBench(await benchImport()) + '\n')
  }
  if (want('start')) {
    process.stdout.write('\n== start: embedded first start and warm restart (npm start to listening) ==\n')
    process.stdout.write(formatStartBench(await benchStart()) + '\n')
  }
  if (want('tiles')) {
    process.stdout.write('\n== tiles: uncached vs ST_AsMVT, cached vs static file ==\n')
    await benchTiles({ encoding: 'identity', databaseUrl: benchUrl })
  }
  if (want('tiles') || want('mapserver')) {
    process.stdout.write('\n== MapServer 8 as a peer: uncached tiles and OGC API items ==\n')
    await benchMapServer({ databaseUrl: benchUrl })
  }
  if (want('load')) {
    process.stdout.write('\n== load: tiles, areas and profile under concurrency; London tile sweep ==\n')
    await benchLoad({ serverUrl: benchUrl })
  }
  if (want('england')) {
    process.stdout.write('\n== england: low-zoom tiles over England (32,844 LSOA 2011 shapes) and London (4,994 LSOA 2021) ==\n')
    await benchRegionTiles('england', { serverUrl: benchUrl })
    await benchRegionTiles('london', { serverUrl: benchUrl })
  }
  if (want('soak')) {
    process.stdout.write('\n== soak: 60 s at saturation, mixed reads, server RSS ==\n')
    await benchSoak({ serverUrl: benchUrl })
  }
  if (want('fleet')) {
    process.stdout.write('\n== fleet: mixed reads through nginx, 1 node vs 3 nodes (npm run fleet) ==\n')
    await benchFleet({ serverUrl: benchUrl })
  }
  if (want('siting')) {
    process.stdout.write('\n== Family Hub siting ==\n')
    // The siting bench reads the configured database: the same server database as the other benches.
    process.env.DATABASE_URL = benchUrl
    // Imported here, after the URL is set: the siting bench reads its database from the environment.
    const { benchSiting } = await import('./siting')
    await benchSiting()
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})
