/**
 * The localities editor in headless Chromium (issue 18), walked by keyboard only as an editor:
 * sign in, open the Localities tab, pick a ward with Enter on the map, move it to another locality
 * with the arrow keys, preview (the server's figures, the provisional label going), save (the
 * map's outlines and the story's figures change), then undo from the audit trail (provisional
 * again). The council's CSV with a ward left out and one listed twice is refused beside the form,
 * naming both. A viewer gets no editor and the API refuses viewers and signed-out callers. What
 * the tests write is put back (the server leg's database is shared).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalityMembership } from '../../client/src/api'
import { importLocalFile } from '../../server/import/plan'
import { PROVISIONAL_LOCALITIES } from '../../server/import/localities'
import { TEST_LA } from '../support/prepareData'
import { cleanUp, issue, startTracking, type Created } from '../trust/support'
import { EDITOR_TOKEN, idle, shot, signIn, tabTo, withHarness, type Harness } from './browser'

let h: Harness
withHarness((started) => { h = started })
let track: Created
let def: LocalityMembership[]

beforeAll(async () => {
  track = await startTracking(h.db.knex)
  def = (await (await fetch(`${h.url}/api/localities/definition`)).json()).rows
})
afterAll(async () => {
  const loc = await h.db.knex('datasets').where({ id: 'localities' }).first('vintage')
  if (loc && loc.vintage !== 'provisional') await importLocalFile(h.db.knex, { kind: 'localities', file: PROVISIONAL_LOCALITIES, la: TEST_LA })
  if (track) await cleanUp(h.db.knex, track)
})

const focused = (page: Page) => page.evaluate(() => {
  const e = document.activeElement as HTMLElement | null
  return { id: e?.id ?? '', ward: e?.dataset.ward ?? '', tag: e?.tagName ?? '', value: (e as HTMLSelectElement | null)?.value ?? '' }
})

/** Serious or critical axe-core violations inside `selector`. */
async function axeViolations(page: Page, selector: string) {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe
    const r = await axe.run({ include: [[sel]] }, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  }, selector)
}

const definition = async () => (await (await fetch(`${h.url}/api/localities/definition`)).json()).rows as LocalityMembership[]
const outlines = (page: Page) => page.evaluate(async () => {
  const src = window.atlas!.map.getSource('localities') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> }
  const fc = await src.getData()
  return fc.features.map((f) => ({ code: String(f.properties!.code), provisional: f.properties!.provisional as boolean, imd: f.properties!.imd_score_2025 as number }))
})

describe('the localities editor, keyboard only', () => {
  it('an editor moves a ward picked on the map, previews, saves, and undoes it from the audit trail', async () => {
    const page = await h.open('/')
    // sign in: Tab to the header's control, Enter, type the token, Enter
    await tabTo(page, '#signin-toggle')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page).then((f) => f.id)).toBe('signin-token')
    await page.keyboard.type(EDITOR_TOKEN)
    await page.keyboard.press('Enter')
    await page.locator('#signin-who').filter({ hasText: /^Signed in as / }).waitFor({ timeout: 15_000 })
    expect(await page.locator('.story .headline').textContent()).toContain('provisional')
    const before = await outlines(page)

    // the tabs: Tab to the open one, then the arrow keys to Localities
    await tabTo(page, '[role=tab][aria-selected=true]')
    for (let i = 0; i < 8 && (await focused(page)).id !== 'tab-localities'; i++) await page.keyboard.press('ArrowRight')
    expect((await focused(page)).id).toBe('tab-localities')
    expect(await page.locator('#tab-localities').getAttribute('aria-selected')).toBe('true')
    await page.locator('.loc-ward select').first().waitFor({ timeout: 30_000 })
    expect(await page.locator('.loc-ward select').count()).toBe(def.length)
    await expect.poll(() => page.evaluate(() => window.atlas!.state().level)).toBe('ward')
    await idle(page)
    await shot(page, '70-localities-editor')

    // Enter on the map picks the ward under the cross in the list
    await tabTo(page, 'canvas.maplibregl-canvas')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page).then((f) => f.ward), { timeout: 10_000 }).toMatch(/^E05\d{6}$/)
    const picked = (await focused(page)).ward
    const ward = def.find((d) => d.ward_code === picked)!
    expect(await page.locator(`.loc-ward[data-ward="${ward.ward_code}"]`).getAttribute('class')).toContain('chosen')
    const target = def.find((d) => d.locality_code !== ward.locality_code)!
    // the arrow keys change the focused chooser
    for (let i = 0; i < 6 && (await focused(page)).value !== target.locality_code; i++) await page.keyboard.press('ArrowDown')
    for (let i = 0; i < 6 && (await focused(page)).value !== target.locality_code; i++) await page.keyboard.press('ArrowUp')
    expect(await focused(page)).toMatchObject({ ward: ward.ward_code, value: target.locality_code })
    await idle(page)
    await shot(page, '71-localities-ward-moved')

    await tabTo(page, '#loc-preview-button')
    await page.keyboard.press('Enter')
    const preview = page.locator('#loc-preview')
    await preview.locator('.loc-moves').waitFor({ timeout: 90_000 })
    expect(await preview.locator('.loc-moves li').allTextContents()).toEqual([`${ward.ward_name} moves from ${ward.locality_name} to ${target.locality_name}`])
    expect(await preview.locator('.loc-provisional').textContent()).toMatch(/label goes/)
    const row = await preview.locator(`tr[data-locality="${target.locality_code}"] td`).allTextContents()
    expect(row[0]).toMatch(/^\d+ → \d+$/)
    expect(row[1]).toMatch(/^[\d,]+ → [\d,]+$/)
    expect(await definition()).toEqual(def)
    await preview.scrollIntoViewIfNeeded()
    await shot(page, '72-localities-preview')

    await tabTo(page, '#loc-save')
    await page.keyboard.press('Space')
    await expect.poll(() => page.locator('.loc-status').textContent(), { timeout: 90_000 }).toMatch(/^Saved \(audit entry \d+\)/)
    expect((await definition()).find((d) => d.ward_code === ward.ward_code)!.locality_code).toBe(target.locality_code)
    // the map's outlines and the story's figures follow
    await expect.poll(() => outlines(page).then((o) => o.every((x) => x.provisional === false)), { timeout: 20_000 }).toBe(true)
    const after = await outlines(page)
    expect(after.find((o) => o.code === target.locality_code)!.imd).not.toBe(before.find((o) => o.code === target.locality_code)!.imd)
    await expect.poll(() => page.locator('.story .headline').textContent()).not.toContain('provisional')
    await idle(page)
    await shot(page, '73-localities-saved')

    // undo from the audit trail: the newest change's Undo
    const entry = page.locator('.loc-history-list li').first()
    expect(await entry.textContent()).toContain(`${ward.ward_name} to ${target.locality_name}`)
    await tabTo(page, '.loc-history-list li:first-child .loc-undo')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.loc-status').textContent(), { timeout: 90_000 }).toMatch(/^Undone/)
    expect(await definition()).toEqual(def)
    await expect.poll(() => outlines(page).then((o) => o.every((x) => x.provisional === true)), { timeout: 20_000 }).toBe(true)
    await expect.poll(() => page.locator('.story .headline').textContent()).toContain('provisional')
    expect(await page.locator('.loc-history-list li').first().textContent()).toMatch(/^Undid a change/)
    await idle(page)
    await shot(page, '74-localities-undone')
    expect(h.external).toEqual([])
    await page.close()
  }, 300_000)

  it('refuses the council CSV with a ward left out and one listed twice, naming both beside the form', async () => {
    const page = await h.open('/')
    await signIn(page, EDITOR_TOKEN)
    await page.getByRole('tab', { name: 'Localities' }).click()
    await page.locator('.loc-ward select').first().waitFor({ timeout: 30_000 })
    const [left, twice] = [def[0], def[1]]
    const lines = ['ward_code,locality_name,locality_code', ...def.slice(1).map((d) => `${d.ward_code},${d.locality_name},${d.locality_code}`), `${twice.ward_code},Elsewhere,LOC-ELSEWHERE`]
    await page.locator('#loc-file').setInputFiles({ name: 'localities.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) })
    const problem = page.locator('#loc-problem')
    await expect.poll(() => problem.textContent(), { timeout: 60_000 }).toMatch(/^Every ward must belong to exactly one locality/)
    const text = (await problem.textContent())!
    expect(text).toContain(`in no locality: ${left.ward_name} (${left.ward_code})`)
    expect(text).toContain(`in more than one locality: ${twice.ward_name} (${twice.ward_code})`)
    expect(await page.locator(`#loc-ward-${left.ward_code}`).inputValue()).toBe('')
    expect(await page.locator(`#loc-ward-${left.ward_code}`).getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator(`#loc-ward-${twice.ward_code}`).getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#loc-preview').isHidden()).toBe(true)
    expect(await definition()).toEqual(def)
    await problem.scrollIntoViewIfNeeded()
    await shot(page, '75-localities-csv-refused')
    // every chooser labelled, the refusal and the marked wards included
    expect(await axeViolations(page, '.localities-editor')).toEqual([])
    await page.close()
  }, 180_000)

  it('an admin undoes a locality change from the Audit tab, audited in its turn', async () => {
    const admin = await issue(h.db, 'admin', 'browser admin')
    track.tokens.push(admin.id)
    // the latest locality change in the trail is the first test's undo: undoing it moves the ward back
    const latest = await h.db.knex('audit_log').where({ entity: 'locality_definition' }).orderBy('id', 'desc').first('id', 'action', 'before')
    expect(latest.action).toBe('localities.undo')
    const restored = (typeof latest.before === 'string' ? JSON.parse(latest.before) : latest.before) as LocalityMembership[]
    const page = await h.open('/')
    await signIn(page, admin.token)
    await page.getByRole('tab', { name: 'Audit' }).click()
    const undo = page.getByRole('button', { name: `Undo locality change ${latest.id}` })
    await undo.waitFor({ timeout: 20_000 })
    await undo.click()
    await expect.poll(() => page.locator('.audit [role=status]').textContent(), { timeout: 90_000 }).toMatch(new RegExp(`^Undid locality change ${latest.id} \\(audit entry \\d+\\)`))
    expect((await definition()).map((d) => [d.ward_code, d.locality_code])).toEqual(restored.map((d) => [d.ward_code, d.locality_code]))
    const row = page.locator('.audit-table tbody tr').first()
    expect(await row.textContent()).toContain('localities.undo')
    await shot(page, '77-localities-admin-audit-undo')
    await page.close()
  }, 180_000)

  it('a viewer gets no editor, and the API refuses viewers and signed-out callers', async () => {
    const viewer = await issue(h.db, 'viewer', 'browser viewer')
    track.tokens.push(viewer.id)
    const page = await h.open('/?tool=localities')
    expect(await page.getByRole('tab', { name: 'Localities' }).count()).toBe(0)
    await signIn(page, viewer.token)
    expect(await page.getByRole('tab', { name: 'Localities' }).count()).toBe(0)
    expect(await page.locator('#loc-save').count()).toBe(0)
    await expect.poll(() => page.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected')).toBe('true')
    // the link to the editor did not switch the viewer's map to wards
    expect(await page.evaluate(() => window.atlas!.state().level)).toBe('lsoa21')
    const rows = def.map((d) => ({ ward_code: d.ward_code, locality_name: d.locality_name, locality_code: d.locality_code }))
    const post = (token?: string) => fetch(`${h.url}/api/localities/definition/preview`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ rows }),
    })
    expect((await post()).status).toBe(401)
    expect((await post(viewer.token)).status).toBe(403)
    const put = await fetch(`${h.url}/api/localities/definition`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` }, body: JSON.stringify({ rows }) })
    expect(put.status).toBe(403)
    await shot(page, '76-localities-viewer')
    await page.close()
  }, 120_000)
})
