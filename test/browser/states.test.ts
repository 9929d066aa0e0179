/**
 * axe-core in every panel and state at the three screen sizes (390x844, 1024x768, 1440x900):
 * Explore with the search list open, a locality's profile with a ranked row selected and an area's
 * information open, the table view sorted, Family Hubs after two runs compared side by side,
 * the need index computed, and an anchor's catchment shown. Each state is screenshotted
 * (test-results/screenshots/states-<size>-<state>.png). No serious or critical violation may remain.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Catalogue } from '../../client/src/api'
import { idle, shot, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
] as const

withHarness((started, c) => {
  h = started
  catalogue = c
})

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
type Found = { state: string; id: string; targets: string[] }

async function axe(page: Page, state: string): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
  const v = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] })
    return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => ({ id: x.id, targets: x.nodes.slice(0, 4).map((n) => n.target.join(' ')) }))
  })
  return v.map((x) => ({ state, ...x }))
}

/** The state's name when the sidebar's content is wider than the sidebar. */
const wider = async (page: Page, state: string) =>
  (await page.evaluate(() => { const c = document.getElementById('controls')!; return c.scrollWidth > c.clientWidth + 1 })) ? [state] : []

/** On a phone the sheet goes to full height so the panel's controls are in view. */
async function fullSheet(page: Page, width: number): Promise<void> {
  if (width > 760) return
  if ((await page.evaluate(() => document.querySelector('.body')!.getAttribute('data-sheet'))) !== 'full') await page.locator('#sheet-handle').click()
}

const openTool = async (page: Page, id: string) => {
  await page.locator(`#tab-${id}`).click()
  await expect.poll(() => page.locator(`#tab-${id}`).getAttribute('aria-selected')).toBe('true')
}

describe('axe in every panel and state', () => {
  for (const size of SIZES) {
    it(`at ${size.width}x${size.height}: explore, profile, table, Family Hubs compared, need index and anchors have no serious or critical violations`, async () => {
      const found: Found[] = []
      const sidebarWide: string[] = []
      const tag = (s: string) => `states-${size.name}-${s}`
      const loc = catalogue.localities[0]
      const page = await h.open('/', size)
      await idle(page)
      found.push(...await axe(page, 'explore'))
      await page.locator('#search-input').fill('Barking')
      await page.locator('#search-listbox [role=option]').first().waitFor()
      await page.locator('#search-input').press('ArrowDown')
      found.push(...await axe(page, 'search list open'))
      await page.locator('#search-input').press('Escape')
      await page.close()

      // a locality open, a ranked row selected, an area's information open
      const prof = await h.open(`/?locality=${loc.code}`, size)
      await prof.locator('.ranked button').first().waitFor()
      await prof.locator('.ranked button').first().click()
      expect(await prof.locator('.ranked button[aria-pressed=true]').count()).toBe(1)
      await idle(prof)
      // the keyboard route to an area's information: the focused map, Enter
      await prof.evaluate(() => window.atlas!.map.getCanvas().focus())
      await prof.keyboard.press('Enter')
      await prof.locator('.maplibregl-popup').waitFor({ timeout: 15_000 })
      found.push(...await axe(prof, 'profile, row selected, popup open'))
      await shot(prof, tag('profile'))
      // the table view, sorted by value
      await prof.keyboard.press('Escape')
      await prof.locator('#view-toggle').click()
      await prof.locator('#table-view tbody tr').first().waitFor()
      await prof.locator('#table-view button[data-sort=value]').click()
      found.push(...await axe(prof, 'table sorted'))
      await shot(prof, tag('table'))
      // the table fits its box (on a phone code, ward and locality fold into the area's cell) and no
      // other sheet covers it: what is at the centre of its visible part is the table
      const fit = await prof.evaluate(() => {
        const wrap = document.querySelector('#table-view .table-wrap') as HTMLElement
        const view = document.getElementById('table-view')!.getBoundingClientRect()
        const r = wrap.getBoundingClientRect()
        const top = Math.max(r.top, view.top, 0), bottom = Math.min(r.bottom, view.bottom, innerHeight)
        const left = Math.max(r.left, view.left, 0), right = Math.min(r.right, view.right, innerWidth)
        const at = (x: number, y: number) => { const e = document.elementFromPoint(x, y); return !!e && wrap.contains(e) }
        const cx = (left + right) / 2
        return {
          scroll: wrap.scrollWidth, client: wrap.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          visible: bottom - top, centre: at(cx, (top + bottom) / 2), nearBottom: at(cx, bottom - 8),
          folded: getComputedStyle(wrap.querySelector('tbody .area-place')!).display !== 'none',
        }
      })
      expect(fit.scroll).toBeLessThanOrEqual(fit.client + 1)
      expect(fit.page).toBeLessThanOrEqual(0)
      expect(fit.visible).toBeGreaterThan(150)
      expect(fit.centre).toBe(true)
      expect(fit.nearBottom).toBe(true)
      expect(fit.folded).toBe(size.width <= 760)
      if (size.width <= 760) {
        // the folded cell says the code, ward and locality the hidden columns held
        const row = prof.locator('#table-view tbody tr').first()
        const code = (await row.getAttribute('data-code'))!
        await expect.poll(() => row.locator('.area-place').textContent()).toMatch(new RegExp(`^${code} · [^·…]+ · ${loc.name.replace(/[()]/g, '\\$&')}$`))
        // back on the map, the sheet comes back where it was
        await prof.locator('#view-toggle').click()
        await expect.poll(() => prof.evaluate(() => document.querySelector('.body')!.getAttribute('data-sheet'))).toBe('half')
        await prof.locator('#view-toggle').click()
      }
      await prof.close()

      // Family Hubs: two runs kept in the session, compared without signing in
      const page2 = await h.open('/?tool=siting', size)
      await fullSheet(page2, size.width)
      const run = page2.locator('#tabpanel-siting button[type=submit]').first()
      await run.click()
      await expect.poll(() => page2.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:/)
      await page2.locator('#siting-objective').selectOption('coverage')
      await run.click()
      await expect.poll(() => page2.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:/)
      found.push(...await axe(page2, 'siting results'))
      sidebarWide.push(...await wider(page2, 'siting results'))
      const boxes = page2.locator('.siting-runs input[type=checkbox]')
      if (await boxes.count() >= 2) {
        await boxes.nth(0).check()
        await boxes.nth(1).check()
        await page2.locator('#siting-compare-runs').click()
        await page2.locator('.siting-compare > table').waitFor()
        // a baseline column, then the two runs lettered as on the map; no sign-in was needed
        const heads = await page2.locator('.siting-compare > table').locator('thead th').allTextContents()
        expect(heads[1]).toMatch(/^Baseline: /)
        expect(heads.slice(2)).toEqual([expect.stringMatching(/^A: Run \d+/), expect.stringMatching(/^B: Run \d+/)])
        expect(await page2.locator('#signin-who').textContent()).not.toMatch(/^Signed in/)
        await page2.locator('.siting-method summary').first().click()
        found.push(...await axe(page2, 'siting runs compared, method open'))
      } else found.push({ state: 'siting runs compared', id: 'no session runs list', targets: [] })
      await idle(page2)
      await shot(page2, tag('siting'))

      // the need index, computed
      await openTool(page2, 'need-index')
      const first = catalogue.indicators.find((i) => i.kind === 'score' && i.polarity === 'higher-worse' && i.available.includes('lsoa21'))!
      await page2.locator(`.need-index input[type=checkbox][value="${first.id}"]`).check()
      await page2.getByRole('button', { name: 'Compute index' }).click()
      await expect.poll(() => page2.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked/)
      found.push(...await axe(page2, 'need index computed'))
      sidebarWide.push(...await wider(page2, 'need index'))
      await idle(page2)
      await shot(page2, tag('need-index'))

      // an anchor's catchment
      await openTool(page2, 'anchors')
      const select = page2.locator('.anchors select').first()
      await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1)
      await select.selectOption((await select.locator('option').nth(1).getAttribute('value'))!)
      await page2.getByRole('button', { name: 'Show catchment' }).click()
      await page2.locator('.anchor-results table.ranking tbody tr').first().waitFor({ timeout: 30_000 })
      found.push(...await axe(page2, 'anchor catchment'))
      sidebarWide.push(...await wider(page2, 'anchors'))
      await idle(page2)
      await shot(page2, tag('anchors'))
      const sideways = await page2.evaluate(() => {
        const w = document.querySelector('.anchor-results .table-wrap.fit') as HTMLElement
        return { scroll: w.scrollWidth, client: w.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth }
      })
      await page2.close()
      expect(found).toEqual([])
      // no panel is wider than its column (nothing scrolls sideways inside the sidebar or the sheet)
      expect(sidebarWide).toEqual([])
      // the anchor table reads without scrolling sideways
      expect(sideways.page).toBeLessThanOrEqual(0)
      expect(sideways.scroll).toBeLessThanOrEqual(sideways.client + 1)
    }, 240_000)
  }

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
