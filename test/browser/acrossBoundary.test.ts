/**
 * Across the borough boundary in the browser (issue 16 part 6: "when the user asks"): with
 * Havering held as context, the Anchors tool offers to reach across the boundary, lists the trust's
 * hospitals outside the borough, and ranks LSOAs on both sides as the API does; the siting form
 * offers demand across the boundary and sends it. Without context neither choice is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importContext, removeContext } from '../../server/import/context'
import type { Catalogue } from '../../client/src/api'
import { TEST_LA } from '../support/prepareData'
import { scaleDir } from '../read/dataDir'
import { idle, shot, startHarness, type Harness } from './browser'

const HAVERING = 'E09000016'

describe('reaching across the borough boundary in headless Chromium', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  }, 300_000)
  afterAll(async () => {
    // the server test database is shared by every file: leave it as the borough import made it
    await removeContext(h.db.knex, 'london', TEST_LA)
    await h?.close()
  })

  it('offers neither choice while no context is held', async () => {
    const catalogue = (await (await fetch(`${h.url}/api/catalogue`)).json()) as Catalogue
    expect(catalogue.contexts).toEqual([])
    const page = await h.open('/?tool=anchors')
    await page.locator('.anchors select option').nth(1).waitFor({ state: 'attached', timeout: 30_000 })
    expect(await page.getByLabel(/Reach across the borough boundary/).count()).toBe(0)
    await page.getByRole('tab', { name: 'Family Hubs' }).click()
    await page.locator('.siting-form').waitFor()
    expect(await page.getByLabel(/demand just across the boundary/).count()).toBe(0)
    await page.close()
  })

  it('with Havering held, reaches a trust hospital outside the borough and ranks LSOAs on both sides as the API does', async () => {
    await importContext(h.db.knex, { dir: scaleDir, la: TEST_LA, name: 'london', lads: [HAVERING], force: true })
    const catalogue = (await (await fetch(`${h.url}/api/catalogue`)).json()) as Catalogue
    const held = catalogue.contexts.find((c) => c.name === 'london')!
    expect(held.lsoas).toBeGreaterThan(100)

    const page = await h.open('/?tool=anchors')
    const select = page.locator('.anchors select')
    await select.locator('option').nth(1).waitFor({ state: 'attached', timeout: 30_000 })
    const outside = () => select.locator('option', { hasText: 'outside the borough' }).count()
    expect(await outside()).toBe(0)
    const across = page.getByLabel(/Reach across the borough boundary/)
    expect(await across.count()).toBe(1)
    // keyboard: focus the box and tick it with Space
    await across.focus()
    await page.keyboard.press('Space')
    expect(await across.isChecked()).toBe(true)
    await expect.poll(outside, { timeout: 30_000 }).toBeGreaterThan(0)
    const option = select.locator('option', { hasText: /^Private Hospitals .*outside the borough$/ })
    const id = (await option.getAttribute('value'))!
    await select.selectOption(id)
    await page.locator('.anchors input[type=number]').first().fill('3000')
    await page.getByRole('button', { name: 'Show catchment' }).click()
    await page.locator('.anchor-results table.ranking tbody tr').first().waitFor({ timeout: 30_000 })

    const api = (await (await fetch(`${h.url}/api/targeting/anchors/${id}/catchment?distance=3000&detour=1&context=london`)).json()) as { lsoas: Array<{ code: string; context?: string }> }
    expect(api.lsoas.some((l) => l.context === 'london')).toBe(true)
    const shown = await page.locator('.anchor-results table.ranking tbody th').allTextContents()
    expect(shown.map((t) => /E01\d{6}/.exec(t)![0])).toEqual(api.lsoas.map((l) => l.code))
    expect(shown.filter((t) => t.includes('outside the borough')).length).toBe(api.lsoas.filter((l) => l.context).length)
    await idle(page)
    await shot(page, '90-anchor-across-boundary')

    // unticked: the context's anchors leave the list and the choice is cleared, not kept
    await across.uncheck()
    await expect.poll(outside, { timeout: 30_000 }).toBe(0)
    expect(await select.inputValue()).toBe('')

    // the siting form sends demand across the boundary when asked
    await page.getByRole('tab', { name: 'Family Hubs' }).click()
    const demand = page.getByLabel(/demand just across the boundary/)
    // the label names the distance the solver uses, from the catalogue
    expect(await page.locator('label[for=siting-demand-context]').textContent()).toContain(`within ${held.sitingDemandWithinM / 1000} km of the borough`)
    await demand.check()
    const sent = page.waitForRequest((r) => r.method() === 'POST' && /\/api\/siting\/(solve|jobs)/.test(r.url()))
    await page.locator('.siting-form').getByRole('button', { name: 'Run' }).click()
    const body = JSON.parse((await sent).postData() ?? '{}') as { demandContext?: string }
    expect(body.demandContext).toBe('london')
    await page.close()
  })
})
