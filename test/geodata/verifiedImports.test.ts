/**
 * Imports verify what they read. A Census table cut at a line boundary parses cleanly, yet used to
 * import with rc 0 and take the borough's population from 218,840 to about half: now its checksum
 * differs from the manifest's and it is refused, naming the file; passed explicitly as a newer file
 * (`acceptChanged`, `--accept-changed`) it is still refused, because it covers only part of the
 * borough's LSOAs. IoD deciles must give the publisher's own borough row (File 10); boundaries must
 * hold the authority's official number of areas. Each refusal
 * leaves the previous data (and the borough's 218,840) as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLsoa21 } from '../../server/import/boundaries'
import { InvariantFailed } from '../../server/import/invariants'
import { importAll } from '../../server/import/plan'
import { importDataset, type ImportFn } from '../../server/import/runner'
import { ChecksumMismatch, source } from '../../geodata/manifest'
import { dataVersion } from '../../server/db/status'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { copyDataset, fileOf, fingerprint, makeTempDir, removeDir } from './support/datasets'

describe(`imports check the files they read (${backend})`, () => {
  const app = withApp({ serve: false })
  let cut: string
  let kept = 0
  const temps: string[] = []

  const boroughPopulation = async () =>
    Number((await app.db.knex('indicator_values').where({ indicator_id: 'census_pop_total', level: 'borough', code: TEST_LA }).first('value'))?.value)

  beforeAll(async () => {
    cut = makeTempDir()
    temps.push(cut)
    copyDataset('census2021', cut)
    // TS007A (age: the population total) cut after its 58th LSOA row, at a line boundary.
    const file = fileOf(cut, 'census2021', 0)
    const lines = readFileSync(file, 'utf8').split('\n')
    kept = 58
    writeFileSync(file, lines.slice(0, 1 + kept).join('\n') + '\n')
    const total = lines.slice(1, 1 + kept).reduce((t, l) => t + Number(l.split(',')[3]), 0)
    process.stdout.write(`[verify] the cut file holds ${kept} of 115 LSOAs, ${total} residents (imported, the borough would show that, not 218,840)\n`)
  })
  afterAll(async () => {
    temps.forEach(removeDir)
  })

  it('a Census CSV cut at a line boundary is refused by its checksum, naming the file; the borough keeps 218,840', async () => {
    expect(await boroughPopulation()).toBe(218840)
    const before = await fingerprint(app.db.knex, 'census2021')
    const v0 = await dataVersion(app.db.knex)
    const err = await importAll(app.db.knex, { dir: cut, la: TEST_LA, only: ['census2021'], force: true }).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(ChecksumMismatch)
    const message = (err as Error).message
    process.stdout.write(`[verify] ${message}\n`)
    expect(message).toMatch(/^census2021: census2021\/bd_census2021-ts007a-lsoa\.csv does not match the manifest \(sha256 [0-9a-f]{12}…, expected fccf20afe195…\)/)
    expect(message).toContain('--accept-changed')
    expect(await fingerprint(app.db.knex, 'census2021')).toEqual(before)
    expect(await dataVersion(app.db.knex)).toBe(v0)
    expect(await boroughPopulation()).toBe(218840)
  })

  it('accepted as a newer file, the cut Census CSV is still refused: it covers only part of the LSOAs', async () => {
    const before = await fingerprint(app.db.knex, 'census2021')
    const err = await importAll(app.db.knex, { dir: cut, la: TEST_LA, only: ['census2021'], force: true, acceptChanged: true }).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(InvariantFailed)
    process.stdout.write(`[verify] ${(err as Error).message}\n`)
    expect((err as Error).message).toMatch(
      new RegExp(`^census2021: census_\\w+ has values for ${kept} of the 115 LSOA 2021 areas of ${TEST_LA} \\(a cut or partial file\\?\\): refused, the previous data is kept$`),
    )
    expect(await fingerprint(app.db.knex, 'census2021')).toEqual(before)
    expect(await boroughPopulation()).toBe(218840)
  })

  it('IoD 2025 LSOA deciles that no longer give the published borough share are refused (File 10: IMD 2 of 115 = 0.0174)', async () => {
    const dir = makeTempDir()
    temps.push(dir)
    copyDataset('iod2025', dir)
    const file = fileOf(dir, 'iod2025', 0)
    const lines = readFileSync(file, 'utf8').split('\n')
    // One of the two LSOAs in England's most deprived 10% moved to the second decile.
    const i = lines.findIndex((l) => /^"E01\d+",1,/.test(l))
    lines[i] = lines[i].replace(/^("E01\d+"),1,/, '$1,2,')
    writeFileSync(file, lines.join('\n'))
    const before = await fingerprint(app.db.knex, 'iod2025')
    const err = await importAll(app.db.knex, { dir, la: TEST_LA, only: ['iod2025'], force: true, acceptChanged: true }).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(InvariantFailed)
    process.stdout.write(`[verify] ${(err as Error).message}\n`)
    expect((err as Error).message).toBe(
      `iod2025: 1 of 115 LSOAs in England's most deprived 10% on imd (0.0087), where the publisher's summary for ${TEST_LA} says 0.0174: refused, the previous data is kept`,
    )
    expect(await fingerprint(app.db.knex, 'iod2025')).toEqual(before)
  })

  it('LSOA 2021 boundaries with one area short of the official 115 are refused and the 115 stay', async () => {
    const s = source('ons_lsoa21')
    const oneShort: ImportFn = async (ctx) => {
      const o = await importLsoa21(s.id)(ctx)
      // As if the publisher's file had lost its last feature.
      await ctx.trx.raw(`DELETE FROM areas WHERE ctid = (SELECT ctid FROM areas WHERE dataset_id = ? ORDER BY code DESC LIMIT 1)`, [s.id])
      return o
    }
    const before = await fingerprint(app.db.knex, s.id)
    await expect(importDataset(app.db.knex, s, geodataDir, TEST_LA, oneShort, undefined, { force: true })).rejects.toThrow(
      `ons_lsoa21: 114 LSOA 2021 areas for ${TEST_LA}, expected 115: refused, the previous data is kept`,
    )
    expect(await fingerprint(app.db.knex, s.id)).toEqual(before)
    expect(before.areas.n).toBe(115)
  })
})
