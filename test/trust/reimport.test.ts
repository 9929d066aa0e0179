/**
 * Editors' changes survive re-imports. An imported GP practice renamed by an editor, and another one
 * closed, keep their ids, the edited name and the closure when `nhs_gp` is imported again (forced,
 * and from a newer file); their audit rows are still there; a practice that the newer file no longer
 * lists is closed ('removed from source'), not deleted, and reopens when it is listed again.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAll } from '../../server/import/plan'
import { source } from '../../geodata/manifest'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { makeTempDir, removeDir } from '../geodata/support/datasets'
import { send } from '../robustness/support/client'
import { cleanUp, http, issue, startTracking, type Created } from './support'

interface Gp { id: number; source_ref: string; name: string }

describe(`editors' changes and re-imports of their dataset (${backend})`, () => {
  const app = withApp()
  let track: Created
  let editor = ''
  let gps: Gp[] = []
  const temps: string[] = []
  const call = http(() => app.url)
  const gpFile = source('nhs_gp').files[0].path

  const reimport = async (dir: string) => {
    // The cut file is a newer publisher file as far as the manifest knows: accepted explicitly.
    const r = await importAll(app.db.knex, { dir, la: TEST_LA, only: ['nhs_gp'], force: true, acceptChanged: dir !== geodataDir })
    expect(r.datasets.map((d) => [d.id, d.status])).toEqual([['nhs_gp', 'imported']])
    return r.datasets[0]
  }
  // A plain request of its own (no pooled keep-alive socket that the server closed during the import).
  const feature = async (id: number) => {
    const r = await send(app.url, { method: 'GET', path: `/api/assets/${id}` }, { rotateIp: false })
    expect(r.status).toBe(200)
    return JSON.parse(r.text).properties
  }
  const auditOf = async (id: number) => (await app.db.knex('audit_log').where({ entity: 'asset', entity_id: String(id) }).orderBy('id').pluck('action')) as string[]

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    const t = await issue(app.db, 'editor')
    track.tokens.push(t.id)
    editor = t.token
    gps = (await app.db.knex('assets').where({ dataset_id: 'nhs_gp', status: 'open' }).orderBy('source_ref').limit(3).select('id', 'source_ref', 'name'))
      .map((g) => ({ ...g, id: Number(g.id) }))
  })
  afterAll(async () => {
    // The shared server database: forget the overrides and import the shipped file again.
    if (gps.length) await app.db.knex('assets').whereIn('id', gps.map((g) => g.id)).update({ overrides: '{}' })
    await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA, only: ['nhs_gp'], force: true })
    if (track) await cleanUp(app.db.knex, track)
    temps.forEach(removeDir)
  })

  it('a renamed and a closed GP practice keep their ids, name, closure and audit rows through a forced re-import', async () => {
    const [renamed, closed] = gps
    expect(gps).toHaveLength(3)
    const patch = await call('PATCH', `/api/assets/${renamed.id}`, { token: editor, body: { name: 'Renamed by an editor', attrs: { note: 'checked' } } })
    expect(patch.status).toBe(200)
    expect((await call('DELETE', `/api/assets/${closed.id}`, { token: editor })).status).toBe(200)
    const countBefore = await app.db.knex('assets').where({ dataset_id: 'nhs_gp' }).count<{ n: number }[]>({ n: '*' })

    const r = await reimport(geodataDir)
    process.stdout.write(`[reimport] nhs_gp forced: loaded ${r.loaded}, notes ${JSON.stringify(r.notes)}\n`)

    const a = await feature(renamed.id)
    expect(a).toMatchObject({ name: 'Renamed by an editor', status: 'open' })
    expect(a.attrs.note).toBe('checked')
    const b = await feature(closed.id)
    expect(b).toMatchObject({ name: closed.name, status: 'closed', closed_reason: 'closed by an editor' })
    expect(await auditOf(renamed.id)).toEqual(['asset.update'])
    expect(await auditOf(closed.id)).toEqual(['asset.close'])
    const countAfter = await app.db.knex('assets').where({ dataset_id: 'nhs_gp' }).count<{ n: number }[]>({ n: '*' })
    expect(Number(countAfter[0].n)).toBe(Number(countBefore[0].n))
    process.stdout.write(`[reimport] ${countAfter[0].n} GP practices before and after; #${renamed.id} "${a.name}", #${closed.id} ${b.status}\n`)
  })

  it('a practice missing from a newer file is closed as removed from source, keeps its id, and reopens when listed again', async () => {
    const [renamed, , gone] = gps
    const dir = makeTempDir()
    temps.push(dir)
    cpSync(path.join(geodataDir, path.dirname(gpFile)), path.join(dir, path.dirname(gpFile)), { recursive: true })
    const lines = readFileSync(path.join(dir, gpFile), 'utf8').split('\n')
    const kept = lines.filter((l) => !l.includes(`,${gone.source_ref},`))
    expect(kept.length).toBe(lines.length - 1)
    writeFileSync(path.join(dir, gpFile), kept.join('\n'))

    const r = await reimport(dir)
    expect(r.notes).toContain('1 no longer in the source: closed (removed from source), not deleted')
    expect(await feature(gone.id)).toMatchObject({ name: gone.name, status: 'closed', closed_reason: 'removed from source' })
    expect((await feature(renamed.id)).name).toBe('Renamed by an editor')

    await reimport(geodataDir)
    const back = await feature(gone.id)
    expect(back.status).toBe('open')
    expect(back.closed_reason).toBeUndefined()
    process.stdout.write(`[reimport] #${gone.id} ${gone.source_ref}: closed (removed from source), then open again with the same id\n`)
  })
})
