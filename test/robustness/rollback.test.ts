/**
 * Nothing lost: an import that fails part-way, or an edit whose last statement fails, leaves the
 * previous state exactly as it was: the dataset's rows, its datasets row, the data version, the
 * asset, the suggestion and the audit trail. Failures are real ones: an importer that has already
 * written rows throws; the real lookup importer reads a file broken on a late row; a CHECK
 * constraint added to audit_log refuses the audit row an edit writes last.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLsoaLookup } from '../../server/import/lookup'
import { importDataset, type ImportFn } from '../../server/import/runner'
import { importAll } from '../../server/import/plan'
import { source } from '../../geodata/manifest'
import { dataVersion, derivedPending } from '../../server/db/status'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { cleanUp, http, restoreAsset, someImportedAsset, startTracking, type Created } from '../trust/support'

const BOOT = 'rollback-bootstrap-editor-token-0123456789'

/** Everything a dataset owns, as comparable text: its datasets row and its rows in each table. */
async function datasetState(knex: Knex, id: string) {
  const ds = await knex('datasets').where({ id }).first()
  const areas = await knex('areas').where({ dataset_id: id }).orderBy(['level', 'code']).select('level', 'code', 'name', knex.raw('md5(ST_AsBinary(geom)) AS g'))
  const lookup = await knex('lsoa_lookup').where({ dataset_id: id }).orderBy(['lsoa11cd', 'lsoa21cd']).select('lsoa11cd', 'lsoa21cd', 'chgind')
  return JSON.stringify({ ds, areas, lookup })
}

async function auditState(knex: Knex) {
  const [r] = await knex('audit_log').select(knex.raw('count(*)::int AS n, max(id) AS m'))
  return { n: Number(r.n), max: Number(r.m ?? 0) }
}

describe(`failed writes leave the previous state intact (${backend})`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [BOOT] } }) })
  let track: Created
  let tmp = ''
  let imported: Awaited<ReturnType<typeof someImportedAsset>>
  const call = http(() => app.url)

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    imported = await someImportedAsset(app.db.knex)
    tmp = mkdtempSync(path.join(os.tmpdir(), 'atlas-rollback-'))
  })
  afterAll(async () => {
    // the constraint is dropped by each test's finally; this is the backstop for a crash in between
    await app.db.knex.raw('ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS robustness_refuse')
    if (imported) await restoreAsset(app.db.knex, imported)
    if (track) await cleanUp(app.db.knex, track)
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('an importer that throws after writing rows leaves the dataset and the data version as they were', async () => {
    const s = source('ons_wards22')
    const before = await datasetState(app.db.knex, s.id)
    const version = await dataVersion(app.db.knex)
    let written = 0
    const halfway: ImportFn = async (ctx) => {
      await ctx.trx('areas').insert({ level: 'ward', code: 'E05999998', name: 'Half-way ward', dataset_id: s.id, geom: ctx.trx.raw(`ST_Multi(ST_MakeEnvelope(0.1, 51.5, 0.11, 51.51, 4326))`) })
      written = Number((await ctx.trx('areas').where({ dataset_id: s.id }).count<{ n: number }[]>({ n: '*' }))[0].n)
      throw new Error('importer failed half-way')
    }
    await expect(importDataset(app.db.knex, s, geodataDir, TEST_LA, halfway, undefined, { force: true })).rejects.toThrow('importer failed half-way')
    // inside the transaction the old wards were gone and the new row was there; after it, neither shows
    expect(written).toBe(1)
    expect(await datasetState(app.db.knex, s.id)).toBe(before)
    expect(await dataVersion(app.db.knex)).toBe(version)
    expect(await app.db.knex('areas').where({ code: 'E05999998' }).first()).toBeUndefined()
  })

  it('the real lookup importer on a file broken on a late row keeps the previous lookup', async () => {
    const s = source('ons_lsoa_lookup')
    const rel = s.files[0].path
    const lines = readFileSync(path.join(geodataDir, rel), 'utf8').split(/\r?\n/)
    const header = lines[0].split(',')
    const chg = header.indexOf('CHGIND')
    const lad = header.indexOf('LAD22CD')
    expect(chg).toBeGreaterThanOrEqual(0)
    // the last row of the borough gets a change indicator the reader refuses
    const last = lines.map((l, i) => [l, i] as const).filter(([l]) => l.split(',')[lad] === TEST_LA).pop()![1]
    const cells = lines[last].split(',')
    cells[chg] = 'Q'
    lines[last] = cells.join(',')
    mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true })
    writeFileSync(path.join(tmp, rel), lines.join('\n'))
    expect(last).toBeGreaterThan(lines.length / 2)

    const before = await datasetState(app.db.knex, s.id)
    const version = await dataVersion(app.db.knex)
    expect(JSON.parse(before).lookup.length).toBeGreaterThan(100)
    // accepted past the checksum check (as a newer file would be), so that the reader sees the bad row
    await expect(importDataset(app.db.knex, s, tmp, TEST_LA, importLsoaLookup(s.id), undefined, { acceptChanged: true })).rejects.toThrow(/CHGIND|U, S, M or X/)
    expect(await datasetState(app.db.knex, s.id)).toBe(before)
    expect(await dataVersion(app.db.knex)).toBe(version)
    // the good file still imports (nothing was left locked or half-written), as a whole import run:
    // the dataset and then the derived rebuild, so that the shared database is not left owing one
    copyFileSync(path.join(geodataDir, rel), path.join(tmp, rel))
    const again = await importAll(app.db.knex, { dir: tmp, la: TEST_LA, only: ['ons_lsoa_lookup'], force: true })
    expect(again.datasets.map((d) => d.status)).toEqual(['imported'])
    expect(JSON.parse(await datasetState(app.db.knex, s.id)).lookup).toEqual(JSON.parse(before).lookup)
    expect(await derivedPending(app.db.knex)).toBe(false)
  })

  /** Runs `fn` while audit_log refuses rows with `action`: the write's last statement fails. */
  async function refusingAudit<T>(action: string, fn: () => Promise<T>): Promise<T> {
    await app.db.knex.raw(`ALTER TABLE audit_log ADD CONSTRAINT robustness_refuse CHECK (action <> ?) NOT VALID`.replace('?', `'${action}'`))
    try {
      return await fn()
    } finally {
      await app.db.knex.raw('ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS robustness_refuse')
    }
  }
  const assetRow = (id: number) => app.db.knex('assets').where({ id }).first('name', 'status', 'postcode', 'attrs', app.db.knex.raw('ST_AsText(geom) AS wkt'))

  it('an asset edit whose audit row fails leaves the asset and the audit trail unchanged, with a 500 that says nothing internal', async () => {
    const before = await assetRow(imported.id)
    const audit = await auditState(app.db.knex)
    const version = await dataVersion(app.db.knex)
    const r = await refusingAudit('asset.update', () => call('PATCH', `/api/assets/${imported.id}`, { token: BOOT, body: { name: 'Should not stick', lon: 0.14, lat: 51.54 } }))
    expect(r.status).toBe(500)
    const p = await r.json()
    expect(p.detail).not.toMatch(/constraint|audit_log|robustness_refuse/)
    expect(await assetRow(imported.id)).toEqual(before)
    expect(await auditState(app.db.knex)).toEqual(audit)
    expect(await dataVersion(app.db.knex)).toBe(version)
    // and with the database healthy again the same edit goes through
    const ok = await call('PATCH', `/api/assets/${imported.id}`, { token: BOOT, body: { name: 'Sticks' } })
    expect(ok.status).toBe(200)
    expect((await assetRow(imported.id)).name).toBe('Sticks')
  })

  it('a suggestion accept that fails on its last statement publishes nothing and leaves the suggestion pending', async () => {
    const s = await (await call('POST', '/api/suggestions', { body: { kind: 'new-asset', name: 'Rollback test hub', category: 'community_hub', lon: 0.13, lat: 51.55 } })).json()
    track.suggestions.push(s.id)
    const sugBefore = await app.db.knex('suggestions').where({ id: s.id }).first()
    const assets = Number((await app.db.knex('assets').count<{ n: number }[]>({ n: '*' }))[0].n)
    const audit = await auditState(app.db.knex)
    const r = await refusingAudit('suggestion.accept', () => call('POST', `/api/suggestions/${s.id}/accept`, { token: BOOT, body: {} }))
    expect(r.status).toBe(500)
    expect(await app.db.knex('suggestions').where({ id: s.id }).first()).toEqual(sugBefore)
    expect(sugBefore.status).toBe('pending')
    expect(Number((await app.db.knex('assets').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(assets)
    expect(await app.db.knex('assets').where({ name: 'Rollback test hub' }).first()).toBeUndefined()
    expect(await auditState(app.db.knex)).toEqual(audit)
    // accepted for real afterwards: the asset appears once
    const ok = await call('POST', `/api/suggestions/${s.id}/accept`, { token: BOOT, body: {} })
    expect(ok.status).toBe(200)
    expect(await app.db.knex('assets').where({ name: 'Rollback test hub' }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }])
  })
})
