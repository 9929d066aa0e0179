/**
 * The geodata command line, run as a user runs it (`node --import tsx geodata/cli.ts`): it lists the
 * manifest, prints usage, and turns a broken file into one line on stderr and exit code 1. On the
 * embedded backend it works on a throwaway copy of the test template; on the server backend only
 * operations that change nothing (or roll back) touch the shared test database.
 */
import { execFile } from 'node:child_process'
import { cpSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sources } from '../../geodata/manifest'
import { projectRoot } from '../../server/config'
import { connectEmbedded, connectServer, type Database } from '../../server/db/connect'
import { dataVersion } from '../../server/db/status'
import { backend, geodataDir, serverUrl, templateDir } from '../support/env'
import { copyDataset, fileOf, fingerprint, makeTempDir, removeDir } from './support/datasets'

interface Run {
  code: number
  stdout: string
  stderr: string
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const base = { ...process.env }
  delete base.DATABASE_URL
  delete base.TEST_DATABASE_URL
  return new Promise((resolve) => {
    execFile(
      process.execPath, ['--import', 'tsx', 'geodata/cli.ts', ...args],
      { cwd: projectRoot, env: { ...base, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

describe(`the geodata command line on the ${backend} backend`, () => {
  const temps: string[] = []
  let env: Record<string, string>
  let dataDir: string | undefined

  /** Opens the database the CLI used (only while no CLI process has it open: PGlite is single-user). */
  async function openCliDb(): Promise<Database> {
    return serverUrl ? connectServer(serverUrl, { poolMax: 1, statementTimeoutMs: 30_000 }) : connectEmbedded(dataDir!)
  }

  beforeAll(() => {
    env = { AUTO_IMPORT: 'false', LOG_LEVEL: 'silent', GEODATA_DIR: geodataDir }
    if (serverUrl) {
      env.DATABASE_URL = serverUrl
    } else {
      dataDir = makeTempDir('atlas-cli-db-')
      temps.push(dataDir)
      cpSync(templateDir(), dataDir, { recursive: true })
      env.DATA_DIR = dataDir
    }
  })
  afterAll(() => {
    for (const d of temps) removeDir(d)
  })

  it('`sources` lists every manifest dataset with its licence and URL', async () => {
    const r = await cli(['sources'], env)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const blocks = r.stdout.split(/\n(?=\S)/)
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(sources().map((s) => s.id))
    for (const s of sources()) {
      const block = blocks.find((b) => b.startsWith(`${s.id}\n`))!
      expect(block).toContain(s.licence)
      expect(block).toContain(`  ${s.url}\n`)
      for (const f of s.files) expect(block).toContain(f.path)
    }
  })

  it('with no arguments prints the usage and exits 2', async () => {
    const r = await cli([], env)
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/^usage: npm run geodata -- <import\|context\|localities\|assets\|local-ta\|sources\|fetch>/)
    expect(r.stdout).toContain('import [--dir DIR] [--only SOURCE,...] [--force]')
  })

  it('`import` of a broken file prints one line naming the file, exits 1, and leaves the data as it was', async () => {
    const dir = makeTempDir()
    temps.push(dir)
    copyDataset('ons_lsoa21', dir)
    writeFileSync(
      fileOf(dir, 'ons_lsoa21', 3),
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    )
    let db = await openCliDb()
    const before = { version: await dataVersion(db.knex), lsoa21: await fingerprint(db.knex, 'ons_lsoa21') }
    await db.close()

    // --accept-changed: past the manifest's checksums to the reader, which refuses the file; rolled back.
    const r = await cli(['import', '--dir', dir, '--only', 'ons_lsoa21', '--force', '--accept-changed'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('geodata: bd_lsoa21_gen20.shp: coordinate system is EPSG:4326, expected EPSG:27700\n')
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(r.stdout).toMatch(/^database: (embedded PGlite at|server )/)

    db = await openCliDb()
    try {
      expect(await dataVersion(db.knex)).toBe(before.version)
      expect(await fingerprint(db.knex, 'ons_lsoa21')).toEqual(before.lsoa21)
      expect(before.lsoa21.areas.n).toBe(115)
    } finally {
      await db.close()
    }
  })

  it('`import` of files already imported says nothing changed and exits 0', async () => {
    const r = await cli(['import', '--only', 'ons_lad22,ons_wards22'], env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/nothing changed\n$/)
  })

  it('`import --only` with an unknown source names it and exits 1', async () => {
    const r = await cli(['import', '--only', 'ons_lsoa99'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('geodata: unknown source(s): ons_lsoa99 (see npm run geodata -- sources)\n')
  })
})
