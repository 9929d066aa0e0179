/**
 * The audit trail: append-only in the database itself (UPDATE, DELETE and TRUNCATE fail on both
 * backends), readable by admins page by page, exportable as CSV that a spreadsheet will not run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { withApp } from '../support/app'
import { cleanUp, count, expectProblem, http, issue, startTracking, type Created } from './support'

describe('audit trail', () => {
  const app = withApp()
  let track: Created
  let admin: string
  const call = http(() => app.url)

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    const a = await issue(app.db, 'admin', 'Audit admin')
    track.tokens.push(a.id)
    admin = a.token
    // five writes to page through
    for (const name of ['Audit one', 'Audit two', 'Audit three', 'Audit four', '=HYPERLINK("http://evil")']) {
      const r = await call('POST', '/api/admin/tokens', { token: admin, body: { name, role: 'viewer', expires_days: 1 } })
      track.tokens.push((await r.json()).id)
    }
  })
  afterAll(async () => {
    if (track) await cleanUp(app.db.knex, track)
  })

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log in the database itself', async () => {
    const n = await count(app.db.knex, 'audit_log')
    const [row] = await app.db.knex('audit_log').orderBy('id', 'desc').limit(1)
    await expect(app.db.knex('audit_log').where({ id: row.id }).update({ actor_name: 'someone else' })).rejects.toThrow(/append-only/)
    await expect(app.db.knex('audit_log').where({ id: row.id }).delete()).rejects.toThrow(/append-only/)
    await expect(app.db.knex.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/)
    expect(await count(app.db.knex, 'audit_log')).toBe(n)
    expect((await app.db.knex('audit_log').where({ id: row.id }).first()).actor_name).toBe(row.actor_name)
  })

  it('pages newest first with a total and the next offset, filtered by action and actor', async () => {
    const q = (s: string) => call('GET', `/api/admin/audit?action=token.create&actor=cli${s}`, { token: admin }).then((r) => r.json())
    // the admin's own creation was by "cli" (the tests issue tokens like the CLI); the five after it by the admin
    const byAdmin = await (await call('GET', `/api/admin/audit?action=token.create&actor=${track.tokens[0]}&limit=2`, { token: admin })).json()
    expect(byAdmin.total).toBe(5)
    expect(byAdmin.entries.map((e: { after: { name: string } }) => e.after.name)).toEqual(['=HYPERLINK("http://evil")', 'Audit four'])
    expect(byAdmin.next_offset).toBe(2)
    const page3 = await (await call('GET', `/api/admin/audit?action=token.create&actor=${track.tokens[0]}&limit=2&offset=4`, { token: admin })).json()
    expect(page3.entries.map((e: { after: { name: string } }) => e.after.name)).toEqual(['Audit one'])
    expect(page3.next_offset).toBeNull()
    const e = byAdmin.entries[0]
    expect(e).toMatchObject({ actor_id: track.tokens[0], actor_name: 'Audit admin', actor_role: 'admin', entity: 'token', before: null })
    expect(e.request_id).toMatch(/^[\w-]+$/)
    expect(e.after).not.toHaveProperty('token')
    expect((await q('&limit=1')).total).toBeGreaterThanOrEqual(1)
    expect((await q('&since=2999-01-01')).total).toBe(0)
    expect((await q(`&since=${new Date(Date.now() - 3_600_000).toISOString()}`)).total).toBeGreaterThanOrEqual(1)
  })

  it('ties an audit row to the request id the client sent', async () => {
    const r = await call('POST', '/api/admin/tokens', { token: admin, body: { name: 'Traced', role: 'viewer', expires_days: 1 }, headers: { 'x-request-id': 'trace-abc-123' } })
    track.tokens.push((await r.json()).id)
    const page = await (await call('GET', '/api/admin/audit?entity=token&limit=1', { token: admin })).json()
    expect(page.entries[0]).toMatchObject({ request_id: 'trace-abc-123', after: expect.objectContaining({ name: 'Traced' }) })
  })

  it('exports CSV with a header, JSON before/after and formulas defused', async () => {
    // an actor whose name a spreadsheet would run as a formula
    const formula = await issue(app.db, 'admin', '=HYPERLINK("http://evil","click")')
    track.tokens.push(formula.id)
    const w = await call('POST', '/api/admin/tokens', { token: formula.token, body: { name: '@SUM(1+1)', role: 'viewer', expires_days: 1 } })
    track.tokens.push((await w.json()).id)
    const r = await call('GET', `/api/admin/audit?actor=${formula.id}&format=csv`, { token: admin })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="audit.csv"/)
    expect(r.headers.get('x-total-count')).toBe('1')
    const rows = parse(await r.text(), { columns: true }) as Array<Record<string, string>>
    expect(Object.keys(rows[0])).toEqual(['id', 'at', 'actor_id', 'actor_name', 'actor_role', 'action', 'entity', 'entity_id', 'request_id', 'before', 'after'])
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actor_id: formula.id, actor_name: `'=HYPERLINK("http://evil","click")`, action: 'token.create', before: '' })
    expect(JSON.parse(rows[0].after)).toMatchObject({ name: '@SUM(1+1)', role: 'viewer' })
  })

  it('is for admins only, and refuses unknown filters', async () => {
    await expectProblem(await call('GET', '/api/admin/audit'), 401)
    await expectProblem(await call('GET', '/api/admin/audit?entity=x%27%3Bdrop%20table%20audit_log%3B--', { token: admin }), 400)
    await expectProblem(await call('GET', '/api/admin/audit?sort=at', { token: admin }), 400)
    await expectProblem(await call('GET', '/api/admin/audit?since=yesterday', { token: admin }), 400)
  })
})
