/**
 * The admins' workspace in headless Chromium (issue 18): people invited and removed, a token issued
 * (shown once), seen in use and revoked; an import run from the browser with a progress bar and
 * each dataset's result, and a refused import that says why and leaves the data as it was. Every
 * change is in the audit trail with before and after. A viewer and a signed-out visitor see no
 * Admin tab, and the API refuses them.
 */
import { appendFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { issueToken } from '../../server/domain/auth'
import { copyDataset, fileOf, makeTempDir, removeDir } from '../geodata/support/datasets'
import { testCtx } from '../trust/support'
import { shot, signIn, withHarness, type Harness } from './browser'

const stamp = Date.now()
const EMAIL = `editor.${stamp}@lbbd.example.gov.uk`
// a GEODATA_DIR with two sources: the libraries as published, the hospitals' file altered by one line
const geodata = makeTempDir()
copyDataset('libraries', geodata)
copyDataset('nhs_hospitals', geodata)
appendFileSync(fileOf(geodata, 'nhs_hospitals', 0), '\n')
afterAll(() => removeDir(geodata))

let h: Harness
withHarness((started) => { h = started }, { config: { geodataDir: geodata } })

const adminToken = async () => (await issueToken(h.db, testCtx, { name: `Browser admin ${stamp}`, role: 'admin', expiresDays: 1 })).token
const trail = (entity: string, id: string) =>
  h.db.knex('audit_log').where({ entity, entity_id: id }).orderBy('id').select('action', 'before', 'after', 'actor_role')
const me = async (token: string) => (await (await fetch(`${h.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { authenticated: boolean; role?: string }

describe('the admin workspace in headless Chromium', () => {
  it('an admin invites and removes a person, and issues a token (shown once) that is seen in use and then revoked, each audited', async () => {
    const page = await h.open('/')
    page.on('dialog', (d) => void d.accept())
    await signIn(page, await adminToken())
    await page.getByRole('tab', { name: 'Admin' }).click()

    // invite
    await page.getByLabel('E-mail address').fill(EMAIL.toUpperCase())
    await page.locator('#tabpanel-admin').getByLabel('Name', { exact: true }).fill('Test Editor')
    await page.locator('#person-role').selectOption('editor')
    await page.getByRole('button', { name: 'Invite' }).click()
    const row = page.locator(`tr[data-person="${EMAIL}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain('editor')

    // a token, shown once
    await page.getByLabel('Who or what it is for').fill(`Report script ${stamp}`)
    await page.locator('#token-role').selectOption('viewer')
    await page.getByRole('button', { name: 'Issue token' }).click()
    const secret = (await page.locator('#token-secret').textContent({ timeout: 15_000 }))!
    expect(secret).toMatch(/^atlas_/)
    expect(await page.locator('.token-once').textContent()).toContain('will not be shown again')
    const tokenRow = page.locator('tr[data-token-row]').filter({ hasText: `Report script ${stamp}` })
    expect(await tokenRow.locator('td').nth(3).textContent()).toBe('never')
    expect(await me(secret)).toMatchObject({ authenticated: true, role: 'viewer' })
    // reopening the tab reloads the lists: the token has been used now
    await page.getByRole('tab', { name: 'Explore' }).click()
    await page.getByRole('tab', { name: 'Admin' }).click()
    await expect.poll(() => tokenRow.locator('td').nth(3).textContent(), { timeout: 15_000 }).not.toBe('never')
    await shot(page, '40-admin-people-tokens')

    // revoke: refused at once
    await tokenRow.getByRole('button', { name: /^Revoke/ }).click()
    await expect.poll(() => tokenRow.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('revoked')
    expect((await me(secret)).authenticated).toBe(false)

    // remove the person
    await row.getByRole('button', { name: 'Remove Test Editor' }).click()
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('removed (was editor)')

    const person = await trail('person', EMAIL)
    expect(person.map((a) => a.action)).toEqual(['person.invite', 'person.remove'])
    expect(person[0]).toMatchObject({ before: null, after: expect.objectContaining({ email: EMAIL, role: 'editor', removed_at: null }), actor_role: 'admin' })
    expect(person[1].before).toMatchObject({ removed_at: null })
    expect(person[1].after.removed_at).not.toBeNull()
    const tokenId = secret.split('_')[1]
    const token = await trail('token', tokenId)
    expect(token.map((a) => a.action)).toEqual(['token.create', 'token.revoke'])
    expect(token[1].before).toMatchObject({ revoked_at: null })
    expect(JSON.stringify(token)).not.toContain(secret)
    await page.close()
  })

  it('an admin runs an import with a progress bar and each dataset\'s result; a refused import says why and changes nothing', async () => {
    const page = await h.open('/')
    await signIn(page, await adminToken())
    await page.getByRole('tab', { name: 'Admin' }).click()
    const libraries = page.locator('tr[data-dataset="libraries"]')
    await libraries.waitFor({ timeout: 15_000 })
    expect(await libraries.textContent()).toMatch(/[0-9a-f]{12}/) // a file's checksum
    const before = (await h.db.knex('datasets').where({ id: 'libraries' }).first('imported_at')).imported_at

    await page.locator('#import-source').selectOption('libraries')
    await page.getByLabel('Import again even if the files are unchanged').check()
    await page.getByRole('button', { name: 'Run import' }).click()
    await page.locator('#import-progress').waitFor({ state: 'visible', timeout: 15_000 })
    await expect.poll(() => page.locator('#import-status').textContent(), { timeout: 120_000 }).toMatch(/^Import finished: 1 dataset updated/)
    expect(await page.locator('#import-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBe(1)
    expect(await page.locator('[data-result="libraries"]').textContent()).toMatch(/^libraries: imported, \d+ rows in \d+\.\d s$/)
    const after = (await h.db.knex('datasets').where({ id: 'libraries' }).first('imported_at')).imported_at
    expect(new Date(after).getTime()).toBeGreaterThan(new Date(before).getTime())
    await shot(page, '41-admin-import-done')

    // the hospitals' file differs from the manifest: refused, named, nothing changed
    const hospitals = async () => ({
      dataset: await h.db.knex('datasets').where({ id: 'nhs_hospitals' }).first('checksum', 'imported_at'),
      assets: Number((await h.db.knex('assets').where({ category: 'hospital' }).count({ n: '*' }))[0].n),
    })
    const was = await hospitals()
    await page.locator('#import-source').selectOption('nhs_hospitals')
    await page.getByRole('button', { name: 'Run import' }).click()
    await expect.poll(() => page.locator('#import-status').textContent(), { timeout: 120_000 }).toBe('The import failed. Nothing was changed: the previous data is still in place.')
    expect(await page.locator('#import-result [role=alert]').textContent()).toMatch(/^nhs_hospitals: .*bd3km_Hospital\.csv does not match the manifest \(sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…\)/)
    expect(await hospitals()).toEqual(was)
    await shot(page, '42-admin-import-refused')
    await page.close()
  })

  it('shows no Admin tab to a viewer or a signed-out visitor, and the API refuses both', async () => {
    const page = await h.open('/')
    expect(await page.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    const viewer = (await issueToken(h.db, testCtx, { name: `Browser viewer ${stamp}`, role: 'viewer', expiresDays: 1 })).token
    await signIn(page, viewer)
    expect(await page.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    for (const [token, status] of [[undefined, 401], [viewer, 403]] as const) {
      for (const path of ['/api/admin/people', '/api/admin/tokens', '/api/admin/datasets']) {
        const r = await fetch(`${h.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
        expect(r.status, `${path} ${token ? 'viewer' : 'signed out'}`).toBe(status)
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      }
    }
    const invite = await fetch(`${h.url}/api/admin/people`, {
      method: 'POST', headers: { Authorization: `Bearer ${viewer}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'x@example.org', name: 'X', role: 'admin' }),
    })
    expect(invite.status).toBe(403)
    expect(await h.db.knex('people').where({ email: 'x@example.org' }).first()).toBeUndefined()
    await page.close()
  })
})
