/**
 * Tokens: random, shown once, stored only as a SHA-256 hash, listed without it, revocable at once,
 * expiring; the CLI creates the first admin and its token works over HTTP.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken, parseToken } from '../../server/auth/tokens'
import { projectRoot } from '../../server/config'
import { runAdminCli } from '../../server/cli/admin'
import { backend, serverUrl } from '../support/env'
import { withApp } from '../support/app'
import { cleanUp, count, expectProblem, http, issue, startTracking, type Created } from './support'

const run = promisify(execFile)

describe('tokens', () => {
  const app = withApp()
  let track: Created
  let admin: string
  const call = http(() => app.url)

  const cli = async (argv: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runAdminCli(argv, app.db, { out: (l) => out.push(l), err: (l) => err.push(l) })
    return { code, out, err }
  }

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
    const a = await issue(app.db, 'admin')
    track.tokens.push(a.id)
    admin = a.token
  })
  afterAll(async () => {
    if (track) await cleanUp(app.db.knex, track)
  })

  it('the CLI creates an admin whose token works, printing it once on stdout', async () => {
    const { code, out, err } = await cli(['create-admin', '--name', 'First Admin', '--expires-days', '30'])
    expect(code).toBe(0)
    expect(out).toHaveLength(1)
    const token = out[0]
    const id = parseToken(token)!.id
    track.tokens.push(id)
    expect(err.join('\n')).toMatch(/Created admin token [0-9a-f]{10} for "First Admin", expiring .*shown once/)
    const me = await (await call('GET', '/api/auth/me', { token })).json()
    expect(me).toMatchObject({ authenticated: true, id, name: 'First Admin', role: 'admin' })
    const expires = new Date(me.expires_at).getTime()
    expect(Math.abs(expires - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000)
    const r = await call('POST', '/api/admin/tokens', { token, body: { name: 'Editor made by CLI admin', role: 'editor' } })
    expect(r.status).toBe(201)
    track.tokens.push((await r.json()).id)
    const audited = await app.db.knex('audit_log').where({ action: 'token.create', entity_id: id }).first()
    expect(audited).toMatchObject({ actor_id: 'cli', actor_role: 'admin' })
    expect(JSON.stringify(audited)).not.toContain(token)
  })

  it('the CLI refuses bad arguments with its usage', async () => {
    expect((await cli(['create-admin'])).code).toBe(2)
    expect((await cli(['create-admin', '--name', 'x', '--expires-days', '0'])).err.join()).toMatch(/--expires-days must be/)
    expect((await cli(['create-token', '--name', 'x', '--role', 'root'])).code).toBe(2)
    expect((await cli(['frobnicate'])).err.join()).toMatch(/unknown command: frobnicate\nusage:/)
  })

  // The spawned CLI needs its own connection: the embedded database is single-process, so this runs on the server leg.
  if (backend === 'server') it('npm run admin -- create-admin works as a separate process', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', 'create-admin', '--name', 'Process Admin', '--expires-days', '1'], {
      cwd: projectRoot, env: { ...process.env, DATABASE_URL: serverUrl, LOG_LEVEL: 'silent' }, timeout: 60_000,
    })
    const token = stdout.trim()
    track.tokens.push(parseToken(token)!.id)
    expect((await (await call('GET', '/api/auth/me', { token })).json()).role).toBe('admin')
  })

  it('issues a random token once; the database holds only its SHA-256, and listings show neither', async () => {
    const r = await call('POST', '/api/admin/tokens', { token: admin, body: { name: 'Sam Editor', role: 'editor', expires_days: 7 } })
    expect(r.status).toBe(201)
    expect(r.headers.get('cache-control')).toBe('no-store')
    const t = await r.json()
    track.tokens.push(t.id)
    expect(t.token).toMatch(/^atlas_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/)
    expect(parseToken(t.token)!.id).toBe(t.id)
    const row = await app.db.knex('api_tokens').where({ id: t.id }).first()
    expect(row.token_hash).toBe(hashToken(t.token))
    const secret = t.token.split('_').slice(2).join('_')
    // neither the token nor its secret is anywhere in the token table or the audit trail
    const dump = JSON.stringify([await app.db.knex('api_tokens').select('*'), await app.db.knex('audit_log').select('*')])
    expect(dump).not.toContain(secret)
    const list = await (await call('GET', '/api/admin/tokens', { token: admin })).json()
    const listed = list.tokens.find((x: { id: string }) => x.id === t.id)
    expect(listed).toMatchObject({ id: t.id, name: 'Sam Editor', role: 'editor', revoked_at: null })
    expect(JSON.stringify(list)).not.toMatch(/token_hash|atlas_[0-9a-f]{10}_/)
    expect(JSON.stringify(list)).not.toContain(row.token_hash)
    // two tokens never share a secret
    const t2 = await (await call('POST', '/api/admin/tokens', { token: admin, body: { name: 'Sam Editor', role: 'editor' } })).json()
    track.tokens.push(t2.id)
    expect(t2.token).not.toBe(t.token)
  })

  it('revocation takes effect on the next request, and is audited', async () => {
    const t = await (await call('POST', '/api/admin/tokens', { token: admin, body: { name: 'Leaver', role: 'editor' } })).json()
    track.tokens.push(t.id)
    expect((await call('GET', '/api/suggestions', { token: t.token })).status).toBe(200)
    const r = await call('DELETE', `/api/admin/tokens/${t.id}`, { token: admin })
    expect(r.status).toBe(200)
    expect((await r.json()).revoked_at).not.toBeNull()
    const p = await expectProblem(await call('GET', '/api/suggestions', { token: t.token }), 401)
    expect(p.detail).toMatch(/revoked/)
    expect((await (await call('GET', '/api/auth/me', { token: t.token })).json())).toEqual({ authenticated: false, role: null, reason: 'revoked', sign_in: { available: false, provider: null, login: '/api/auth/login', logout: '/api/auth/logout' } })
    await expectProblem(await call('DELETE', `/api/admin/tokens/${t.id}`, { token: admin }), 409)
    await expectProblem(await call('DELETE', '/api/admin/tokens/00000000aa', { token: admin }), 404)
    const a = await app.db.knex('audit_log').where({ action: 'token.revoke', entity_id: t.id }).first()
    expect(a.before.revoked_at).toBeNull()
    expect(a.after.revoked_at).not.toBeNull()
  })

  it('an expired token is refused with 401', async () => {
    const t = await issue(app.db, 'editor', 'Short-lived')
    track.tokens.push(t.id)
    expect((await call('GET', '/api/suggestions', { token: t.token })).status).toBe(200)
    await app.db.knex('api_tokens').where({ id: t.id }).update({ expires_at: app.db.knex.raw("now() - interval '1 second'") })
    const p = await expectProblem(await call('GET', '/api/suggestions', { token: t.token }), 401)
    expect(p.detail).toMatch(/expired/)
  })

  it('a token with a right id but a wrong secret is refused', async () => {
    const t = await issue(app.db, 'admin', 'Target')
    track.tokens.push(t.id)
    const forged = t.token.slice(0, -4) + (t.token.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    const before = await count(app.db.knex, 'api_tokens')
    await expectProblem(await call('POST', '/api/admin/tokens', { token: forged, body: { name: 'x', role: 'admin' } }), 401)
    expect(await count(app.db.knex, 'api_tokens')).toBe(before)
  })

  it('refuses tokens with bad names, roles or lifetimes', async () => {
    for (const body of [{ name: '', role: 'editor' }, { name: 'x', role: 'root' }, { name: 'x', role: 'editor', expires_days: 0 }, { name: 'x', role: 'editor', expires_days: 100000 }, { name: 'a\u0000b', role: 'editor' }]) {
      await expectProblem(await call('POST', '/api/admin/tokens', { token: admin, body }), 400)
    }
  })
})
