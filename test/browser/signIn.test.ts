/**
 * Signing in as people do in councils, in Chromium: the header's "Sign in with Council ID" goes to
 * a real OpenID provider (oidc-provider on a loopback port), the person types their login there,
 * and comes back signed in with the role their groups give. An editor saves an index (audited as
 * oidc:<sub>); a person without the editor group is offered no save and is refused the write (403);
 * after signing out, and for someone never signed in, the write is refused (401). An admin (by
 * group) signs in, sees the Admin tab and invites a person by e-mail address; that person, whose
 * groups alone make them a viewer, signs in and holds the invited editor role (audited, before
 * and after). What the tests write is removed afterwards.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CLIENT_ID, CLIENT_SECRET, startProvider, type TestProvider } from '../support/oidcProvider'
import { shot, withHarness, type Harness } from './browser'
import type { Catalogue } from '../../client/src/api'
import { cleanUp, maxAuditId } from '../trust/support'

const IVY = `ivy.${Date.now()}@lbbd.example.gov.uk`

describe('signing in with the council identity provider (Chromium)', () => {
  let provider: TestProvider
  beforeAll(async () => {
    provider = await startProvider([
      { sub: 'edie', name: 'Edie Editor', groups: ['atlas-editors'] },
      { sub: 'vic', name: 'Vic Viewer', groups: ['staff'] },
      { sub: 'ada', name: 'Ada Admin', groups: ['atlas-admins'] },
      { sub: 'ivy', name: 'Ivy Invited', groups: ['staff'], email: IVY },
    ])
  })
  let h: Harness
  let catalogue: Catalogue
  withHarness((harness, c) => { h = harness; catalogue = c }, () => ({
    config: {
      OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_PROVIDER_NAME: 'Council ID',
      OIDC_SCOPES: 'openid profile groups email', OIDC_ROLE_MAP: { 'atlas-editors': 'editor', 'atlas-admins': 'admin' },
      SESSION_SECRET: 'browser-test-session-secret-0123456789abcdef',
    },
    serving: (url) => provider.attach(`${url}/api/auth/callback`),
  }))
  const indices: number[] = []
  // each person starts in a browser with no cookies: neither the app's session nor the provider's
  beforeEach(async () => { await h.context.clearCookies() })
  let auditFrom = 0
  beforeAll(async () => { auditFrom = await maxAuditId(h.db.knex) })
  afterAll(async () => {
    if (h) {
      await h.db.knex('need_indices').whereIn('id', indices).delete()
      await h.db.knex('people').where({ email: IVY }).delete()
      await cleanUp(h.db.knex, { auditFrom, tokens: [], suggestions: [], assets: [] })
    }
    await provider?.close()
  })

  /** Clicks "Sign in with Council ID", types the login at the provider, and waits to be back. */
  async function signInWithProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign in with Council ID' }).click()
    await page.waitForURL((u) => u.href.startsWith(provider.issuer), { timeout: 15_000 })
    await page.locator('input[name=login]').fill(login)
    await page.locator('input[name=password]').fill('any password')
    await shot(page, 'signin-provider-login')
    await page.locator('button[type=submit]').click()
    await page.waitForURL((u) => u.href.startsWith(h.url), { timeout: 15_000 })
    await page.waitForFunction(() => window.atlas?.ready === true, null, { timeout: 45_000 })
    await page.locator('#signin-who').filter({ hasText: /^Signed in as / }).waitFor({ timeout: 15_000 })
  }

  /** A write made by the page's own script, as the client makes it (cookie + X-CSRF-Token when signed in). */
  const writeFromPage = (page: Page) => page.evaluate(async () => {
    const me = await (await fetch('/api/auth/me')).json()
    const r = await fetch('/api/targeting/indices', {
      method: 'POST', headers: { 'content-type': 'application/json', ...(me.csrf_token ? { 'x-csrf-token': me.csrf_token } : {}) },
      body: JSON.stringify({ name: 'Written from the page', spec: { indicators: [{ id: 'imd_score_2019', weight: 1 }] } }),
    })
    return { status: r.status, body: await r.json() }
  })

  const computeIndex = async (page: Page) => {
    const first = catalogue.indicators.find((i) => i.kind === 'score' && i.polarity === 'higher-worse' && i.available.includes('lsoa21'))!
    await page.locator(`.need-index input[type=checkbox][value="${first.id}"]`).check()
    await page.getByRole('button', { name: 'Compute index' }).click()
    await expect.poll(() => page.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked/)
  }

  it('an editor signs in at the provider, comes back to the same view, saves an index audited as oidc:edie, and signs out', async () => {
    const page = await h.open('/?tool=need-index')
    expect(await page.locator('#signin-who').isHidden()).toBe(true)
    await signInWithProvider(page, 'edie')
    expect(new URL(page.url()).searchParams.get('tool')).toBe('need-index')
    expect(await page.locator('#signin-who').textContent()).toBe('Signed in as Edie Editor (editor)')
    expect(await page.getByRole('button', { name: 'Sign in with Council ID' }).isHidden()).toBe(true)
    expect(await page.getByRole('tab', { name: 'Moderate' }).count()).toBe(1)
    // the session cookie is http-only: the page's script cannot read it
    expect(await page.evaluate(() => document.cookie)).not.toContain('atlas_session')
    await computeIndex(page)
    await page.locator('.need-index-save input').fill(`Index by Edie ${Date.now()}`)
    const from = Number((await h.db.knex('audit_log').max<{ m: number }[]>({ m: 'id' }))[0].m ?? 0)
    await page.getByRole('button', { name: 'Save index' }).click()
    await expect.poll(() => page.locator('.need-index-save .save-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved as index \d+/)
    indices.push(Number(/index (\d+)/.exec((await page.locator('.need-index-save .save-status').textContent())!)![1]))
    const audit = await h.db.knex('audit_log').where('id', '>', from).orderBy('id')
    expect(audit.map((a) => [a.actor_id, a.actor_name, a.actor_role])).toEqual([['oidc:edie', 'Edie Editor', 'editor']])
    await shot(page, 'signin-editor-saved')

    await page.locator('#signin-toggle').click()
    await expect.poll(() => page.locator('.signin-message').textContent()).toBe('Signed out.')
    expect(await page.locator('#signin-who').isHidden()).toBe(true)
    expect(await page.getByRole('button', { name: 'Sign in with Council ID' }).isVisible()).toBe(true)
    expect(await page.evaluate(async () => (await (await fetch('/api/auth/me')).json()).authenticated)).toBe(false)
    const after = await writeFromPage(page)
    expect(after.status).toBe(401)
    await page.reload()
    await page.waitForFunction(() => window.atlas?.ready === true, null, { timeout: 45_000 })
    expect(await page.locator('#signin-who').isHidden()).toBe(true)
    await page.close()
  })

  it('a person without the editor group signs in as a viewer: no save offered, and the write is refused with 403', async () => {
    const page = await h.open('/?tool=need-index')
    await signInWithProvider(page, 'vic')
    expect(await page.locator('#signin-who').textContent()).toBe('Signed in as Vic Viewer (viewer)')
    expect(await page.getByRole('tab', { name: 'Moderate' }).count()).toBe(0)
    await computeIndex(page)
    expect(await page.getByRole('button', { name: 'Save index' }).isDisabled()).toBe(true)
    expect(await page.locator('.need-index-save').textContent()).toContain('Save needs an editor token.')
    const refused = await writeFromPage(page)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ type: '/problems/forbidden' })
    expect(refused.body.detail).toMatch(/your sign-in gives the viewer role/)
    await shot(page, 'signin-viewer-refused')
    await page.close()
  })

  it('an admin by group invites a person in the Admin tab; that person signs in at the provider with the invited editor role', async () => {
    const page = await h.open('/')
    await signInWithProvider(page, 'ada')
    expect(await page.locator('#signin-who').textContent()).toBe('Signed in as Ada Admin (admin)')
    await page.getByRole('tab', { name: 'Admin' }).click()
    await page.getByLabel('E-mail address').fill(IVY)
    await page.locator('#tabpanel-admin').getByLabel('Name', { exact: true }).fill('Ivy Invited')
    await page.locator('#person-role').selectOption('editor')
    await page.getByRole('button', { name: 'Invite' }).click()
    await page.locator(`tr[data-person="${IVY}"]`).waitFor({ timeout: 15_000 })
    expect(await page.locator(`tr[data-person="${IVY}"] td`).nth(3).textContent()).toBe('not yet')
    await shot(page, 'signin-admin-invites')
    const [invite] = await h.db.knex('audit_log').where({ entity: 'person', entity_id: IVY }).select('action', 'before', 'after', 'actor_id', 'actor_role')
    expect(invite).toMatchObject({ action: 'person.invite', before: null, after: { email: IVY, role: 'editor' }, actor_id: 'oidc:ada', actor_role: 'admin' })

    await page.locator('#signin-toggle').click()
    await expect.poll(() => page.locator('.signin-message').textContent()).toBe('Signed out.')
    await h.context.clearCookies()
    await signInWithProvider(page, 'ivy')
    expect(await page.locator('#signin-who').textContent()).toBe('Signed in as Ivy Invited (editor)')
    expect(await page.getByRole('tab', { name: 'Localities' }).isVisible()).toBe(true)
    expect(await page.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    const person = await h.db.knex('people').where({ email: IVY }).first('role', 'last_sign_in_at')
    expect(person.role).toBe('editor')
    expect(person.last_sign_in_at).not.toBeNull()
    await page.close()
  })

  it('someone never signed in is offered the provider and refused the write with 401', async () => {
    const page = await h.open('/')
    expect(await page.getByRole('button', { name: 'Sign in with Council ID' }).isVisible()).toBe(true)
    expect(await page.locator('#signin-toggle').textContent()).toBe('Sign in with a token')
    expect((await writeFromPage(page)).status).toBe(401)
    // nothing left the machine but the provider's development login page's font import (blocked, not the app's)
    expect(h.external.filter((u) => !u.startsWith('https://fonts.googleapis.com/css?family=Roboto'))).toEqual([])
    await page.close()
  })
})
