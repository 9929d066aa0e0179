/**
 * Co-production through real HTTP: anyone suggests, nothing is published until an editor accepts,
 * accepting creates (or corrects) a verified asset with its audit rows, rejecting records a reason;
 * hostile text is refused or stays inert JSON text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { auditSince, cleanUp, count, expectProblem, http, issue, maxAuditId, restoreAsset, someImportedAsset, startTracking, type Created } from './support'

describe('suggest, moderate, publish', () => {
  const app = withApp()
  let track: Created
  let editor: string
  let postcode: string
  let imported: Awaited<ReturnType<typeof someImportedAsset>>
  const call = http(() => app.url)

  const suggest = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/suggestions', { body })
    const j = await r.json()
    if (r.status === 201) track.suggestions.push(j.id)
    return { r, j }
  }
  const publishedNamed = async (name: string) => {
    const fc = await (await call('GET', '/api/assets?category=community_centre,food_bank,other&status=all')).json()
    return fc.features.filter((f: { properties: { name: string } }) => f.properties.name === name)
  }

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    const e = await issue(app.db, 'editor')
    track.tokens.push(e.id)
    editor = e.token
    const pc = await app.db.knex.raw(
      `SELECT p.postcode FROM postcodes p JOIN areas b ON b.level = 'borough' AND ST_Contains(b.geom_bng, p.geom_bng) ORDER BY p.postcode LIMIT 1`)
    postcode = pc.rows[0].postcode
    imported = await someImportedAsset(app.db.knex)
  })
  afterAll(async () => {
    if (imported) await restoreAsset(app.db.knex, imported)
    if (track) await cleanUp(app.db.knex, track)
  })

  it('queues a new asset without a token, publishes it only when an editor accepts, geocoding its postcode', async () => {
    const name = `Trust test pantry ${Date.now()}`
    const auditFrom = await maxAuditId(app.db.knex)
    const assetsBefore = await count(app.db.knex, 'assets')
    const { r, j } = await suggest({
      kind: 'new-asset', name, category: 'food_bank', postcode: postcode.toLowerCase().replace(' ', ''),
      description: 'Open Tuesdays\nand Thursdays', contact: 'volunteer@example.org', fields: { opening_hours: 'Tu,Th 10:00-14:00' },
    })
    expect(r.status).toBe(201)
    expect(j).toMatchObject({ kind: 'new-asset', status: 'pending', name })
    expect(j).not.toHaveProperty('contact')
    // pending: stored, not published anywhere
    expect(await count(app.db.knex, 'assets')).toBe(assetsBefore)
    expect(await publishedNamed(name)).toHaveLength(0)
    const row = await app.db.knex('suggestions').where({ id: j.id }).first()
    expect(row).toMatchObject({ status: 'pending', postcode, contact: 'volunteer@example.org', description: 'Open Tuesdays\nand Thursdays' })

    // the queue is for editors only
    await expectProblem(await call('GET', '/api/suggestions'), 401)
    const queue = await (await call('GET', '/api/suggestions?status=pending&limit=200', { token: editor })).json()
    expect(queue.suggestions.map((s: { id: number }) => s.id)).toContain(j.id)

    const acc = await call('POST', `/api/suggestions/${j.id}/accept`, { token: editor })
    expect(acc.status).toBe(200)
    const { suggestion, asset } = await acc.json()
    expect(suggestion).toMatchObject({ status: 'accepted', asset_id: asset.id })
    expect(asset).toMatchObject({ name, category: 'food_bank', postcode, precision: 'postcode', verified: true, status: 'open', dataset_id: 'community_suggestions' })
    expect(asset.attrs).toMatchObject({ description: 'Open Tuesdays\nand Thursdays', opening_hours: 'Tu,Th 10:00-14:00', suggestion_id: j.id })
    expect(asset.attrs).not.toHaveProperty('contact')
    // placed exactly on the postcode's Code-Point Open point
    const pt = await app.db.knex.raw(`SELECT ST_Distance(a.geom_bng, p.geom_bng) AS d FROM assets a, postcodes p WHERE a.id = ? AND p.postcode = ?`, [asset.id, postcode])
    expect(Number(pt.rows[0].d)).toBeLessThan(0.01)

    const published = await publishedNamed(name)
    expect(published).toHaveLength(1)
    expect(published[0].properties.source).toBe('Community suggestions accepted by editors')
    expect(published[0].properties.attrs.contact).toBeUndefined()

    const audit = await auditSince(app.db.knex, auditFrom)
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['suggestion.create', 'asset.create', 'suggestion.accept'])
    expect(audit[0]).toMatchObject({ actor_id: null, actor_name: 'anonymous', actor_role: 'public', entity: 'suggestion', entity_id: String(j.id) })
    expect(audit[1]).toMatchObject({ actor_role: 'editor', entity: 'asset', entity_id: String(asset.id), before: null })
    expect(audit[1].after).toMatchObject({ name, verified: true })
    expect(audit[2].before).toMatchObject({ status: 'pending' })
    expect(audit[2].after).toMatchObject({ status: 'accepted', asset_id: asset.id })
    expect(audit[1].request_id).toBe(audit[2].request_id)

    // decided once
    await expectProblem(await call('POST', `/api/suggestions/${j.id}/accept`, { token: editor }), 409)
    await expectProblem(await call('POST', `/api/suggestions/${j.id}/reject`, { token: editor, body: { reason: 'late' } }), 409)
  })

  it('places a suggestion at its lon/lat and lets the editor edit it while accepting', async () => {
    const { j } = await suggest({ kind: 'new-asset', name: 'Trust test hub (typo)', category: 'other', lon: 0.1317, lat: 51.5535 })
    const acc = await call('POST', `/api/suggestions/${j.id}/accept`, { token: editor, body: { name: 'Trust test hub', category: 'community_centre' } })
    expect(acc.status).toBe(200)
    const { asset } = await acc.json()
    expect(asset).toMatchObject({ name: 'Trust test hub', category: 'community_centre', precision: 'exact', lon: 0.1317, lat: 51.5535 })
    expect(await publishedNamed('Trust test hub')).toHaveLength(1)
  })

  it('rejects with a reason and publishes nothing', async () => {
    const name = `Trust test rejected ${Date.now()}`
    const { j } = await suggest({ kind: 'new-asset', name, category: 'other', postcode })
    const before = await count(app.db.knex, 'assets')
    await expectProblem(await call('POST', `/api/suggestions/${j.id}/reject`, { token: editor, body: {} }), 400)
    const r = await call('POST', `/api/suggestions/${j.id}/reject`, { token: editor, body: { reason: 'Duplicate of an existing hub' } })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ status: 'rejected', reason: 'Duplicate of an existing hub', asset_id: null })
    expect(await count(app.db.knex, 'assets')).toBe(before)
    expect(await publishedNamed(name)).toHaveLength(0)
  })

  it('applies an accepted correction to the imported asset it names', async () => {
    const { r, j } = await suggest({ kind: 'correction', asset_id: imported.id, name: `${imported.name} (renamed)`, fields: { phone: '020 0000 0000' } })
    expect(r.status).toBe(201)
    expect((await (await call('GET', `/api/assets/${imported.id}`)).json()).properties.name).toBe(imported.name)
    const acc = await (await call('POST', `/api/suggestions/${j.id}/accept`, { token: editor })).json()
    expect(acc.asset).toMatchObject({ id: imported.id, name: `${imported.name} (renamed)`, postcode: imported.postcode })
    expect(acc.asset.attrs).toMatchObject({ phone: '020 0000 0000', corrected_by_suggestion: j.id })
    const one = await (await call('GET', `/api/assets/${imported.id}`)).json()
    expect(one.properties.name).toBe(`${imported.name} (renamed)`)
    const [a] = await app.db.knex('audit_log').where({ action: 'asset.update', entity_id: String(imported.id) }).orderBy('id', 'desc').limit(1)
    expect(a.before.name).toBe(imported.name)
    expect(a.after.name).toBe(`${imported.name} (renamed)`)
    await restoreAsset(app.db.knex, imported)
  })

  it('returns <script> in a name as inert JSON text, never HTML', async () => {
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const { r, j } = await suggest({ kind: 'new-asset', name, category: 'other', postcode, description: '"><svg onload=alert(1)>' })
    expect(r.status).toBe(201)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(j.name).toBe(name)
    const q = await call('GET', `/api/suggestions/${j.id}`, { token: editor })
    expect(q.headers.get('content-type')).toMatch(/^application\/json/)
    expect(q.headers.get('x-content-type-options')).toBe('nosniff')
    const raw = await q.text()
    // JSON carries the text verbatim as a string value: parsing gives it back unchanged, stored as given.
    expect(JSON.parse(raw).name).toBe(name)
    expect(JSON.parse(raw).description).toBe('"><svg onload=alert(1)>')
    expect((await app.db.knex('suggestions').where({ id: j.id }).first()).name).toBe(name)
    const acc = await call('POST', `/api/suggestions/${j.id}/accept`, { token: editor })
    const published = await call('GET', `/api/assets/${(await acc.json()).asset.id}`)
    expect(published.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    expect((await published.json()).properties.name).toBe(name)
  })

  const bad: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['a control character in the name', { kind: 'new-asset', name: 'Hub\u0007', category: 'other', lon: 0.13, lat: 51.55 }, 400, /control characters/],
    ['a bidi override in the name', { kind: 'new-asset', name: 'Hub \u202Egnp.exe', category: 'other', lon: 0.13, lat: 51.55 }, 400, /control characters/],
    ['a NUL in the description', { kind: 'new-asset', name: 'Hub', category: 'other', lon: 0.13, lat: 51.55, description: 'a\u0000b' }, 400, /control characters/],
    ['fields over 4 KB', { kind: 'new-asset', name: 'Hub', category: 'other', lon: 0.13, lat: 51.55, fields: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(450)])) }, 400, /4096 bytes/],
    ['a name over 200 characters', { kind: 'new-asset', name: 'x'.repeat(201), category: 'other', lon: 0.13, lat: 51.55 }, 400, /at most 200/],
    ['an unknown category', { kind: 'new-asset', name: 'Hub', category: 'zoo', lon: 0.13, lat: 51.55 }, 400, /Unknown asset category: zoo/],
    ['lon without lat', { kind: 'new-asset', name: 'Hub', category: 'other', lon: 0.13 }, 400, /both lon and lat/],
    ['no place', { kind: 'new-asset', name: 'Hub', category: 'other' }, 400, /postcode or lon\/lat/],
    ['a malformed postcode', { kind: 'new-asset', name: 'Hub', category: 'other', postcode: 'NOT A PC' }, 400, /UK postcode/],
    ['an unknown postcode', { kind: 'new-asset', name: 'Hub', category: 'other', postcode: 'ZE3 9XX' }, 422, /not in the postcode directory/],
    ['a point in another city', { kind: 'new-asset', name: 'Hub', category: 'other', lon: -2.24, lat: 53.48 }, 422, /outside the borough/],
    ['a correction without asset_id', { kind: 'correction', name: 'Hub' }, 400, /asset_id/],
    ['a correction of a missing asset', { kind: 'correction', name: 'Hub', asset_id: 999999999 }, 404, /No asset with id/],
    ['an unknown field', { kind: 'new-asset', name: 'Hub', category: 'other', lon: 0.13, lat: 51.55, verified: true }, 400, /Unrecognized key/],
  ]
  it.each(bad)('refuses %s with a problem naming it, storing nothing', async (_what, body, status, detail) => {
    const before = [await count(app.db.knex, 'suggestions'), await count(app.db.knex, 'audit_log')]
    const { r, j } = await suggest(body)
    expect(r.status).toBe(status)
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(j.detail).toMatch(detail)
    expect([await count(app.db.knex, 'suggestions'), await count(app.db.knex, 'audit_log')]).toEqual(before)
  })
})
