/**
 * Co-production in headless Chromium (issue 8): anyone suggests a place, which waits for
 * moderation and is not an asset; an editor signs in through the header, moderates, and the
 * accepted place appears in /api/assets and on the map; untrusted text stays text; the UI offers
 * only what the role can do; axe finds nothing serious; no request leaves this machine. What the
 * tests write is removed again (the server leg's database is shared).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssetCollection, Catalogue } from '../../client/src/api'
import { EDITOR_TOKEN, idle, shot, signIn, startHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue
const stamp = Date.now()
const LIBRARY = `Test library ${stamp}`
const HOSTILE = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script> Hall ${stamp}`
const created = { assets: [] as number[], names: [LIBRARY, `${LIBRARY} (checked)`, HOSTILE], indices: [] as number[] }

beforeAll(async () => {
  h = await startHarness()
  catalogue = (await (await fetch(`${h.url}/api/catalogue`)).json()) as Catalogue
}, 300_000)

afterAll(async () => {
  if (h) {
    for (const id of created.assets) await fetch(`${h.url}/api/assets/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${EDITOR_TOKEN}` } })
    // the API has no delete for suggestions or saved indices: remove this run's rows directly
    await h.db.knex('suggestions').whereIn('name', created.names).orWhere('name', 'like', `%${stamp}%`).del()
    if (created.indices.length) await h.db.knex('need_indices').whereIn('id', created.indices).del()
  }
  await h?.close()
})

const assetsNamed = async (category: string, name: string) => {
  const fc = (await (await fetch(`${h.url}/api/assets?category=${category}`)).json()) as AssetCollection
  return fc.features.filter((f) => f.properties.name === name)
}

const axeViolations = async (page: Page, include?: string) => {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
  }
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe
    const r = await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  }, include)
}

const openSuggest = async (page: Page) => {
  const details = page.locator('#suggest-details')
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click()
  await page.locator('#suggest-name').waitFor()
}

describe('co-production in headless Chromium', () => {
  it('anyone suggests a library by postcode: thanked, queued, and not an asset', async () => {
    const page = await h.open('/')
    expect(await page.getByRole('tab', { name: 'Moderate' }).count()).toBe(0)
    await openSuggest(page)
    await page.locator('#suggest-name').fill(LIBRARY)
    await page.locator('#suggest-category').selectOption('library')
    await page.locator('#suggest-description').fill('Books, computers and a homework club.\nOpen Saturdays.')
    await page.locator('#suggest-contact').fill('friends@example.org')
    await page.locator('#suggest-postcode').fill('IG11 7NB')
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await expect.poll(() => page.locator('.suggest-status').textContent(), { timeout: 15_000 }).toMatch(/^Thank you: your suggestion waits for moderation/)
    expect(await page.locator('#suggest-name').inputValue()).toBe('')
    expect(await assetsNamed('library', LIBRARY)).toHaveLength(0)
    // the queue is for editors only
    expect((await fetch(`${h.url}/api/suggestions`)).status).toBe(401)
    await page.locator('.suggest').scrollIntoViewIfNeeded()
    await shot(page, '20-suggest-thanks')
    await page.close()
  })

  it('a place picked on the map is suggested with its point; a missing place is asked for', async () => {
    const page = await h.open('/')
    await openSuggest(page)
    await page.locator('#suggest-name').fill(HOSTILE)
    await page.locator('#suggest-category').selectOption('community_hub')
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await expect.poll(() => page.locator('.suggest-status').textContent()).toBe('Type a postcode or pick the place on the map.')
    await page.getByRole('button', { name: 'Pick on the map' }).click()
    expect(await page.getByRole('button', { name: 'Pick on the map' }).getAttribute('aria-pressed')).toBe('true')
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.locator('#suggest-picked').textContent()).toMatch(/^Picked on the map: 51\.\d+, 0\.\d+/)
    expect(await page.locator('.maplibregl-marker').count()).toBe(1)
    // picking does not open the area popup
    expect(await page.locator('.maplibregl-popup:not(.hover-popup)').count()).toBe(0)
    await shot(page, '21-suggest-picked')
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await expect.poll(() => page.locator('.suggest-status').textContent(), { timeout: 15_000 }).toMatch(/^Thank you/)
    expect(await page.locator('.maplibregl-marker').count()).toBe(0)
    expect(await assetsNamed('community_hub', HOSTILE)).toHaveLength(0)
    await page.close()
  })

  it('a token the server does not know is refused with the reason and forgotten; no Moderate tab', async () => {
    const page = await h.open('/')
    await page.locator('#signin-toggle').click()
    expect(await page.getByLabel('API token', { exact: true }).getAttribute('type')).toBe('password')
    await page.getByLabel('API token', { exact: true }).fill('not-a-real-token')
    await page.getByLabel('API token', { exact: true }).press('Enter')
    await expect.poll(() => page.locator('.signin-message').textContent()).toMatch(/^That token was not accepted: (it is not a well-formed token|the server does not know it)\./)
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    expect(await page.getByRole('tab', { name: 'Moderate' }).count()).toBe(0)
    expect(await page.locator('#signin-who').isHidden()).toBe(true)
    // a link naming the moderation tool falls back to Explore for an anonymous visitor
    await page.close()
    const linked = await h.open('/?tool=moderate')
    await expect.poll(() => linked.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected')).toBe('true')
    await linked.close()
  })

  it('the need index offers Save only to editors, saying why, and saves for an editor', async () => {
    const page = await h.open('/?tool=need-index')
    const first = catalogue.indicators.find((i) => i.kind === 'score' && i.polarity === 'higher-worse' && i.available.includes('lsoa21'))!
    await page.locator(`.need-index input[type=checkbox][value="${first.id}"]`).check()
    await page.getByRole('button', { name: 'Compute index' }).click()
    await expect.poll(() => page.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked/)
    const save = page.getByRole('button', { name: 'Save index' })
    expect(await save.isDisabled()).toBe(true)
    expect(await page.locator('.need-index-save').textContent()).toContain('Save needs an editor token.')
    expect(await page.locator('.need-index-results thead th').allTextContents()).toContain('Rank range (stability)')
    // "Sign in" beside the reason opens the header's control
    await page.locator('.need-index-save').getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('signin-token')
    await signIn(page, EDITOR_TOKEN, { opened: true })
    expect(await save.isDisabled()).toBe(false)
    await page.locator('.need-index-save input').fill(`Test index ${stamp}`)
    await save.click()
    await expect.poll(() => page.locator('.need-index-save .save-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved as index \d+/)
    created.indices.push(Number(/index (\d+)/.exec((await page.locator('.need-index-save .save-status').textContent())!)![1]))
    await page.close()
  })

  it('an editor signs in through the header, accepts the library (edited) and it appears in /api/assets and on the map', async () => {
    const page = await h.open('/')
    await page.evaluate(() => { (window as unknown as { __xss?: number }).__xss = undefined })
    await signIn(page)
    expect(await page.locator('#signin-who').textContent()).toMatch(/^Signed in as .+ \(editor\)$/)
    expect(await page.getByRole('tab', { name: 'Audit' }).count()).toBe(0)
    await page.getByRole('tab', { name: 'Moderate' }).click()
    const library = page.locator('article.suggestion').filter({ has: page.getByRole('heading', { name: LIBRARY, exact: true }) })
    await library.waitFor({ timeout: 15_000 })
    expect(await library.textContent()).toContain('IG11 7NB')
    expect(await library.textContent()).toContain('friends@example.org')

    // the hostile name is shown as the text it is: no element made from it, no script run
    const hostile = page.locator('article.suggestion').filter({ has: page.getByRole('heading', { name: HOSTILE, exact: true }) })
    await hostile.waitFor()
    expect(await hostile.locator('h3').textContent()).toBe(HOSTILE)
    expect(await page.locator('.moderate img, .moderate script').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await idle(page)
    expect(await page.evaluate(() => window.atlas!.map.queryRenderedFeatures({ layers: ['moderate-suggestions-points'] }).map((f) => f.properties.name))).toContain(HOSTILE)
    await shot(page, '22-moderate-queue')
    expect(await axeViolations(page)).toEqual([])

    // accept the library with its name edited
    await library.getByLabel('Name').fill(`${LIBRARY} (checked)`)
    await library.getByRole('button', { name: 'Accept' }).click()
    await expect.poll(() => page.locator('.moderate-status').textContent(), { timeout: 15_000 }).toMatch(/^Accepted: ".+" is asset \d+ \(Libraries\)/)
    const published = await assetsNamed('library', `${LIBRARY} (checked)`)
    expect(published).toHaveLength(1)
    created.assets.push(published[0].properties.id)
    expect(await assetsNamed('library', LIBRARY)).toHaveLength(0)
    // on the map: its category is switched on and reloaded; at street zoom it is a point of its own
    expect(new URL(page.url()).searchParams.get('assets')).toContain('library')
    const [lon, lat] = published[0].geometry.coordinates
    await page.evaluate(([x, y]) => window.atlas!.map.jumpTo({ center: [x, y], zoom: 16 }), [lon, lat])
    await idle(page)
    await expect.poll(() => page.evaluate(() => window.atlas!.map.queryRenderedFeatures({ layers: ['asset-library-points'] }).map((f) => String(f.properties.name))), { timeout: 15_000 })
      .toContain(`${LIBRARY} (checked)`)
    await shot(page, '23-accepted-on-map')

    // reject the hostile one, with a reason
    await hostile.getByLabel('Reason').fill('Test entry')
    await hostile.getByRole('button', { name: 'Reject' }).click()
    await expect.poll(() => hostile.count(), { timeout: 15_000 }).toBe(0)
    expect(await assetsNamed('community_hub', HOSTILE)).toHaveLength(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()

    // a correction from the asset's popup: the form opens prefilled with the asset
    await page.getByRole('tab', { name: 'Explore' }).click()
    await idle(page)
    // The sidebar changes with the tab, so the map may still be settling: click the asset's point
    // until its popup (not an area's) is open.
    await expect.poll(async () => {
      const px = await page.evaluate(([x, y]) => window.atlas!.map.project([x, y]), [lon, lat])
      const canvas = (await page.locator('#map canvas').boundingBox())!
      await page.mouse.click(canvas.x + px.x, canvas.y + px.y)
      return page.getByRole('button', { name: 'Suggest a correction' }).isVisible()
    }, { timeout: 30_000, interval: 1000 }).toBe(true)
    await page.getByRole('button', { name: 'Suggest a correction' }).click()
    await expect.poll(() => page.locator('#suggest-title').textContent()).toBe('Suggest a correction')
    expect(await page.locator('#suggest-name').inputValue()).toBe(`${LIBRARY} (checked)`)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('suggest-name')
    await page.locator('#suggest-name').fill(`${LIBRARY} (renamed)`)
    created.names.push(`${LIBRARY} (renamed)`)
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await expect.poll(() => page.locator('.suggest-status').textContent(), { timeout: 15_000 }).toMatch(/^Thank you/)
    expect(await assetsNamed('library', `${LIBRARY} (renamed)`)).toHaveLength(0)
    expect(await axeViolations(page, '.suggest')).toEqual([])

    // signing out hides the moderation tool again
    await page.getByRole('tab', { name: 'Moderate' }).click()
    await page.locator('#signin-toggle').click()
    await expect.poll(() => page.getByRole('tab', { name: 'Moderate' }).count()).toBe(0)
    expect(await page.getByRole('tab', { name: 'Explore' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await page.close()
  })

  it('the sign-in control and the suggestion form have no serious axe violations', async () => {
    const page = await h.open('/')
    await openSuggest(page)
    await page.locator('#signin-toggle').click()
    expect(await axeViolations(page)).toEqual([])
    await shot(page, '24-sign-in-open')
    await page.close()
  })

  it('on a tablet (1024×768) the map, the sidebar and the profile are all usable', async () => {
    const page = await h.open('/')
    await page.setViewportSize({ width: 1024, height: 768 })
    await idle(page)
    await shot(page, '25-tablet-1024x768')
    const loc = catalogue.localities[0].code
    await page.evaluate((code) => { history.replaceState(null, '', `/?locality=${code}`) }, loc)
    await page.reload()
    await page.waitForFunction(() => window.atlas?.ready === true, null, { timeout: 45_000 })
    await page.locator('#profile-title').waitFor({ timeout: 15_000 })
    await idle(page)
    const box = async (sel: string) => (await page.locator(sel).boundingBox())!
    const [side, map, details] = [await box('.sidebar'), await box('#map'), await box('.details')]
    expect(map.width).toBeGreaterThan(500)
    expect(map.height).toBeGreaterThan(250)
    expect(side.width).toBeGreaterThan(250)
    expect(details.height).toBeGreaterThan(150)
    // the page itself never scrolls: the sidebar and the profile scroll inside
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([1024, 768])
    expect(details.y + details.height).toBeLessThanOrEqual(768)
    await shot(page, '26-tablet-profile')
    await page.close()
  })

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
