/**
 * The asset register's API (issue 18, part 2): an editor adds an asset (audited as asset.create,
 * nothing kept when refused), reads the register with what an editor changed on an imported asset,
 * and reads an asset's changes field by field. A refused add is problem+json naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { auditSince, cleanUp, count, expectProblem, http, maxAuditId, restoreAsset, someImportedAsset, startTracking, type Created } from './support'

const EDITOR = 'asset-register-editor-token-0123456789'

describe('the asset register API', () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [EDITOR] } }) })
  const call = http(() => app.url)
  let track: Created
  let imported: Awaited<ReturnType<typeof someImportedAsset>>

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    imported = await someImportedAsset(app.db.knex)
  })
  afterAll(async () => {
    if (imported) await restoreAsset(app.db.knex, imported)
    if (track) await cleanUp(app.db.knex, track)
  })

  it('adds an asset at its postcode, with where the information came from and a note, audited as asset.create', async () => {
    const from = await maxAuditId(app.db.knex)
    const r = await call('POST', '/api/assets', { token: EDITOR, body: { name: 'Register test club', category: 'other', postcode: imported.postcode.toLowerCase().replace(' ', ''), provenance: 'Leaflet', note: 'Fridays' } })
    expect(r.status).toBe(201)
    const a = await r.json()
    track.assets.push(a.id)
    expect(a).toMatchObject({ name: 'Register test club', category: 'other', postcode: imported.postcode, precision: 'postcode', status: 'open', attrs: { provenance: 'Leaflet', note: 'Fridays' } })
    const audit = await auditSince(app.db.knex, from)
    expect(audit.map((x: { action: string; entity_id: string }) => [x.action, x.entity_id])).toEqual([['asset.create', String(a.id)]])
    const { assets } = await (await call('GET', '/api/asset-register', { token: EDITOR })).json()
    expect(assets.find((x: { id: number }) => x.id === a.id)).toMatchObject({ imported: false, edited: [], provenance: 'Leaflet', note: 'Fridays', last_change_by: expect.any(String) })
  })

  it('refuses an add without a place, with an unknown category or an unknown postcode, as problem+json, keeping nothing', async () => {
    const before = await count(app.db.knex, 'assets')
    const body = { name: 'Refused club', category: 'other', provenance: 'x' }
    expect((await expectProblem(await call('POST', '/api/assets', { token: EDITOR, body }), 400)).detail).toMatch(/postcode/)
    expect((await expectProblem(await call('POST', '/api/assets', { token: EDITOR, body: { ...body, category: 'spaceport', lon: 0.13, lat: 51.55 } }), 400)).detail).toMatch(/spaceport/)
    await expectProblem(await call('POST', '/api/assets', { token: EDITOR, body: { ...body, postcode: 'ZZ9 9ZZ' } }), 422)
    expect(await count(app.db.knex, 'assets')).toBe(before)
  })

  it('lists what an editor changed on an imported asset, and the change field by field from the audit trail', async () => {
    expect((await call('PATCH', `/api/assets/${imported.id}`, { token: EDITOR, body: { name: `${imported.name} (checked)`, attrs: { note: 'checked' } } })).status).toBe(200)
    expect((await call('PATCH', `/api/assets/${imported.id}`, { token: EDITOR, body: { status: 'closed' } })).status).toBe(200)
    const { assets } = await (await call('GET', '/api/asset-register', { token: EDITOR })).json()
    expect(assets.find((x: { id: number }) => x.id === imported.id)).toMatchObject({ imported: true, edited: ['name', 'note', 'status'], status: 'closed', closed_reason: 'closed by an editor' })
    const { changes } = await (await call('GET', `/api/asset-register/${imported.id}/changes`, { token: EDITOR })).json()
    expect(changes.map((c: { action: string }) => c.action)).toEqual(['asset.close', 'asset.update'])
    expect(changes[0].changes).toEqual([{ field: 'status', before: 'open', after: 'closed' }])
    expect(changes[1].changes).toEqual(expect.arrayContaining([{ field: 'name', before: imported.name, after: `${imported.name} (checked)` }, { field: 'note', before: null, after: 'checked' }]))
  })
})
