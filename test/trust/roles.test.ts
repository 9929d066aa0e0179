/**
 * Every write checks the caller's role on the server. Forbidden writes answer 401 (no or bad
 * token) or 403 (role too low) as problem+json and change nothing: the target table and audit_log
 * keep their row counts and content. Allowed writes succeed and are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLocalFile } from '../../server/import/plan'
import { PROVISIONAL_LOCALITIES } from '../../server/import/localities'
import { withApp } from '../support/app'
import { TEST_LA } from '../support/prepareData'
import { auditSince, cleanUp, count, expectProblem, http, issue, maxAuditId, restoreAsset, someImportedAsset, startTracking, type Created } from './support'

const BOOTSTRAP = 'bootstrap-editor-token-for-tests-0123456789'

describe('roles on every write', () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [BOOTSTRAP] } }) })
  let track: Created
  const tok: Record<'viewer' | 'editor' | 'admin', string> = { viewer: '', editor: '', admin: '' }
  let imported: Awaited<ReturnType<typeof someImportedAsset>>
  let pendingId: number
  const call = http(() => app.url)

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const t = await issue(app.db, role)
      track.tokens.push(t.id)
      tok[role] = t.token
    }
    imported = await someImportedAsset(app.db.knex)
    const s = await (await call('POST', '/api/suggestions', { body: { kind: 'new-asset', name: 'Role test', category: 'other', lon: 0.13, lat: 51.55 } })).json()
    pendingId = s.id
    track.suggestions.push(s.id)
  })
  afterAll(async () => {
    if (imported) await restoreAsset(app.db.knex, imported)
    // Put the provisional localities back if a test replaced them (the shared server database).
    const loc = await app.db.knex('datasets').where({ id: 'localities' }).first('vintage')
    if (loc && loc.vintage !== 'provisional') await importLocalFile(app.db.knex, { kind: 'localities', file: PROVISIONAL_LOCALITIES, la: TEST_LA })
    if (track) await cleanUp(app.db.knex, track)
  })

  // [method, path, body, table it would change, least role allowed]
  const writes = (): Array<[string, string, unknown, string, 'editor' | 'admin']> => [
    ['PATCH', `/api/assets/${imported.id}`, { name: 'Hijacked' }, 'assets', 'editor'],
    ['DELETE', `/api/assets/${imported.id}`, undefined, 'assets', 'editor'],
    ['POST', `/api/suggestions/${pendingId}/accept`, {}, 'suggestions', 'editor'],
    ['POST', `/api/suggestions/${pendingId}/reject`, { reason: 'no' }, 'suggestions', 'editor'],
    ['PUT', '/api/localities/definition', { rows: [{ ward_code: 'E05014053', locality_name: 'All of it' }] }, 'area_links', 'editor'],
    ['POST', '/api/admin/tokens', { name: 'Sneaky', role: 'admin' }, 'api_tokens', 'admin'],
    ['DELETE', `/api/admin/tokens/${track.tokens[2]}`, undefined, 'api_tokens', 'admin'],
    ['POST', '/api/admin/imports', { only: ['nhs_gp'] }, 'datasets', 'admin'],
  ]

  const snapshot = async (table: string) => {
    // a token's last use is the one thing a refused request may change (it was authenticated)
    const rows = (await app.db.knex(table).select('*').orderByRaw('1, 2')).map(({ last_used_at: _used, ...r }) => r)
    return { n: rows.length, digest: JSON.stringify(rows).length, audit: await count(app.db.knex, 'audit_log') }
  }

  it('refuses every write without a token, with a bad token, or with a role too low, changing nothing', async () => {
    const attempts: Array<[string, string | undefined, number]> = [
      ['no token', undefined, 401],
      ['a malformed token', 'not-a-token', 401],
      ['an unknown token', 'atlas_0123456789_' + 'A'.repeat(43), 401],
      ['a viewer token', tok.viewer, 403],
    ]
    for (const [method, path, body, table, least] of writes()) {
      const tries = least === 'admin' ? [...attempts, ['an editor token', tok.editor, 403] as [string, string, number], ['a bootstrap editor token', BOOTSTRAP, 403] as [string, string, number]] : attempts
      for (const [who, token, status] of tries) {
        const before = await snapshot(table)
        const r = await call(method, path, { token, body })
        const p = await expectProblem(r, status).catch((e) => { throw new Error(`${method} ${path} with ${who}: ${e.message}`) })
        expect(p.type).toBe(status === 401 ? '/problems/unauthorized' : '/problems/forbidden')
        if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="locality-atlas"/)
        if (status === 403) expect(p.detail).toMatch(new RegExp(`needs the ${least} role`))
        expect(await snapshot(table), `${method} ${path} with ${who}`).toEqual(before)
      }
    }
    expect((await app.db.knex('assets').where({ id: imported.id }).first('name')).name).toBe(imported.name)
    expect((await app.db.knex('suggestions').where({ id: pendingId }).first('status')).status).toBe('pending')
  })

  it('lets an editor edit, move and close an imported asset, each audited with before and after', async () => {
    const from = await maxAuditId(app.db.knex)
    const r = await call('PATCH', `/api/assets/${imported.id}`, { token: tok.editor, body: { name: 'Edited by a test', attrs: { note: 'checked 2025' } } })
    expect(r.status).toBe(200)
    expect(await r.json()).toMatchObject({ id: imported.id, name: 'Edited by a test', attrs: expect.objectContaining({ note: 'checked 2025' }) })
    const moved = await (await call('PATCH', `/api/assets/${imported.id}`, { token: tok.editor, body: { lon: 0.0811, lat: 51.5391 } })).json()
    expect(moved).toMatchObject({ lon: 0.0811, lat: 51.5391, precision: 'exact' })
    const del = await (await call('DELETE', `/api/assets/${imported.id}`, { token: tok.editor })).json()
    expect(del).toMatchObject({ id: imported.id, action: 'closed', asset: { status: 'closed' } })
    // closed assets leave the default (open) listing but stay in the register
    expect((await (await call('GET', `/api/assets/${imported.id}`)).json()).properties.status).toBe('closed')
    await expectProblem(await call('DELETE', `/api/assets/${imported.id}`, { token: tok.editor }), 409)
    const audit = await auditSince(app.db.knex, from)
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['asset.update', 'asset.update', 'asset.close'])
    expect(audit[0]).toMatchObject({ actor_role: 'editor', entity: 'asset', entity_id: String(imported.id) })
    expect(audit[0].before.name).toBe(imported.name)
    expect(audit[0].after.name).toBe('Edited by a test')
    expect(audit[1].after).toMatchObject({ lon: 0.0811, lat: 51.5391 })
    expect([audit[2].before.status, audit[2].after.status]).toEqual(['open', 'closed'])
    await restoreAsset(app.db.knex, imported)
  })

  it('removes an asset that was added through a suggestion', async () => {
    const acc = await (await call('POST', `/api/suggestions/${pendingId}/accept`, { token: tok.editor })).json()
    const id = acc.asset.id
    const r = await (await call('DELETE', `/api/assets/${id}`, { token: tok.editor })).json()
    expect(r).toEqual({ id, action: 'removed', asset: null })
    expect(await count(app.db.knex, 'assets', { id })).toBe(0)
    await expectProblem(await call('GET', `/api/assets/${id}`), 404)
  })

  it('keeps config EDITOR_TOKENS working as bootstrap editor tokens, audited without the token', async () => {
    const me = await (await call('GET', '/api/auth/me', { token: BOOTSTRAP })).json()
    expect(me).toMatchObject({ authenticated: true, role: 'editor', kind: 'bootstrap' })
    const from = await maxAuditId(app.db.knex)
    const r = await call('PATCH', `/api/assets/${imported.id}`, { token: BOOTSTRAP, body: { address: '1 Test Street' } })
    expect(r.status).toBe(200)
    const [a] = await auditSince(app.db.knex, from)
    expect(a.actor_id).toMatch(/^config:[0-9a-f]{8}$/)
    expect(JSON.stringify(a)).not.toContain(BOOTSTRAP)
    await restoreAsset(app.db.knex, imported)
  })

  it('lets an editor redefine the localities: figures re-aggregate in one audited transaction; a bad definition changes nothing', async () => {
    const def = (await (await call('GET', '/api/localities/definition')).json()).rows as Array<{ ward_code: string; locality_code: string; locality_name: string }>
    expect(def).toHaveLength(19)
    const codes = [...new Set(def.map((d) => d.locality_code))]
    expect(codes).toHaveLength(3)
    // move one ward of the first locality into the second
    const movedWard = def.find((d) => d.locality_code === codes[0])!.ward_code
    const target = def.find((d) => d.locality_code === codes[1])!
    const rows = def.map((d) => d.ward_code === movedWard
      ? { ward_code: d.ward_code, locality_name: target.locality_name, locality_code: target.locality_code }
      : { ward_code: d.ward_code, locality_name: d.locality_name, locality_code: d.locality_code })

    const bad = [...rows.slice(1), { ward_code: 'E05999999', locality_name: 'Nowhere', locality_code: 'LOC-NOWHERE' }]
    const auditBefore = await count(app.db.knex, 'audit_log')
    const p = await expectProblem(await call('PUT', '/api/localities/definition', { token: tok.editor, body: { rows: bad } }), 400)
    expect(p.detail).toMatch(/E05999999 is not a ward of this authority/)
    expect(await count(app.db.knex, 'audit_log')).toBe(auditBefore)
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)

    const from = await maxAuditId(app.db.knex)
    const r = await call('PUT', '/api/localities/definition', { token: tok.editor, body: { rows } })
    expect(r.status).toBe(200)
    const out = await r.json()
    expect(out.changed).toBe(true)
    expect(out.definition.find((d: { ward_code: string }) => d.ward_code === movedWard).locality_code).toBe(target.locality_code)
    const locs = await (await call('GET', '/api/areas/locality?indicators=census_pop_0_4&geometry=false')).json()
    expect(locs.features.every((f: { properties: { provisional: boolean } }) => f.properties.provisional === false)).toBe(true)
    const boro = await (await call('GET', '/api/areas/borough?indicators=census_pop_0_4&geometry=false')).json()
    const sum = locs.features.reduce((s: number, f: { properties: { census_pop_0_4: number } }) => s + f.properties.census_pop_0_4, 0)
    expect(sum).toBe(boro.features[0].properties.census_pop_0_4)
    const [a] = await auditSince(app.db.knex, from)
    expect(a).toMatchObject({ action: 'localities.replace', entity: 'locality_definition', actor_role: 'editor' })
    expect(a.before.find((d: { ward_code: string }) => d.ward_code === movedWard).locality_code).toBe(codes[0])
    expect(a.after.find((d: { ward_code: string }) => d.ward_code === movedWard).locality_code).toBe(target.locality_code)
  })

  it('lets an admin run an import as a job (202, then poll) and audits it; editors may not', async () => {
    const from = await maxAuditId(app.db.knex)
    const r = await call('POST', '/api/admin/imports', { token: tok.admin, body: { only: ['nhs_gp'] } })
    expect(r.status).toBe(202)
    const job = await r.json()
    expect(r.headers.get('location')).toBe(`/api/admin/imports/${job.id}`)
    expect(job).toMatchObject({ status: 'running', only: ['nhs_gp'] })
    let polled = job
    for (let i = 0; i < 120 && polled.status === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 250))
      polled = await (await call('GET', `/api/admin/imports/${job.id}`, { token: tok.admin })).json()
    }
    expect(polled.status).toBe('succeeded')
    expect(polled.result.datasets).toEqual([expect.objectContaining({ id: 'nhs_gp', status: 'unchanged' })])
    const [a] = await auditSince(app.db.knex, from)
    expect(a).toMatchObject({ action: 'import.run', entity: 'import', entity_id: job.id, actor_role: 'admin' })
    await expectProblem(await call('POST', '/api/admin/imports', { token: tok.admin, body: { only: ['nope'] } }), 400)
  })

  it('lets a viewer read and see its own role, nothing more', async () => {
    const me = await (await call('GET', '/api/auth/me', { token: tok.viewer })).json()
    expect(me).toMatchObject({ authenticated: true, role: 'viewer', kind: 'token' })
    expect((await call('GET', '/api/assets?limit=1', { token: tok.viewer })).status).toBe(200)
    await expectProblem(await call('GET', '/api/suggestions', { token: tok.viewer }), 403)
    await expectProblem(await call('GET', '/api/admin/audit', { token: tok.editor }), 403)
    expect(await (await call('GET', '/api/auth/me')).json()).toEqual({ authenticated: false, role: null, sign_in: { available: false, provider: null, login: '/api/auth/login', logout: '/api/auth/logout' } })
  })
})
