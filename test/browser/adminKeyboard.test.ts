/**
 * The Admin tab walked by keyboard only, in headless Chromium (issue 18): sign in, arrow to the
 * Admin tab, invite a person, issue a token (focus lands on its Copy button, Escape hides it for
 * good), revoke it (the confirm answered, focus kept in the tokens' list), remove the person, and
 * run an import whose progress and result the status line announces while focus stays on the Run
 * button. Every step is in the Audit tab with its before and after. On a 390x844 phone the admin
 * tables fit the screen and the map shows above the sheet with no white band. What the tests create is removed afterwards.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { copyDataset } from '../geodata/support/datasets'
import { issue, type Created } from '../trust/support'
import { adminRig } from './adminRig'
import { axeViolations, idle, shot, signIn, tabTo, type Harness } from './browser'

const stamp = Date.now()
const EMAIL = `keyboard.${stamp}@lbbd.example.gov.uk`
let h: Harness
let track: Created
adminRig({ sources: (dir) => copyDataset('libraries', dir), emails: [EMAIL] }, (started, tracking) => { h = started; track = tracking })

const focused = (page: Page) => page.evaluate(() => {
  const e = document.activeElement as HTMLElement | null
  return {
    id: e?.id ?? '', tag: e?.tagName ?? '', text: e?.textContent ?? '', label: e?.getAttribute('aria-label') ?? '',
    outline: e ? getComputedStyle(e).outlineStyle : '',
  }
})
const trail = (entity: string, id: string) =>
  h.db.knex('audit_log').where({ entity, entity_id: id }).orderBy('id').select('action', 'before', 'after', 'actor_role')

/** Arrow keys on the focused <select> until it holds `value`. */
async function choose(page: Page, value: string): Promise<void> {
  for (const key of ['ArrowDown', 'ArrowUp']) {
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLSelectElement).value) === value) return
      await page.keyboard.press(key)
    }
  }
  throw new Error(`the select never held ${value}`)
}

describe('the Admin tab, keyboard only', () => {
  it('an admin invites, issues a token seen once, revokes it, removes the person and runs an import, all by keyboard and all audited', async () => {
    const admin = await issue(h.db, 'admin', `keyboard admin ${stamp}`)
    track.tokens.push(admin.id)
    const page = await h.open('/')
    const dialogs: string[] = []
    // a confirm() is answered as Enter would: the first revoke is cancelled (Escape), the rest accepted
    page.on('dialog', (d) => { dialogs.push(d.message()); void (dialogs.length === 1 ? d.dismiss() : d.accept()) })

    await tabTo(page, '#signin-toggle')
    await page.keyboard.press('Enter')
    await page.keyboard.type(admin.token)
    await page.keyboard.press('Enter')
    await page.locator('#signin-who').filter({ hasText: /^Signed in as / }).waitFor({ timeout: 15_000 })
    await tabTo(page, '[role=tab][aria-selected=true]')
    for (let i = 0; i < 12 && (await focused(page)).id !== 'tab-admin'; i++) await page.keyboard.press('ArrowRight')
    expect((await focused(page)).id).toBe('tab-admin')
    await page.locator('tr[data-dataset="libraries"]').waitFor({ timeout: 15_000 })

    // invite: every field reached by Tab, in the order it reads
    await tabTo(page, '#person-email')
    expect((await focused(page)).outline).toBe('solid')
    await page.keyboard.type(EMAIL)
    await page.keyboard.press('Tab')
    expect((await focused(page)).id).toBe('person-name')
    await page.keyboard.type('Keyboard Editor')
    await page.keyboard.press('Tab')
    expect((await focused(page)).id).toBe('person-role')
    await choose(page, 'editor')
    await page.keyboard.press('Tab')
    expect((await focused(page)).text).toBe('Invite')
    await page.keyboard.press('Enter')
    const person = page.locator(`tr[data-person="${EMAIL}"]`)
    await person.waitFor({ timeout: 15_000 })
    expect(await page.locator('.admin-people [role=status]').textContent()).toBe('Invited Keyboard Editor as editor.')

    // a token: shown once, focus on its Copy button; Escape hides it and returns to the form
    await tabTo(page, '#token-name')
    await page.keyboard.type(`Keyboard script ${stamp}`)
    await page.keyboard.press('Tab')
    await choose(page, 'viewer')
    await page.keyboard.press('Tab')
    expect((await focused(page)).id).toBe('token-days')
    await page.keyboard.press('Tab')
    expect((await focused(page)).text).toBe('Issue token')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page).then((f) => f.id), { timeout: 15_000 }).toBe('token-copy')
    expect((await focused(page)).outline).toBe('solid')
    const secret = (await page.locator('#token-secret').textContent())!
    expect(secret).toMatch(/^atlas_/)
    const tokenId = secret.split('_')[1]
    track.tokens.push(tokenId)
    await shot(page, '43-admin-keyboard-token-once')
    await page.keyboard.press('Escape')
    expect(await page.locator('#token-secret').count()).toBe(0)
    expect(await page.content()).not.toContain(secret)
    expect((await focused(page)).id).toBe('token-name')

    // revoke: Escape on the confirm keeps the token; accepting revokes it and keeps focus in the list
    const revoke = `button[aria-label="Revoke the token for Keyboard script ${stamp}"]`
    const row = page.locator(`tr[data-token-row="${tokenId}"]`)
    await tabTo(page, revoke)
    await page.keyboard.press('Enter')
    await expect.poll(() => dialogs.length).toBe(1)
    expect(await row.locator('td').nth(2).textContent()).toBe('active')
    expect((await focused(page)).label).toBe(`Revoke the token for Keyboard script ${stamp}`)
    await page.keyboard.press('Enter')
    await expect.poll(() => row.locator('td').nth(2).textContent(), { timeout: 15_000 }).toBe('revoked')
    expect(await focused(page)).toMatchObject({ label: 'Tokens', outline: 'solid' })
    expect(await page.locator('.admin-tokens [role=status]').textContent()).toBe(`Revoked the token for Keyboard script ${stamp}.`)

    // remove the person
    await tabTo(page, 'button[aria-label="Remove Keyboard Editor"]')
    await page.keyboard.press('Enter')
    await expect.poll(() => person.textContent(), { timeout: 15_000 }).toContain('removed (was editor)')
    expect((await focused(page)).label).toBe('People')

    // an import: choose the source, tick "again", Enter on Run; the live status line tells each step
    await page.evaluate(() => {
      const s = document.querySelector('#import-status')!
      const said: string[] = ((window as unknown as { said: string[] }).said = [])
      new MutationObserver(() => { if (said.at(-1) !== s.textContent) said.push(s.textContent ?? '') }).observe(s, { childList: true, characterData: true, subtree: true })
    })
    await tabTo(page, '#import-source')
    await choose(page, 'libraries')
    await page.keyboard.press('Tab')
    expect((await focused(page)).id).toBe('import-force')
    await page.keyboard.press('Space')
    await tabTo(page, '.admin-imports button[type=submit]')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#import-status').textContent(), { timeout: 120_000 }).toMatch(/^Import finished: 1 dataset updated/)
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said)
    expect(said[0]).toMatch(/^Importing /)
    expect(said.at(-1)).toMatch(/^Import finished: 1 dataset updated/)
    expect(await page.locator('#import-status').getAttribute('role')).toBe('status')
    // focus never left the Run button (it is aria-disabled while running, not disabled)
    expect(await focused(page)).toMatchObject({ text: 'Run import', outline: 'solid' })
    expect(await page.locator('[data-result="libraries"]').textContent()).toMatch(/^libraries: imported, \d+ rows in \d+\.\d s$/)
    expect(await axeViolations(page, '#tabpanel-admin')).toEqual([])

    // the trail, with before and after
    const people = await trail('person', EMAIL)
    expect(people.map((a) => a.action)).toEqual(['person.invite', 'person.remove'])
    expect(people[0]).toMatchObject({ before: null, after: { email: EMAIL, role: 'editor', removed_at: null }, actor_role: 'admin' })
    expect(people[1]).toMatchObject({ before: { removed_at: null }, after: { email: EMAIL, removed_at: expect.any(String) } })
    const tokens = await trail('token', tokenId)
    expect(tokens.map((a) => a.action)).toEqual(['token.create', 'token.revoke'])
    expect(tokens[0]).toMatchObject({ before: null, after: { name: `Keyboard script ${stamp}`, role: 'viewer', revoked_at: null } })
    expect(tokens[1]).toMatchObject({ before: { revoked_at: null }, after: { revoked_at: expect.any(String) } })
    expect(JSON.stringify(tokens)).not.toContain(secret)
    const [run] = await h.db.knex('audit_log').where({ action: 'import.run' }).where('id', '>', track.auditFrom).select('before', 'after')
    expect(run.before.editions.libraries).toMatchObject({ checksum: expect.any(String), imported_at: expect.any(String) })
    expect(run.after.editions.libraries.checksum).toBe(run.before.editions.libraries.checksum)
    expect(new Date(run.after.editions.libraries.imported_at).getTime()).toBeGreaterThan(new Date(run.before.editions.libraries.imported_at).getTime())
    expect(run.after.datasets).toEqual([expect.objectContaining({ id: 'libraries', status: 'imported' })])

    // and the Audit tab shows them, each with its before and after, still by keyboard
    await tabTo(page, '[role=tab][aria-selected=true]')
    for (let i = 0; i < 12 && (await focused(page)).id !== 'tab-audit'; i++) await page.keyboard.press('ArrowLeft')
    expect((await focused(page)).id).toBe('tab-audit')
    const entry = page.locator('.audit-table tbody tr').filter({ hasText: 'token.revoke' }).filter({ hasText: tokenId }).first()
    await entry.waitFor({ timeout: 15_000 })
    await tabTo(page, `tr[data-audit="${await entry.getAttribute('data-audit')}"] summary`)
    await page.keyboard.press('Enter')
    expect(await entry.locator('li[data-field=revoked_at]').textContent()).toMatch(/^revoked_at: null → "\d{4}-/)
    const invited = page.locator('.audit-table tbody tr').filter({ hasText: 'person.invite' }).filter({ hasText: EMAIL }).first()
    expect(await invited.locator('summary').textContent()).toBe('Created')
    await entry.scrollIntoViewIfNeeded()
    await page.locator('.audit-table').evaluate((e) => { e.scrollLeft = 0 })
    await shot(page, '44-admin-keyboard-audit')
    await page.close()
  }, 300_000)

  it('on a 390x844 phone the admin tables fit the screen rather than scroll sideways', async () => {
    const admin = await issue(h.db, 'admin', `phone admin ${stamp}`)
    track.tokens.push(admin.id)
    const page = await h.open('/', { width: 390, height: 844 })
    await signIn(page, admin.token)
    await page.getByRole('tab', { name: 'Admin' }).click()
    await page.locator('tr[data-dataset="libraries"]').waitFor({ timeout: 15_000 })
    await page.locator('.admin-tokens table').waitFor({ timeout: 15_000 })
    const overflow = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#tabpanel-admin .table-wrap')]
      .map((w) => ({ region: w.getAttribute('aria-label'), by: w.scrollWidth - w.clientWidth, width: w.clientWidth })))
    expect(overflow.map((o) => o.region)).toEqual(['People', 'Tokens', 'Datasets'])
    for (const o of overflow) {
      expect(o.width, o.region!).toBeGreaterThan(300)
      expect(o.by, `${o.region} scrolls sideways`).toBeLessThanOrEqual(1)
    }
    // the map shows above the sheet: no white band (the page's background) where the canvas was culled
    await idle(page)
    await shot(page, '46-admin-phone-map')
    const shown = (await page.screenshot()).toString('base64')
    const probe = await h.context.newPage()
    const band = await probe.evaluate(async (d) => {
      const img = new Image(); img.src = `data:image/png;base64,${d}`; await img.decode()
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height
      const x = c.getContext('2d')!; x.drawImage(img, 0, 0)
      return [[195, 300], [100, 260], [300, 380], [60, 420]].map(([a, b]) => [...x.getImageData(a, b, 1, 1).data].slice(0, 3).join(','))
    }, shown)
    await probe.close()
    const top = await page.locator('.sidebar').boundingBox()
    expect(top!.y).toBeGreaterThan(420)
    expect(band.filter((p) => p === '255,255,255'), band.join(' ')).toEqual([])
    await page.locator('.admin-tokens').scrollIntoViewIfNeeded()
    await shot(page, '45-admin-phone')
    await page.close()
  }, 120_000)
})
