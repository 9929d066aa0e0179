/**
 * The admins' workspace in headless Chromium (issue 18): people invited and removed, a token issued
 * (shown once), seen in use and revoked; an import run from the browser with a progress bar and
 * each dataset's result, and a refused import that says why and leaves the data as it was. Every
 * change is in the audit trail with before and after. An editor, a viewer and a signed-out visitor
 * see no Admin tab, and the API refuses them (403 or 401, as problem+json), writes included. What
 * the tests create (people, tokens, audit rows) is removed afterwards.
 */
import { appendFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { issueToken } from '../../server/domain/auth'
import { copyDataset, fileOf } from '../geodata/support/datasets'
import { testCtx, type Created } from '../trust/support'
import { adminRig } from './adminRig'
import { EDITOR_TOKEN, shot, signIn, type Harness } from './browser'

const stamp = Date.now()
const EMAIL = `editor.${stamp}@lbbd.example.gov.uk`
// a GEODATA_DIR with two sources: the libraries as published, the hospitals' file altered by one line
let h: Harness
let track: Created
adminRig({
  sources: (dir) => {
    copyDataset('libraries', dir)
    copyDataset('nhs_hospitals', dir)
    appendFileSync(fileOf(dir, 'nhs_hospitals', 0), '\n')
  },
  emails: [EMAIL, 'x@example.org'],
}, (started, tracking) => { h = started; track = tracking })

const mint = async (role: 'admin' | 'viewer', name: string) => {
  const t = await issueToken(h.db, testCtx, { name, role, expiresDays: 1 })
  track.tokens.push(t.id)
  return t.token
}
const adminToken = () => mint('admin', `Browser admin ${stamp}`)
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
    track.tokens.push(tokenId)
    const token = await trail('token', tokenId)
    expect(token.map((a) => a.action)).toEqual(['token.create', 'token.revoke'])
    expect(token[0]).toMatchObject({ before: null, after: expect.objectContaining({ name: `Report script ${stamp}`, role: 'viewer', revoked_at: null }), actor_role: 'admin' })
    expect(token[1].before).toMatchObject({ revoked_at: null })
    expect(token[1].after.revoked_at).not.toBeNull()
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
    // the trail: the libraries' edition before and after the run
    const [run] = await h.db.knex('audit_log').where({ action: 'import.run' }).where('id', '>', track.auditFrom).select('before', 'after', 'actor_role')
    expect(run.actor_role).toBe('admin')
    expect(new Date(run.before.editions.libraries.imported_at).getTime()).toBe(new Date(before).getTime())
    expect(new Date(run.after.editions.libraries.imported_at).getTime()).toBe(new Date(after).getTime())

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
    const failed = await h.db.knex('audit_log').where({ action: 'import.fail' }).where('id', '>', track.auditFrom).select('before', 'after')
    expect(failed).toHaveLength(1)
    expect(failed[0].after).toMatchObject({ only: ['nhs_hospitals'], error: expect.stringContaining('does not match the manifest') })
    await shot(page, '42-admin-import-refused')
    await page.close()
  })

  it('shows no Admin tab to an editor, a viewer or a signed-out visitor, and the API refuses each (reads and writes)', async () => {
    const page = await h.open('/')
    expect(await page.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    expect(await page.getByRole('tab', { name: 'Audit' }).isVisible()).toBe(false)
    const viewer = await mint('viewer', `Browser viewer ${stamp}`)
    await signIn(page, viewer)
    expect(await page.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    expect(await page.locator('#person-email, #token-name, #import-source').count()).toBe(0)
    await page.close()
    const editorPage = await h.open('/')
    await signIn(editorPage, EDITOR_TOKEN)
    expect(await editorPage.getByRole('tab', { name: 'Localities' }).isVisible()).toBe(true)
    expect(await editorPage.getByRole('tab', { name: 'Admin' }).isVisible()).toBe(false)
    await shot(editorPage, '46-admin-editor-no-tab')
    await editorPage.close()

    const audited = async () => Number((await h.db.knex('audit_log').count({ n: '*' }))[0].n)
    const auditBefore = await audited()
    const importedBefore = await h.db.knex('datasets').orderBy('id').select('id', 'imported_at')
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/admin/people', { email: 'x@example.org', name: 'X', role: 'admin' }],
      ['DELETE', `/api/admin/people/${encodeURIComponent(EMAIL)}`, undefined],
      ['POST', '/api/admin/tokens', { name: 'sneaky', role: 'admin', expires_days: 1 }],
      ['POST', '/api/admin/imports', { only: ['libraries'], force: true }],
    ]
    for (const [token, status, who] of [[undefined, 401, 'signed out'], [viewer, 403, 'viewer'], [EDITOR_TOKEN, 403, 'editor']] as const) {
      const headers: Record<string, string> = { ...(token ? { Authorization: `Bearer ${token}` } : {}) }
      for (const path of ['/api/admin/people', '/api/admin/tokens', '/api/admin/datasets', '/api/admin/audit']) {
        const r = await fetch(`${h.url}${path}`, { headers })
        expect(r.status, `${path} ${who}`).toBe(status)
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
        expect((await r.json()).status).toBe(status)
      }
      for (const [method, path, body] of writes) {
        const r = await fetch(`${h.url}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
        expect(r.status, `${method} ${path} ${who}`).toBe(status)
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      }
    }
    // nothing written, nothing audited, nothing imported
    expect(await h.db.knex('people').where({ email: 'x@example.org' }).first()).toBeUndefined()
    expect(await h.db.knex('api_tokens').where({ name: 'sneaky' }).first()).toBeUndefined()
    expect(await audited()).toBe(auditBefore)
    expect(await h.db.knex('datasets').orderBy('id').select('id', 'imported_at')).toEqual(importedBefore)
  })
})
