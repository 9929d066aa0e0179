/**
 * The asset register editor in headless Chromium (issue 18, part 2), as an editor: add an asset by
 * postcode or by a click on the map (which places it and opens no area popup), edit it, move it by
 * a new postcode and by dragging its marker, close and reopen it,
 * each audited with before and after (the register's history and the admin's trail say so); filter
 * and sort the register; an imported asset says what an editor changed; a public suggestion is
 * moderated in the same view. One walk adds and closes an asset with the keyboard alone. A viewer
 * and a signed-out visitor get no controls and the API refuses them. What the tests write is put
 * back (the server leg's database is shared).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalogue } from '../../client/src/api'
import type { AssetRegisterRow } from '../../client/src/assetApi'
import { cleanUp, issue, restoreAsset, someImportedAsset, startTracking, type Created } from '../trust/support'
import { EDITOR_TOKEN, idle, shot, signIn, tabTo, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue
withHarness((started, c) => { h = started; catalogue = c })
let track: Created
let imported: Awaited<ReturnType<typeof someImportedAsset>>
let admin: string
/** two postcodes of the directory, inside the borough, with their points */
let postcodes: Array<{ postcode: string; lon: number; lat: number }>
const stamp = Date.now()

beforeAll(async () => {
  track = await startTracking(h.db.knex)
  imported = await someImportedAsset(h.db.knex)
  const a = await issue(h.db, 'admin', 'asset register admin')
  track.tokens.push(a.id)
  admin = a.token
  const r = await h.db.knex.raw(
    `SELECT p.postcode, ST_X(ST_Transform(p.geom_bng, 4326))::float8 AS lon, ST_Y(ST_Transform(p.geom_bng, 4326))::float8 AS lat
     FROM postcodes p WHERE p.postcode IN (SELECT DISTINCT postcode FROM assets WHERE verified AND postcode IS NOT NULL) ORDER BY p.postcode LIMIT 2`)
  postcodes = r.rows
  expect(postcodes).toHaveLength(2)
})
afterAll(async () => {
  if (imported) await restoreAsset(h.db.knex, imported)
  if (track) {
    // what this file added (by name) and what a suggestion accepted here became
    track.assets.push(...(await h.db.knex('assets').where('name', 'like', `%${stamp}%`).pluck('id')).map(Number))
    track.suggestions.push(...(await h.db.knex('suggestions').where('name', 'like', `%${stamp}%`).pluck('id')).map(Number))
    await cleanUp(h.db.knex, track)
  }
})

const api = (method: string, path: string, token?: string, body?: unknown) => fetch(`${h.url}${path}`, {
  method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: body ? JSON.stringify(body) : undefined,
})
const asset = async (id: number) => (await (await api('GET', `/api/assets/${id}`)).json()).properties as Record<string, unknown> & { name: string; status: string }
const point = async (id: number) => (await (await api('GET', `/api/assets/${id}`)).json()).geometry.coordinates as [number, number]
const status = (page: Page) => page.locator('#ar-status').textContent()
const category = () => catalogue.assetCategories.find((c) => c.count > 0)!

async function openRegister(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Assets' }).click()
  await page.locator('.ar-table tbody tr').first().waitFor({ timeout: 30_000 })
}

/** Types into the form's field (clearing it) as a person would. */
const type = async (page: Page, id: string, text: string) => { await page.locator(id).fill(text) }

describe('the asset register editor', () => {
  it('an editor adds an asset by postcode, edits it, moves it by postcode and by drag, closes and reopens it, each audited', async () => {
    const page = await h.open('/')
    await signIn(page, EDITOR_TOKEN)
    await openRegister(page)
    const name = `Browser pantry ${stamp}`
    await type(page, '#ar-name', name)
    await page.locator('#ar-category').selectOption(category().id)
    await type(page, '#ar-postcode', postcodes[0].postcode)
    await type(page, '#ar-provenance', 'Phoned the organiser')
    await type(page, '#ar-note', 'Tuesdays 10-12')
    await page.locator('#ar-save').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Added Browser pantry \d+ \(asset \d+\)\.$/)
    const id = Number(/\(asset (\d+)\)/.exec((await status(page))!)![1])
    track.assets.push(id)
    expect(await asset(id)).toMatchObject({ name, category: category().id, postcode: postcodes[0].postcode, precision: 'postcode', status: 'open', attrs: { provenance: 'Phoned the organiser', note: 'Tuesdays 10-12' } })
    const [lon0, lat0] = await point(id)
    expect(lon0).toBeCloseTo(postcodes[0].lon, 4)
    expect(lat0).toBeCloseTo(postcodes[0].lat, 4)
    // the new asset is open in the form, and listed first (newest change)
    expect(await page.locator('#ar-form-title').textContent()).toBe(`Edit ${name}`)
    expect(await page.locator('.ar-table tbody tr').first().getAttribute('data-asset')).toBe(String(id))
    expect(await page.locator(`tr[data-asset="${id}"] td`).allTextContents()).toEqual(expect.arrayContaining([category().title, 'Open', 'Added']))

    // edit: a new name and note
    await type(page, '#ar-name', `${name} (renamed)`)
    await type(page, '#ar-note', 'Tuesdays and Thursdays')
    await page.locator('#ar-save').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe(`Saved the changes to ${name} (renamed).`)
    expect(await asset(id)).toMatchObject({ name: `${name} (renamed)`, attrs: { note: 'Tuesdays and Thursdays' } })

    // move by a new postcode: placed at that postcode
    await type(page, '#ar-postcode', postcodes[1].postcode)
    await page.locator('#ar-save').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Saved the changes/)
    const [lon1, lat1] = await point(id)
    expect(lon1).toBeCloseTo(postcodes[1].lon, 4)
    expect(lat1).toBeCloseTo(postcodes[1].lat, 4)

    // move by dragging its marker
    await idle(page)
    const box = (await page.locator('.ar-marker').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 8 })
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 60, { steps: 8 })
    await page.mouse.up()
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Moved .+ to \d+\.\d+, \d+\.\d+\.$/)
    const [lon2, lat2] = await point(id)
    expect(lon2).toBeGreaterThan(lon1)
    expect(lat2).toBeLessThan(lat1)
    expect((await asset(id)).precision).toBe('exact')
    await idle(page)
    await shot(page, '80-asset-register-moved')

    // close, then reopen
    await page.locator('#ar-toggle').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe(`Closed ${name} (renamed).`)
    expect((await asset(id)).status).toBe('closed')
    expect(await page.locator(`tr[data-asset="${id}"] .ar-status-closed`).textContent()).toBe('Closed (closed by an editor)')
    expect(await page.locator('#ar-toggle').textContent()).toBe('Reopen this asset')
    await page.locator('#ar-toggle').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe(`Reopened ${name} (renamed).`)
    expect((await asset(id)).status).toBe('open')

    // the asset's history, from the audit trail: each change with before and after
    const history = page.locator('.ar-history-list > li')
    await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(6)
    expect(await history.locator('strong').allTextContents()).toEqual(['Reopened', 'Closed', 'Changed', 'Changed', 'Changed', 'Added'])
    expect(await history.nth(0).locator('li[data-field=status]').textContent()).toBe('status: “closed” → “open”')
    expect(await history.nth(4).locator('li[data-field=name]').textContent()).toBe(`name: “${name}” → “${name} (renamed)”`)
    expect(await history.nth(4).locator('li[data-field=note]').textContent()).toBe('note: “Tuesdays 10-12” → “Tuesdays and Thursdays”')
    expect(await history.nth(3).locator('li[data-field=postcode]').textContent()).toBe(`postcode: “${postcodes[0].postcode}” → “${postcodes[1].postcode}”`)
    expect(await history.nth(2).locator('li[data-field=place]').textContent()).toMatch(/^place: “[\d.]+, [\d.]+” → “[\d.]+, [\d.]+”$/)
    await history.first().scrollIntoViewIfNeeded()
    await shot(page, '81-asset-register-history')

    // the admin's audit trail holds the same, before and after
    const trail = (await (await api('GET', `/api/admin/audit?entity=asset&entity_id=${id}`, admin)).json()).entries
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['asset.reopen', 'asset.close', 'asset.update', 'asset.update', 'asset.update', 'asset.create'])
    expect(trail[4].before.name).toBe(name)
    expect(trail[4].after.name).toBe(`${name} (renamed)`)
    expect(trail[5].before).toBeNull()
    expect(trail[1]).toMatchObject({ before: { status: 'open' }, after: { status: 'closed' } })
    expect(h.external).toEqual([])
    await page.close()
  }, 240_000)

  it('an editor places a new asset with a click on the map: the click places it and opens no area popup', async () => {
    const page = await h.open('/')
    await signIn(page, EDITOR_TOKEN)
    await openRegister(page)
    const name = `Clicked pantry ${stamp}`
    await type(page, '#ar-name', name)
    await page.locator('#ar-category').selectOption(category().id)
    await type(page, '#ar-provenance', 'Walked past it')
    await page.locator('#ar-pick').click()
    expect(await page.locator('#ar-pick').getAttribute('aria-pressed')).toBe('true')
    await idle(page)
    const box = (await page.locator('#map canvas').boundingBox())!
    const at = { x: box.width / 2, y: box.height / 2 }
    // an area is drawn under the click: without the register waiting, it would open its popup
    expect(await page.evaluate((p) => window.atlas!.map.queryRenderedFeatures([p.x, p.y], { layers: ['areas-fill'] }).length, at)).toBeGreaterThan(0)
    const clicked = await page.evaluate((p) => window.atlas!.map.unproject([p.x, p.y]), at)
    await page.mouse.move(box.x + at.x - 30, box.y + at.y - 30)
    await page.mouse.move(box.x + at.x, box.y + at.y, { steps: 4 })
    await page.mouse.click(box.x + at.x, box.y + at.y)
    await expect.poll(() => status(page)).toMatch(/^Place picked: 51\.\d{5}, 0\.\d{5}\./)
    expect(await page.locator('#ar-pick').getAttribute('aria-pressed')).toBe('false')
    expect(await page.locator('.maplibregl-popup').count()).toBe(0)
    const place = /^Place: (51\.\d{5}), (0\.\d{5}) \(picked on the map\)$/.exec((await page.locator('#ar-place').textContent())!)
    expect(place).not.toBeNull()
    const picked = { lat: Number(place![1]), lon: Number(place![2]) }
    // where the mouse was, within a pixel (about 20 m at this zoom)
    expect(Math.abs(picked.lat - clicked.lat)).toBeLessThan(2e-4)
    expect(Math.abs(picked.lon - clicked.lng)).toBeLessThan(2e-4)
    await shot(page, '84-asset-register-picked')
    // the next click, no longer picking, opens the area popup as usual
    await page.mouse.click(box.x + at.x + 20, box.y + at.y + 20)
    await expect.poll(() => page.locator('.maplibregl-popup:not(.hover-popup)').count()).toBe(1)
    await page.locator('.maplibregl-popup-close-button').click()

    await page.locator('#ar-save').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Added Clicked pantry \d+ \(asset \d+\)\.$/)
    const id = Number(/\(asset (\d+)\)/.exec((await status(page))!)![1])
    track.assets.push(id)
    expect(await asset(id)).toMatchObject({ name, precision: 'exact', status: 'open' })
    const [lon, lat] = await point(id)
    expect(lon).toBeCloseTo(picked.lon, 5)
    expect(lat).toBeCloseTo(picked.lat, 5)
    expect(h.external).toEqual([])
    await page.close()
  }, 180_000)

  it('filters by text, category and status and sorts by name, category and last change; an imported asset says what an editor changed', async () => {
    const page = await h.open('/')
    await signIn(page, EDITOR_TOKEN)
    await openRegister(page)
    const register = (await (await api('GET', '/api/asset-register', EDITOR_TOKEN)).json()).assets as AssetRegisterRow[]
    const rows = () => page.locator('.ar-table tbody tr')
    const names = () => rows().locator('th').allTextContents()
    const cells = (i: number) => page.locator(`.ar-table tbody tr td:nth-child(${i})`).allTextContents()

    const cat = category()
    await page.locator('.ar-filters').getByLabel('Category').selectOption(cat.id)
    await expect.poll(() => cells(2).then((c) => [...new Set(c)])).toEqual([cat.title])
    expect(await rows().count()).toBe(Math.min(100, register.filter((r) => r.category === cat.id).length))
    await page.locator('#ar-sort').selectOption('name')
    const sorted = await names()
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b, 'en-GB')))
    await page.locator('#ar-filter-category').selectOption('')
    await page.locator('#ar-sort').selectOption('category')
    const cats = await cells(1)
    expect(cats).toEqual([...cats].sort((a, b) => a.localeCompare(b, 'en-GB')))
    await page.locator('#ar-filter-status').selectOption('closed')
    await expect.poll(() => cells(3).then((c) => c.every((s) => s.startsWith('Closed')))).toBe(true)
    await page.locator('#ar-filter-status').selectOption('')

    // an imported asset, found by its name, edited: the register says what an editor changed
    await page.locator('.ar-filters').getByLabel('Name, postcode or address').fill(imported.name)
    await expect.poll(() => names()).toContain(imported.name)
    await page.getByRole('button', { name: `Open ${imported.name} to edit it` }).first().click()
    await expect.poll(() => page.locator('#ar-about').textContent()).toMatch(/^Imported \(.+\)\. Open\.$/)
    await type(page, '#ar-name', `${imported.name} ${stamp}`)
    await page.locator('#ar-save').click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Saved the changes/)
    expect(await page.locator('#ar-about').textContent()).toMatch(/; changed by an editor, kept across re-imports: name\. Open\.$/)
    await page.locator('.ar-filters').getByLabel('Name, postcode or address').fill(String(stamp))
    await expect.poll(() => page.locator(`tr[data-asset="${imported.id}"] .ar-edited`).textContent()).toBe('edited: name')
    // last change, newest first: the asset just edited leads
    await page.locator('.ar-filters').getByLabel('Name, postcode or address').fill('')
    await page.locator('#ar-sort').selectOption('last_change')
    expect(await rows().first().getAttribute('data-asset')).toBe(String(imported.id))
    await shot(page, '82-asset-register-imported-edited')
    await page.close()
  }, 180_000)

  it('a public suggestion waits in the same view and is accepted there', async () => {
    const name = `Suggested hall ${stamp}`
    const sent = await api('POST', '/api/suggestions', undefined, { kind: 'new-asset', name, category: category().id, lon: postcodes[0].lon, lat: postcodes[0].lat })
    expect(sent.status).toBe(201)
    const suggestion = (await sent.json()).id as number
    track.suggestions.push(suggestion)
    const page = await h.open('/')
    await signIn(page, EDITOR_TOKEN)
    await openRegister(page)
    const card = page.locator(`.ar-queue article[data-suggestion="${suggestion}"]`)
    await card.waitFor({ timeout: 20_000 })
    await card.getByRole('button', { name: 'Accept' }).click()
    await expect.poll(() => page.locator('.ar-queue .moderate-status').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^Accepted: "${name}" is asset \\d+`))
    expect((await h.db.knex('suggestions').where({ id: suggestion }).first('status')).status).toBe('accepted')
    // the accepted asset is in the register, open in the form
    await expect.poll(() => page.locator('#ar-form-title').textContent(), { timeout: 20_000 }).toBe(`Edit ${name}`)
    expect(await page.locator(`.ar-queue article[data-suggestion="${suggestion}"]`).count()).toBe(0)
    await page.close()
  }, 120_000)

  it('keyboard only: an editor adds an asset and closes it', async () => {
    const page = await h.open('/')
    await tabTo(page, '#signin-toggle')
    await page.keyboard.press('Enter')
    await page.keyboard.type(EDITOR_TOKEN)
    await page.keyboard.press('Enter')
    await page.locator('#signin-who').filter({ hasText: /^Signed in as / }).waitFor({ timeout: 15_000 })
    await tabTo(page, '[role=tab][aria-selected=true]')
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'tab-asset-register')); i++) await page.keyboard.press('ArrowRight')
    expect(await page.locator('#tab-asset-register').getAttribute('aria-selected')).toBe('true')
    await page.locator('.ar-table tbody tr').first().waitFor({ timeout: 30_000 })
    const name = `Keyboard club ${stamp}`
    await tabTo(page, '#ar-name')
    await page.keyboard.type(name)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ar-category')
    await page.keyboard.press('ArrowDown')
    const chosen = await page.locator('#ar-category').inputValue()
    expect(chosen).not.toBe('')
    await page.keyboard.press('Tab')
    await page.keyboard.type(postcodes[1].postcode)
    await tabTo(page, '#ar-provenance')
    await page.keyboard.type('Visited in person')
    await page.keyboard.press('Enter')
    await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^Added Keyboard club \d+ \(asset \d+\)\.$/)
    const id = Number(/\(asset (\d+)\)/.exec((await status(page))!)![1])
    track.assets.push(id)
    expect(await asset(id)).toMatchObject({ name, category: chosen, postcode: postcodes[1].postcode, status: 'open' })
    await tabTo(page, '#ar-toggle')
    await page.keyboard.press('Enter')
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe(`Closed ${name}.`)
    expect((await asset(id)).status).toBe('closed')
    await page.close()
  }, 180_000)

  it('on a 390x844 phone every control of the register is reached by Tab, with its focus ring shown', async () => {
    const page = await h.open('/', { width: 390, height: 844 })
    await signIn(page, EDITOR_TOKEN)
    await openRegister(page)
    const controls = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#tabpanel-asset-register :is(a[href], button, input, select, textarea, [tabindex="0"])')]
      .filter((e) => !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .map((e, i) => { e.dataset.kb = String(i); return i }))
    expect(controls.length).toBeGreaterThan(10)
    await page.locator('#tab-asset-register').focus()
    const reached = new Set<number>()
    for (let i = 0; i < controls.length * 3 && reached.size < controls.length; i++) {
      await page.keyboard.press('Tab')
      const f = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null
        return e?.dataset.kb === undefined ? null : { kb: Number(e.dataset.kb), outline: getComputedStyle(e).outlineStyle, what: e.outerHTML.slice(0, 80) }
      })
      if (!f) continue
      expect(f.outline, f.what).toBe('solid')
      reached.add(f.kb)
    }
    expect(controls.filter((c) => !reached.has(c))).toEqual([])
    await shot(page, '85-asset-register-phone-keyboard')
    await page.close()
  }, 180_000)

  it('a viewer and a signed-out visitor get no register controls, and the API refuses them', async () => {
    const viewer = await issue(h.db, 'viewer', 'asset register viewer')
    track.tokens.push(viewer.id)
    const page = await h.open('/?tool=asset-register')
    expect(await page.getByRole('tab', { name: 'Assets' }).count()).toBe(0)
    expect(await page.locator('#ar-save').count()).toBe(0)
    await signIn(page, viewer.token)
    expect(await page.getByRole('tab', { name: 'Assets' }).count()).toBe(0)
    expect(await page.locator('#ar-save, #ar-toggle, .ar-marker').count()).toBe(0)
    await expect.poll(() => page.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected')).toBe('true')
    const body = { name: `Refused ${stamp}`, category: category().id, postcode: postcodes[0].postcode, provenance: 'x' }
    for (const [token, code] of [[undefined, 401], [viewer.token, 403]] as const) {
      expect((await api('GET', '/api/asset-register', token)).status).toBe(code)
      expect((await api('GET', `/api/asset-register/${imported.id}/changes`, token)).status).toBe(code)
      expect((await api('POST', '/api/assets', token, body)).status).toBe(code)
      expect((await api('PATCH', `/api/assets/${imported.id}`, token, { status: 'closed' })).status).toBe(code)
    }
    expect(await h.db.knex('assets').where({ name: body.name }).count({ n: '*' }).then((r) => Number(r[0].n))).toBe(0)
    await shot(page, '83-asset-register-viewer')
    await page.close()
  }, 120_000)
})
