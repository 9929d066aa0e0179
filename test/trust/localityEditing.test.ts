/**
 * The localities editor's API: a preview computes what a change would do (wards moved, figures per
 * locality, the provisional label) and keeps nothing; a definition that leaves a ward out or lists
 * one twice is refused naming those wards; a save is audited and undone from its audit entry,
 * which is audited too and puts the provisional grouping (and its label) back; viewers and
 * signed-out callers are refused every editor route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLocalFile } from '../../server/import/plan'
import { PROVISIONAL_LOCALITIES } from '../../server/import/localities'
import type { DefinitionPreview, LocalityMembership } from '../../server/http/contract/localityEditing'
import { withApp } from '../support/app'
import { TEST_LA } from '../support/prepareData'
import { auditSince, cleanUp, count, expectProblem, http, issue, maxAuditId, startTracking, type Created } from './support'

type Row = { ward_code: string; locality_name: string; locality_code?: string }

describe('the localities editor API', () => {
  const app = withApp()
  const call = http(() => app.url)
  let track: Created
  const tok = { viewer: '', editor: '' }
  let def: LocalityMembership[]
  let wardPop: Map<string, number>

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    for (const role of ['viewer', 'editor'] as const) {
      const t = await issue(app.db, role)
      track.tokens.push(t.id)
      tok[role] = t.token
    }
    def = (await (await call('GET', '/api/localities/definition')).json()).rows
    const wards = await (await call('GET', '/api/areas/ward?indicators=census_pop_total&geometry=false')).json()
    wardPop = new Map(wards.features.map((f: { properties: { code: string; census_pop_total: number } }) => [f.properties.code, f.properties.census_pop_total]))
  })
  afterAll(async () => {
    const loc = await app.db.knex('datasets').where({ id: 'localities' }).first('vintage')
    if (loc && loc.vintage !== 'provisional') await importLocalFile(app.db.knex, { kind: 'localities', file: PROVISIONAL_LOCALITIES, la: TEST_LA })
    if (track) await cleanUp(app.db.knex, track)
  })

  const rowsOf = (d: LocalityMembership[]): Row[] => d.map((r) => ({ ward_code: r.ward_code, locality_name: r.locality_name, locality_code: r.locality_code }))
  /** the definition with the first ward of the first locality moved into the second */
  const moved = () => {
    const codes = [...new Set(def.map((d) => d.locality_code))]
    const ward = def.find((d) => d.locality_code === codes[0])!
    const target = def.find((d) => d.locality_code === codes[1])!
    const rows = rowsOf(def).map((r) => r.ward_code === ward.ward_code ? { ...r, locality_name: target.locality_name, locality_code: target.locality_code } : r)
    return { ward, target, rows }
  }

  it('previews a moved ward with the new figures per locality and the provisional label going, keeping nothing', async () => {
    expect(def.every((d) => d.provisional)).toBe(true)
    const { ward, target, rows } = moved()
    const auditBefore = await count(app.db.knex, 'audit_log')
    const r = await call('POST', '/api/localities/definition/preview', { token: tok.editor, body: { rows } })
    expect(r.status).toBe(200)
    const p = (await r.json()) as DefinitionPreview
    expect(p.changed).toBe(true)
    expect(p.moves).toEqual([{ ward_code: ward.ward_code, ward_name: ward.ward_name, from: { code: ward.locality_code, name: ward.locality_name }, to: { code: target.locality_code, name: target.locality_name } }])
    expect(p.provisional).toEqual({ before: true, after: false })
    expect(p.after.every((f) => !f.provisional)).toBe(true)
    const was = (code: string) => p.before.find((f) => f.code === code)!
    const now = (code: string) => p.after.find((f) => f.code === code)!
    const pop = wardPop.get(ward.ward_code)!
    expect(pop).toBeGreaterThan(1000)
    expect(now(ward.locality_code).population).toBe(was(ward.locality_code).population! - pop)
    expect(now(target.locality_code).population).toBe(was(target.locality_code).population! + pop)
    expect(now(ward.locality_code).wards).toBe(was(ward.locality_code).wards - 1)
    // the IoD summary is re-aggregated, not carried over
    expect(now(target.locality_code).imdScore).not.toBe(was(target.locality_code).imdScore)
    expect(p.after.reduce((s, f) => s + f.population!, 0)).toBe([...wardPop.values()].reduce((s, n) => s + n, 0))
    // nothing kept: the definition, its label and the audit trail are as they were
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)
    expect((await app.db.knex('datasets').where({ id: 'localities' }).first('vintage')).vintage).toBe('provisional')
    expect(await count(app.db.knex, 'audit_log')).toBe(auditBefore)
    const locs = await (await call('GET', '/api/areas/locality?indicators=census_pop_total&geometry=false')).json()
    expect(locs.features.find((f: { properties: { code: string } }) => f.properties.code === ward.locality_code).properties.census_pop_total).toBe(was(ward.locality_code).population)
  })

  it('refuses a definition that leaves a ward out or lists one twice, naming the wards, on preview and save', async () => {
    const rows = rowsOf(def)
    const [left, twice] = [def[0], def[1]]
    const bad = [...rows.slice(1), { ...rows[1], locality_name: 'Somewhere else', locality_code: 'LOC-ELSE' }]
    const auditBefore = await count(app.db.knex, 'audit_log')
    for (const [method, path] of [['POST', '/api/localities/definition/preview'], ['PUT', '/api/localities/definition']]) {
      const r = await call(method, path, { token: tok.editor, body: { rows: bad } })
      const p = (await expectProblem(r, 400)) as unknown as { detail: string; type: string; wards: { missing: Array<{ code: string }>; duplicated: Array<{ code: string; rows: number[] }> }; issues: Array<{ path: string; message: string }> }
      expect(p.type).toBe('/problems/invalid-parameter')
      expect(p.detail).toMatch(/^Every ward must belong to exactly one locality/)
      expect(p.detail).toContain(`${left.ward_name} (${left.ward_code})`)
      expect(p.detail).toContain(`in more than one locality: ${twice.ward_name} (${twice.ward_code})`)
      expect(p.wards.missing.map((w) => w.code)).toEqual([left.ward_code])
      expect(p.wards.duplicated).toEqual([{ code: twice.ward_code, name: twice.ward_name, rows: [0, bad.length - 1] }])
      expect(p.issues).toContainEqual({ path: `body.rows.${bad.length - 1}.ward_code`, message: `${twice.ward_name} (${twice.ward_code}) is listed more than once` })
    }
    expect(await count(app.db.knex, 'audit_log')).toBe(auditBefore)
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)
  })

  it('refuses the editor routes to signed-out callers (401) and viewers (403)', async () => {
    const { rows } = moved()
    const routes: Array<[string, string, unknown]> = [
      ['POST', '/api/localities/definition/preview', { rows }],
      ['PUT', '/api/localities/definition', { rows }],
      ['GET', '/api/localities/definition/changes', undefined],
      ['POST', `/api/localities/definition/changes/${Math.max(1, await maxAuditId(app.db.knex))}/undo`, undefined],
    ]
    const auditBefore = await count(app.db.knex, 'audit_log')
    for (const [method, path, body] of routes) {
      expect((await expectProblem(await call(method, path, { body }), 401)).type).toBe('/problems/unauthorized')
      expect((await expectProblem(await call(method, path, { body, token: tok.viewer }), 403)).detail).toMatch(/needs the editor role/)
    }
    expect(await count(app.db.knex, 'audit_log')).toBe(auditBefore)
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)
  })

  it('saves, lists the change with its moves, and undoes it from its audit entry (provisional label back), audited', async () => {
    const { ward, target, rows } = moved()
    const from = await maxAuditId(app.db.knex)
    const saved = await (await call('PUT', '/api/localities/definition', { token: tok.editor, body: { rows } })).json()
    expect(saved.changed).toBe(true)
    const changes = (await (await call('GET', '/api/localities/definition/changes', { token: tok.editor })).json()).changes
    expect(changes[0]).toMatchObject({ id: saved.auditId, action: 'localities.replace', undoable: true })
    expect(changes[0].moves).toEqual([expect.objectContaining({ ward_code: ward.ward_code, to: { code: target.locality_code, name: target.locality_name } })])

    const r = await call('POST', `/api/localities/definition/changes/${saved.auditId}/undo`, { token: tok.editor })
    expect(r.status).toBe(200)
    const undone = await r.json()
    expect(undone.undid).toBe(saved.auditId)
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)
    expect((await app.db.knex('datasets').where({ id: 'localities' }).first('vintage')).vintage).toBe('provisional')
    const locs = await (await call('GET', '/api/areas/locality?indicators=census_pop_total&geometry=false')).json()
    expect(locs.features.every((f: { properties: { provisional: boolean } }) => f.properties.provisional === true)).toBe(true)

    const audit = await auditSince(app.db.knex, from)
    expect(audit.map((a) => a.action)).toEqual(['localities.replace', 'localities.undo'])
    const [, u] = audit
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as LocalityMembership[]
    expect(u.id).toBe(undone.auditId)
    expect(parse(u.before).find((d) => d.ward_code === ward.ward_code)!.locality_code).toBe(target.locality_code)
    expect(parse(u.after)).toEqual(def)

    await expectProblem(await call('POST', '/api/localities/definition/changes/999999999/undo', { token: tok.editor }), 404)
    const other = await issue(app.db, 'viewer', 'an audited token')
    track.tokens.push(other.id)
    const tokenAudit = await app.db.knex('audit_log').whereNot({ entity: 'locality_definition' }).max<{ m: number }[]>({ m: 'id' })
    await expectProblem(await call('POST', `/api/localities/definition/changes/${tokenAudit[0].m}/undo`, { token: tok.editor }), 404)
  })
})
