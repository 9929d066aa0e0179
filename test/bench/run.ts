/**
 * npm run bench: every benchmark in one run on the same machine, reported as figures and ratios.
 * Benchmarks are scripts, not tests: these machines are shared and noisy.
 */
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

async function main(): Promise<void> {
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
    await benchTiles({ encoding: 'identity' })
  }
  if (want('tiles') || want('mapserver')) {
    process.stdout.write('\n== MapServer 8 as a peer: uncached tiles and OGC API items ==\n')
    await benchMapServer()
  }
  if (want('load')) {
    process.stdout.write('\n== load: tiles, areas and profile under concurrency; London tile sweep ==\n')
    await benchLoad()
  }
  if (want('england')) {
    process.stdout.write('\n== england: low-zoom tiles over England (32,844 LSOA 2011 shapes) and London (4,994 LSOA 2021) ==\n')
    await benchRegionTiles('england')
    await benchRegionTiles('london')
  }
  if (want('soak')) {
    process.stdout.write('\n== soak: 60 s at saturation, mixed reads, server RSS ==\n')
    await benchSoak()
  }
  if (want('fleet')) {
    process.stdout.write('\n== fleet: mixed reads through nginx, 1 node vs 3 nodes (npm run fleet) ==\n')
    await benchFleet()
  }
  if (want('siting')) {
    process.stdout.write('\n== Family Hub siting ==\n')
    // The siting bench reads the configured database: the same server database as the other benches.
    process.env.DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://atlas:atlas@localhost:5432/atlas_test'
    const mod = await import('./siting').catch(() => null)
    if (mod && 'benchSiting' in mod) await (mod as { benchSiting: () => Promise<unknown> }).benchSiting()
    else process.stdout.write('siting benchmark not available\n')
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})
