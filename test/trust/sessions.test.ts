/**
 * Sessions of people signed in through OpenID Connect, over HTTP against a real provider
 * (oidc-provider on a loopback port): the signed cookie opens writes only with its CSRF token, is
 * refused when tampered with, expired or signed with another secret, and a bearer token sent with
 * it wins. Every refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signSession } from '../../server/auth/session'
import { withApp } from '../support/app'
import { CLIENT_ID, CLIENT_SECRET, signInOverHttp, startProvider, type TestProvider } from '../support/oidcProvider'
import { auditSince, cleanUp, count, expectProblem, http, issue, maxAuditId, restoreAsset, someImportedAsset, startTracking, type Created } from './support'

const SECRET = 'session-secret-for-the-sessions-test-0123456789'

describe('sign-in sessions', () => {
  let provider: TestProvider
  beforeAll(async () => {
    provider = await startProvider([
      { sub: 'ed', name: 'Edie Editor', groups: ['atlas-editors', 'staff'] },
      { sub: 'vi', name: 'Vic Viewer', groups: ['staff'] },
      { sub: 'ad', name: 'Ada Admin', groups: ['atlas-editors', 'atlas-admins'] },
    ])
  })
  const app = withApp({
    deps: (db) => ({
      config: {
        ...db.config, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_SCOPES: 'openid profile groups', OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: { 'atlas-editors': 'editor', 'atlas-admins': 'admin' },
        SESSION_SECRET: SECRET, OIDC_PROVIDER_NAME: 'Council ID',
      },
    }),
  })
  const call = http(() => app.url)
  let track: Created
  let imported: Awaited<ReturnType<typeof someImportedAsset>>
  const cookies: Record<'ed' | 'vi' | 'ad', string> = { ed: '', vi: '', ad: '' }

  beforeAll(async () => {
    provider.attach(`${app.url}/api/auth/callback`)
    track = await startTracking(app.db.knex)
    imported = await someImportedAsset(app.db.knex)
    for (const who of ['ed', 'vi', 'ad'] as const) cookies[who] = await signInOverHttp(app.url, who)
  }, 60_000)
  afterAll(async () => {
    if (imported) await restoreAsset(app.db.knex, imported)
    if (track) await cleanUp(app.db.knex, track)
    await provider?.close()
  })

  const me = async (headers: Record<string, string>) => (await call('GET', '/api/auth/me', { headers })).json()
  const patch = (headers: Record<string, string>, address: string, token?: string) =>
    call('PATCH', `/api/assets/${imported.id}`, { headers, token, body: { address } })
  const unchanged = async (f: () => Promise<void>) => {
    const before = { audit: await count(app.db.knex, 'audit_log'), row: await app.db.knex('assets').where({ id: imported.id }).first('address', 'overrides') }
    await f()
    expect(await count(app.db.knex, 'audit_log')).toBe(before.audit)
    expect(await app.db.knex('assets').where({ id: imported.id }).first('address', 'overrides')).toEqual(before.row)
  }

  it('signs people in through the provider with the role their groups map to, and says whether sign-in is offered', async () => {
    const ed = await me({ cookie: cookies.ed })
    expect(ed).toMatchObject({ authenticated: true, id: 'oidc:ed', name: 'Edie Editor', role: 'editor', kind: 'oidc' })
    expect(ed.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(new Date(ed.expires_at).getTime() - Date.now()).toBeGreaterThan(7.9 * 3_600_000) // SESSION_HOURS default 8
    expect(ed.sign_in).toEqual({ available: true, provider: 'Council ID', login: '/api/auth/login', logout: '/api/auth/logout' })
    expect(await me({ cookie: cookies.vi })).toMatchObject({ authenticated: true, id: 'oidc:vi', role: 'viewer' })
    expect(await me({ cookie: cookies.ad })).toMatchObject({ authenticated: true, id: 'oidc:ad', role: 'admin' })
    expect(await me({})).toEqual({ authenticated: false, role: null, sign_in: ed.sign_in })
  })

  it('the session cookie is http-only, SameSite=Lax, scoped to /api, and login only goes back to a path on this site', async () => {
    const r = await fetch(`${app.url}/api/auth/login?return=/%3Flayer%3Dfuel`, { redirect: 'manual' })
    expect(r.status).toBe(303)
    expect(new URL(r.headers.get('location')!).origin).toBe(provider.issuer)
    expect(new URL(r.headers.get('location')!).searchParams.get('code_challenge_method')).toBe('S256')
    expect(r.headers.getSetCookie()[0]).toMatch(/^atlas_signin=[^;]+; Max-Age=600; Path=\/api; Expires=[^;]+; HttpOnly; SameSite=Lax$/)
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const p = await expectProblem(await fetch(`${app.url}/api/auth/login?return=${encodeURIComponent(bad)}`, { redirect: 'manual' }), 400)
      expect(p.type).toBe('/problems/invalid-parameter')
    }
    // a callback that was not started here is refused
    expect((await expectProblem(await call('GET', '/api/auth/callback?code=x&state=y'), 403)).type).toBe('/problems/forbidden')
  })

  it('an editor writes with the cookie and its CSRF token; the audit trail names oidc:<sub>', async () => {
    const { csrf_token } = await me({ cookie: cookies.ed })
    const from = await maxAuditId(app.db.knex)
    const r = await patch({ cookie: cookies.ed, 'x-csrf-token': csrf_token }, '1 Session Street')
    expect(r.status).toBe(200)
    const [a] = await auditSince(app.db.knex, from)
    expect(a).toMatchObject({ actor_id: 'oidc:ed', actor_name: 'Edie Editor', actor_role: 'editor', action: 'asset.update' })
    await restoreAsset(app.db.knex, imported)
  })

  it('refuses a cookie write without the CSRF token, or with another session\'s, as problem csrf, changing nothing', async () => {
    const other = (await me({ cookie: cookies.ad })).csrf_token
    await unchanged(async () => {
      const p = await expectProblem(await patch({ cookie: cookies.ed }, 'No token Street'), 403)
      expect(p).toMatchObject({ type: '/problems/csrf', title: 'Missing or wrong CSRF token' })
      expect(p.detail).toMatch(/X-CSRF-Token/)
      expect((await expectProblem(await patch({ cookie: cookies.ed, 'x-csrf-token': other }, 'Stolen token Street'), 403)).type).toBe('/problems/csrf')
    })
  })

  it('refuses a tampered cookie, one signed with another secret, and an expired session', async () => {
    const [body, sig] = cookies.ed.slice('atlas_session='.length).split('.')
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString())
    const promoted = `atlas_session=${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${sig}`
    const flipped = `atlas_session=${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`
    const { p: _p, ...session } = claims
    const foreign = `atlas_session=${signSession('another-secret-of-at-least-32-characters!!', session)}`
    const expired = `atlas_session=${signSession(SECRET, { ...session, exp: Date.now() - 1000 })}`
    const csrf = (await me({ cookie: cookies.ed })).csrf_token
    await unchanged(async () => {
      for (const cookie of [promoted, flipped, foreign, expired]) {
        expect(await me({ cookie })).toMatchObject({ authenticated: false, role: null })
        expect((await expectProblem(await patch({ cookie, 'x-csrf-token': csrf }, 'Forged Street'), 401)).type).toBe('/problems/unauthorized')
        expect((await expectProblem(await call('GET', '/api/admin/audit', { headers: { cookie } }), 401)).type).toBe('/problems/unauthorized')
      }
    })
    // the same session, signed properly and still valid, is accepted: the refusals above were the tampering
    expect(await me({ cookie: `atlas_session=${signSession(SECRET, session)}` })).toMatchObject({ authenticated: true, id: 'oidc:ed' })
  })

  it('a bearer token sent with the cookie wins: its role applies and it needs no CSRF token', async () => {
    const viewer = await issue(app.db, 'viewer', 'Script viewer')
    const editor = await issue(app.db, 'editor', 'Script editor')
    track.tokens.push(viewer.id, editor.id)
    expect(await me({ cookie: cookies.ad, authorization: `Bearer ${viewer.token}` })).toMatchObject({ authenticated: true, id: viewer.id, kind: 'token', role: 'viewer' })
    await unchanged(async () => {
      const csrf = (await me({ cookie: cookies.ad })).csrf_token
      expect((await expectProblem(await patch({ cookie: cookies.ad, 'x-csrf-token': csrf }, 'Viewer Street', viewer.token), 403)).type).toBe('/problems/forbidden')
      // a bad bearer token never falls back to the cookie
      expect((await expectProblem(await patch({ cookie: cookies.ad, 'x-csrf-token': csrf }, 'Bad token Street', 'atlas_0000000000_' + 'x'.repeat(43)), 401)).type).toBe('/problems/unauthorized')
    })
    const from = await maxAuditId(app.db.knex)
    expect((await patch({ cookie: cookies.vi }, '2 Script Street', editor.token)).status).toBe(200)
    expect((await auditSince(app.db.knex, from))[0]).toMatchObject({ actor_id: editor.id, actor_role: 'editor' })
    await restoreAsset(app.db.knex, imported)
  })

  it('a signed-in viewer is refused writes with 403; sign-out clears the cookie', async () => {
    const { csrf_token } = await me({ cookie: cookies.vi })
    await unchanged(async () => {
      const p = await expectProblem(await patch({ cookie: cookies.vi, 'x-csrf-token': csrf_token }, 'Viewer Street'), 403)
      expect(p.detail).toMatch(/editor role; your sign-in gives the viewer role/)
    })
    await expectProblem(await call('POST', '/api/auth/logout', { headers: { cookie: cookies.vi } }), 403)
    const out = await call('POST', '/api/auth/logout', { headers: { cookie: cookies.vi, 'x-csrf-token': csrf_token } })
    expect(out.status).toBe(204)
    expect(out.headers.getSetCookie()[0]).toMatch(/^atlas_session=; Path=\/api; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/)
  })
})

describe('without an identity provider configured', () => {
  const app = withApp()
  it('login answers sign-in-unavailable and /api/auth/me says sign-in is off', async () => {
    const p = await expectProblem(await fetch(`${app.url}/api/auth/login`, { redirect: 'manual' }), 503)
    expect(p).toMatchObject({ type: '/problems/sign-in-unavailable', title: 'Sign-in unavailable' })
    expect(p.detail).toMatch(/OIDC_ISSUER/)
    expect((await (await fetch(`${app.url}/api/auth/me`)).json()).sign_in).toEqual({ available: false, provider: null, login: '/api/auth/login', logout: '/api/auth/logout' })
  })
})
