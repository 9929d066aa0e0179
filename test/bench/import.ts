/**
 * Import benchmark: times, on both backends, setting up a fresh database (PostGIS and migrations),
 * a full Barking & Dagenham import (with the derived rebuild), and London-wide LSOA 2021
 * boundaries (raw/scale/london_lsoa21_gen20: 4,994 polygons) read through the production
 * importer (which keeps the configured borough's 115) and loaded whole (all 4,994).
 *
 *   npx tsx test/bench/import.ts            (BENCH_DATABASE_URL or TEST_DATABASE_URL names the server;
 *                                            default postgres://atlas:atlas@localhost:5432/atlas_test)
 *
 * The server leg runs in a scratch database created and dropped through the same role, so it never
 * touches the test database.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { importAll } from '../../server/import/plan'
import { importLsoa21 } from '../../server/import/boundaries'
import { importDataset, type ImportFn } from '../../server/import/runner'
import { source, type Source } from '../../geodata/manifest'
import { lsoa21Features, readShapefile } from '../../geodata/read/boundaries'
import { projectRoot } from '../../server/config'
import { connectEmbedded, connectServer, type Database } from '../../server/db/connect'
import { insertAreas } from '../../server/db/importStore'
import { migrateLatest } from '../../server/db/migrate'
import { importContext } from '../../server/import/context'

/** The London- and England-wide files: beside the geodata folder (raw/scale). */
const scaleDirOf = (dir: string) => path.join(dir, 'scale')

const LA = 'E09000002'
const LONDON_LSOA21 = 'scale/london_lsoa21_gen20'
const DEFAULT_SERVER = 'postgres://atlas:atlas@localhost:5432/atlas_test'

export interface BenchStep {
  step: string
  /** milliseconds per backend; undefined when the backend was not run */
  embedded?: number
  server?: number
  /** what the step loaded, for the reader to check (e.g. "115 LSOAs") */
  detail?: string
}

export interface ImportBenchResult {
  steps: BenchStep[]
  serverError?: string
}

/** The manifest's ons_lsoa21 source with its files pointing at the London-wide shapefile. */
export function londonLsoa21Source(): Source {
  const s = source('ons_lsoa21')
  return { ...s, files: s.files.map((f) => ({ path: f.path.replace(/^london-data\/bd_lsoa21_gen20/, LONDON_LSOA21), sha256: null })) }
}

/**
 * Loads every LSOA of the file, whatever its authority. Production importers keep one authority
 * (that is their contract); this wrapper exists only to time a London-wide load. It stores them
 * at a level of their own so they sit beside the borough's LSOAs without clashing.
 */
export const importAllLondonLsoa21 =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const set = await readShapefile(ctx.file(0), { expectCrs: 'EPSG:27700' })
    const features = lsoa21Features(set)
    await insertAreas(ctx.trx, datasetId, 27700, features.map((a) => ({
      level: 'bench_lsoa21_london', code: a.code, name: a.name, attrs: { ladCode: a.ladCode ?? null }, geometry: a.geometry,
    })))
    return { read: features.length, loaded: features.length, rejected: 0 }
  }

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: Math.round(performance.now() - t0), value }
}

type Timings = Record<string, { ms: number; detail?: string }>

/** Runs every timed step against one fresh database; `open` creates it (PostGIS + migrations timed). */
async function runBackend(dir: string, open: () => Promise<Database>, log: (m: string) => void): Promise<Timings> {
  const t: Timings = {}
  const setup = await time(async () => {
    const db = await open()
    await migrateLatest(db.knex)
    return db
  })
  t.setup = { ms: setup.ms, detail: 'PostGIS extension + migrations' }
  const db = setup.value
  try {
    log(`  set-up ${setup.ms} ms`)
    const bd = await time(() => importAll(db.knex, { dir, la: LA }))
    const loaded = bd.value.datasets.filter((d) => d.status === 'imported').length
    t.bd = { ms: bd.ms, detail: `${loaded} datasets imported` }
    t.bdDerived = { ms: bd.value.derived?.ms ?? 0, detail: `${bd.value.derived?.wardLinks ?? 0} ward links` }
    log(`  B&D full import ${bd.ms} ms (derived ${t.bdDerived.ms} ms)`)
    log(`    per dataset: ${bd.value.datasets.map((d) => `${d.id} ${d.ms} ms`).join(', ')}`)

    const again = await time(() => importAll(db.knex, { dir, la: LA }))
    t.bdAgain = { ms: again.ms, detail: again.value.changed ? 'CHANGED (should not)' : 'all unchanged' }
    log(`  B&D re-run ${again.ms} ms`)

    const s = londonLsoa21Source()
    const filtered = await time(() => importDataset(db.knex, s, dir, LA, importLsoa21(s.id), undefined, { force: true }))
    t.londonFiltered = { ms: filtered.ms, detail: `${filtered.value.loaded} of ${filtered.value.read} kept` }
    log(`  London LSOA 2021 file, B&D kept ${filtered.ms} ms`)

    const all = { ...s, id: 'bench_london_lsoa21', title: 'Bench: every London LSOA 2021' }
    const whole = await time(() => importDataset(db.knex, all, dir, LA, importAllLondonLsoa21(all.id), undefined, { force: true }))
    t.londonAll = { ms: whole.ms, detail: `${whole.value.loaded} polygons` }
    log(`  London LSOA 2021, all ${whole.ms} ms`)

    // The production context import: every other London LSOA with IoD 2025, Census TS007A and LAEI 2019.
    const context = await time(() => importContext(db.knex, { dir: scaleDirOf(dir), la: LA, name: 'london' }))
    const lsoas = context.value.datasets.find((d) => d.id === 'context_london_ons_lsoa21')
    t.context = { ms: context.ms, detail: `${(lsoas?.loaded ?? 0) + 115} London LSOAs held (${lsoas?.loaded} context), ${context.value.comparators.length} London comparators` }
    log(`  London context import ${context.ms} ms (${context.value.datasets.map((d) => `${d.id.replace('context_london_', '')} ${d.ms} ms`).join(', ')})`)
  } finally {
    await db.close()
  }
  return t
}

export async function benchImport(
  o: { geodataDir?: string; serverUrl?: string | null; log?: (m: string) => void } = {},
): Promise<ImportBenchResult> {
  const log = o.log ?? ((m: string) => process.stderr.write(m + '\n'))
  const dir = o.geodataDir ?? process.env.GEODATA_DIR ?? path.join(projectRoot, '..', 'shared', 'geodata', 'raw')
  const serverUrl = o.serverUrl === null ? null : (o.serverUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER)

  log('embedded (PGlite + PostGIS):')
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'))
  let embedded: Timings
  try {
    embedded = await runBackend(dir, () => connectEmbedded(dataDir), log)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  let server: Timings | undefined
  let serverError: string | undefined
  if (serverUrl) {
    log('server (PostgreSQL + PostGIS):')
    const name = `atlas_bench_${process.pid}_${Date.now()}`
    let admin: Database | undefined
    try {
      admin = await connectServer(serverUrl, { poolMax: 1, statementTimeoutMs: 600_000 })
      await admin.knex.raw(`CREATE DATABASE ${name}`) // name is generated above, not user input
      const u = new URL(serverUrl)
      u.pathname = `/${name}`
      server = await runBackend(dir, () => connectServer(u.toString(), { poolMax: 4, statementTimeoutMs: 600_000 }), log)
    } catch (err) {
      serverError = err instanceof Error ? err.message : String(err)
      log(`  server leg failed: ${serverError}`)
    } finally {
      if (admin) {
        await admin.knex.raw(`DROP DATABASE IF EXISTS ${name}`).catch(() => {})
        await admin.close()
      }
    }
  }

  const rows: Array<[string, string]> = [
    ['setup', 'fresh database: PostGIS + migrations'],
    ['bd', 'B&D full import (every dataset + derived)'],
    ['bdDerived', '  of which derived rebuild'],
    ['bdAgain', 'B&D re-run (nothing changed)'],
    ['londonFiltered', 'London LSOA21 file, keep B&D (production importer)'],
    ['londonAll', 'London LSOA21, all 4,994 polygons'],
    ['context', 'London context import (npm run geodata -- context london)'],
  ]
  return {
    steps: rows.map(([key, step]) => ({
      step, embedded: embedded[key]?.ms, server: server?.[key]?.ms, detail: [embedded[key]?.detail, server?.[key]?.detail].filter(Boolean)[0],
    })),
    serverError,
  }
}

/** The timings as a plain-text table, with server/embedded ratios. */
export function formatImportBench(r: ImportBenchResult): string {
  const fmt = (ms?: number) => (ms === undefined ? '-' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`)
  const lines = r.steps.map((s) => [
    s.step, fmt(s.embedded), fmt(s.server),
    s.embedded && s.server !== undefined ? `${(s.server / s.embedded).toFixed(2)}x` : '-', s.detail ?? '',
  ])
  const head = ['step', 'embedded', 'server', 'server/embedded', 'detail']
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()
  return [row(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row), ...(r.serverError ? [`server leg failed: ${r.serverError}`] : [])].join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchImport().then(
    (r) => {
      process.stdout.write(formatImportBench(r) + '\n')
      process.exit(r.serverError ? 1 : 0)
    },
    (err) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
      process.exit(1)
    },
  )
}
