/**
 * Everyday use in headless Chromium at a phone (390x844), a small laptop (1024x768) and a desktop
 * (1440x900): the map keeps its width and nothing scrolls sideways, every tool's form is reachable,
 * the legend is on the map in every tool, the header search finds a real postcode, ward and LSOA
 * and opens them by keyboard, the layer chooser does not load layers while arrowing, the focused
 * map shows its ring and opens the area at its centre on Enter, and the table follows the open
 * locality. Screenshots go to test-results/screenshots/everyday-*.png.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Catalogue, SearchResponse } from '../../client/src/api'
import { postcodeTruth } from '../support/places'
import { idle, shot, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1024, height: 768 },
  { name: 'desktop', width: 1440, height: 900 },
] as const
const DESKTOP = { width: 1440, height: 900 }

withHarness((started, c) => {
  h = started
  catalogue = c
})

/** SwiftShader can leave part of a resized canvas stale until the next frame: draw one before a screenshot. */
const repaint = (page: Page) => page.evaluate(() => new Promise<void>((r) => { window.atlas!.map.triggerRepaint(); requestAnimationFrame(() => setTimeout(r, 200)) }))

/** Whether the element's centre is on screen and not covered by anything else. */
const reachable = (page: Page, selector: string) => page.evaluate((sel) => {
  const e = document.querySelector(sel) as HTMLElement
  const r = e.getBoundingClientRect()
  const x = r.left + r.width / 2
  const y = r.top + r.height / 2
  const inView = r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth
  const top = document.elementFromPoint(x, y)
  return inView && !!top && (top === e || e.contains(top))
}, selector)

const axe = async (page: Page) => {
  const src = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(src)
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  })
}

describe('everyday use at three screen sizes', () => {
  for (const size of SIZES) {
    it(`at ${size.width}x${size.height} the map has width, nothing scrolls sideways and the Family Hubs form is reachable`, async () => {
      const page = await h.open('/', size)
      await idle(page)
      const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
        map: document.getElementById('map')!.getBoundingClientRect().toJSON() as DOMRect,
        canvas: window.atlas!.map.getCanvas().clientWidth,
      }))
      expect(m.scroll).toBeLessThanOrEqual(m.width)
      // on a phone the map fills the width under the sheet; wider, it takes what the sidebar leaves
      expect(m.map.width).toBeGreaterThanOrEqual(size.width < 761 ? size.width : size.width - 460)
      expect(m.canvas).toBe(Math.round(m.map.width))
      expect(m.map.height).toBeGreaterThan(size.height * 0.6)
      expect(await reachable(page, '#search-input')).toBe(true)
      expect(await reachable(page, '#tab-siting')).toBe(true)
      await repaint(page)
      await shot(page, `everyday-${size.name}-explore`)

      await page.locator('#tab-siting').click()
      const run = page.locator('#tabpanel-siting button[type=submit]').first()
      await run.waitFor()
      if (size.width < 761) {
        // the sheet's handle pulls it up to full height
        expect(await page.locator('#sheet-handle').getAttribute('aria-expanded')).toBe('true')
        await page.locator('#sheet-handle').click()
        await expect.poll(() => page.evaluate(() => document.querySelector('.body')!.getAttribute('data-sheet'))).toBe('full')
        const sheet = await page.locator('#controls').boundingBox()
        expect(sheet!.height).toBeGreaterThan(size.height * 0.8)
      }
      await run.scrollIntoViewIfNeeded()
      expect(await reachable(page, '#tabpanel-siting button[type=submit]')).toBe(true)
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)
      await repaint(page)
      await shot(page, `everyday-${size.name}-siting`)
      await page.close()
    })
  }

  it('at 1440x900 the legend is on the map and in view in Explore, Family Hubs, Need index and Anchors, with keys for the symbols drawn', async () => {
    const asset = catalogue.assetCategories.find((a) => a.count > 0)!
    const page = await h.open(`/?assets=${asset.id}`, DESKTOP)
    for (const tool of ['explore', 'siting', 'need-index', 'anchors'] as const) {
      await page.locator(`#tab-${tool}`).click()
      const legend = page.locator('#legend')
      expect(await legend.evaluate((e) => !!e.closest('.map-wrap'))).toBe(true)
      const box = (await legend.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height)
      expect(await page.locator('#legend .classes li').count()).toBeGreaterThan(2)
      expect(await page.locator('#legend-body .legend-sub').first().textContent()).toContain(catalogue.indicators.find((i) => i.id === catalogue.defaultIndicator)!.source!.vintage)
      const keys = await page.locator('#legend .overlay-keys li').allTextContents()
      expect(keys).toContain(asset.title)
      if (tool === 'siting') expect(keys.some((k) => /hub/i.test(k))).toBe(true)
      if (tool === 'anchors') expect(keys.some((k) => /^Anchor institution/.test(k))).toBe(true)
      if (tool !== 'explore') expect(await page.locator('#legend').textContent()).toContain('faded under the tool')
    }
    // collapsible: Hide key leaves the title and the button
    await page.locator('#legend-toggle').click()
    expect(await page.locator('#legend-body').isHidden()).toBe(true)
    expect(await page.locator('#legend-toggle').getAttribute('aria-expanded')).toBe('false')
    await page.locator('#legend-toggle').click()
    expect(await page.locator('#legend-body').isVisible()).toBe(true)
    await page.close()
  })

  it('the search finds a real B&D postcode by keyboard: arrows, Enter opens its LSOA on the map, names its ward and opens its locality', async () => {
    const truth = await postcodeTruth(h.db.knex, 100)
    const page = await h.open('/?level=ward', DESKTOP)
    const input = page.locator('#search-input')
    expect(await input.getAttribute('role')).toBe('combobox')
    await input.focus()
    await page.keyboard.type(truth.postcode.toLowerCase())
    const first = page.locator('#search-listbox [role=option]').first()
    await first.waitFor()
    expect(await input.getAttribute('aria-expanded')).toBe('true')
    // suggestions for a shorter prefix may show first while typing: wait for the full postcode's
    await expect.poll(() => first.textContent()).toContain(truth.postcode)
    await page.keyboard.press('ArrowDown')
    expect(await input.getAttribute('aria-activedescendant')).toBe('search-option-0')
    expect(await first.getAttribute('aria-selected')).toBe('true')
    await shot(page, 'everyday-search-suggestions')
    await page.keyboard.press('Enter')
    // the LSOA level opens, the locality's profile opens, the LSOA is highlighted and its information shows
    await expect.poll(() => page.evaluate(() => window.atlas!.state().level)).toBe('lsoa21')
    await expect.poll(() => page.evaluate(() => window.atlas!.state().locality)).toBe(truth.locality)
    await expect.poll(() => page.locator('.maplibregl-popup').textContent(), { timeout: 15_000 }).toContain(truth.lsoa_name)
    const popup = await page.locator('.maplibregl-popup').textContent()
    expect(popup).toContain(truth.postcode)
    expect(popup).toMatch(/ ward/)
    await expect.poll(() => page.evaluate((code) => {
      const m = window.atlas!.map
      const layer = m.getSource('areas')!.type === 'vector' ? { sourceLayer: 'lsoa21' } : {}
      return m.getFeatureState({ source: 'areas', ...layer, id: code })?.highlight
    }, truth.lsoa)).toBe(true)
    await page.locator('#profile-title').waitFor()
    expect(await page.locator('#profile-title').textContent()).toBe(catalogue.localities.find((l) => l.code === truth.locality)!.name)
    await repaint(page)
    await shot(page, 'everyday-search-postcode')
    await page.close()
  })

  it('the search opens a ward by name and an LSOA by code; Escape closes the list, then clears; a far postcode is said to be outside', async () => {
    const ward = (await h.db.knex('areas').where({ level: 'ward', name: 'Abbey' }).first('code')) as { code: string }
    const page = await h.open('/', DESKTOP)
    const input = page.locator('#search-input')
    await input.fill('Abbey')
    await page.locator('#search-listbox [role=option]').first().waitFor()
    await input.press('Escape')
    expect(await page.locator('#search-listbox').isHidden()).toBe(true)
    expect(await input.getAttribute('aria-expanded')).toBe('false')
    await input.press('ArrowDown')
    expect(await page.locator('#search-listbox').isVisible()).toBe(true)
    await input.press('Enter')
    await expect.poll(() => page.evaluate(() => window.atlas!.state().level)).toBe('ward')
    await expect.poll(() => page.evaluate((code) => {
      const m = window.atlas!.map
      const layer = m.getSource('areas')!.type === 'vector' ? { sourceLayer: 'ward' } : {}
      return m.getFeatureState({ source: 'areas', ...layer, id: code })?.highlight
    }, ward.code), { timeout: 15_000 }).toBe(true)
    // an LSOA code
    await input.fill('E01000027')
    await page.locator('#search-listbox [role=option][data-kind=lsoa]').first().waitFor()
    await input.press('Enter')
    await expect.poll(() => page.evaluate(() => window.atlas!.state().level)).toBe('lsoa21')
    await expect.poll(() => page.locator('.maplibregl-popup').textContent(), { timeout: 15_000 }).toContain('E01000027')
    // Escape twice: closes, then clears
    await input.fill('Becontree')
    await page.locator('#search-listbox [role=option]').first().waitFor()
    await input.press('Escape')
    await input.press('Escape')
    expect(await input.inputValue()).toBe('')
    // a postcode the service does not hold
    await input.fill('SW1A 1AA')
    await expect.poll(() => page.locator('#search-message').textContent()).toMatch(/not a postcode in or beside Barking and Dagenham/)
    expect(await page.locator('#search-message').isVisible()).toBe(true)
    const api = (await (await fetch(`${h.url}/api/search?q=SW1A%201AA`)).json()) as SearchResponse
    expect(api.results).toEqual([])
    await page.close()
  })

  it('axe finds no serious or critical violations with the search list open and the legend on the map', async () => {
    const page = await h.open('/', DESKTOP)
    await page.locator('#search-input').fill('Barking')
    await page.locator('#search-listbox [role=option]').first().waitFor()
    await page.locator('#search-input').press('ArrowDown')
    expect(await axe(page)).toEqual([])
    await page.close()
    const phone = await h.open('/?tool=siting', SIZES[0])
    expect(await axe(phone)).toEqual([])
    await phone.close()
  })
})

describe('states', () => {
  it('axe finds no serious or critical violations with a ranked row selected and an area\'s information open', async () => {
    const loc = catalogue.localities[0]
    const page = await h.open(`/?locality=${loc.code}`, DESKTOP)
    await page.locator('.ranked button').first().waitFor()
    await page.locator('.ranked button').first().click()
    expect(await page.locator('.ranked button[aria-pressed=true]').count()).toBe(1)
    // the selected row's text is dark on its light background
    const colours = await page.locator('.ranked button[aria-pressed=true]').evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor])
    expect(colours).toEqual(['rgb(29, 29, 29)', 'rgb(223, 247, 251)'])
    await idle(page)
    const c = await page.evaluate(() => { const m = window.atlas!.map; const p = m.project(m.getCenter()); const r = m.getCanvas().getBoundingClientRect(); return { x: r.left + p.x, y: r.top + p.y } })
    await page.mouse.click(c.x, c.y)
    await page.locator('.maplibregl-popup').waitFor()
    expect(await axe(page)).toEqual([])
    await shot(page, 'everyday-selected-row-popup')
    await page.close()
  })
})

describe('keyboard', () => {
  it('arrowing through a theme of the layer chooser loads no layer; Enter shows the one reached; Tab reaches every theme', async () => {
    const page = await h.open('/', DESKTOP)
    await idle(page)
    const requests: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/areas/')) requests.push(r.url()) })
    const def = catalogue.indicators.find((i) => i.id === catalogue.defaultIndicator)!
    const checked = page.locator('#layer-list input[type=radio]:checked')
    expect(await checked.count()).toBe(1)
    const group = await checked.getAttribute('name')
    const inGroup = await page.locator(`#layer-list input[name="${group}"]`).count()
    expect(inGroup).toBeGreaterThan(2)
    await checked.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const reached = await page.evaluate(() => (document.activeElement as HTMLInputElement).value)
    await page.waitForTimeout(500)
    // the first move opens the way; neither move asked the service for a layer
    expect(requests).toEqual([])
    expect(await page.evaluate(() => window.atlas!.state().indicator)).toBe(def.id)
    expect(await page.locator('#layer-pending').textContent()).toMatch(/^Press Enter to show /)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => window.atlas!.state().indicator)).not.toBe(def.id)
    expect(await page.locator('#layer-list input[type=radio]:checked').getAttribute('value')).toBe(reached)
    await expect.poll(() => requests.length).toBeGreaterThan(0)
    expect(await page.locator('#layer-pending').textContent()).toBe('')
    // every theme's summary is a Tab stop; Enter opens it and Tab goes into its layers
    const groups = await page.locator('#layer-list details').count()
    const summaries = await page.locator('#layer-list details > summary').count()
    expect(summaries).toBe(groups)
    const closed = page.locator('#layer-list details:not([open]) > summary').first()
    await closed.focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).closest('details')?.open && document.activeElement?.getAttribute('type'))).toBe('radio')
    await shot(page, 'everyday-layer-keyboard')
    await page.close()
  })

  it('the focused map shows its ring and a cross; Enter opens the information of the area at the centre', async () => {
    const page = await h.open('/', DESKTOP)
    await idle(page)
    // reach the map from the Table view button with Tab, as a keyboard user would
    await page.locator('#view-toggle').focus()
    let onMap = false
    for (let i = 0; i < 10 && !onMap; i++) {
      await page.keyboard.press('Tab')
      onMap = await page.evaluate(() => document.activeElement === window.atlas!.map.getCanvas())
    }
    expect(onMap).toBe(true)
    const ring = await page.evaluate(() => {
      const c = window.atlas!.map.getCanvas()
      const after = getComputedStyle(document.getElementById('map')!, '::after')
      return { offset: getComputedStyle(c).outlineOffset, width: getComputedStyle(c).outlineWidth, after: after.borderTopWidth, cross: getComputedStyle(document.querySelector('.map-crosshair')!).display }
    })
    expect(ring).toEqual({ offset: '-4px', width: '4px', after: '4px', cross: 'block' })
    const centre = await page.evaluate(() => {
      const m = window.atlas!.map
      const f = m.queryRenderedFeatures(m.project(m.getCenter()), { layers: ['areas-fill'] })[0]
      return { code: String(f.properties.code), name: String(f.properties.name) }
    })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.maplibregl-popup').textContent()).toContain(centre.name)
    expect(await page.locator('.maplibregl-popup').textContent()).toContain(centre.code)
    await repaint(page)
    await shot(page, 'everyday-map-focus')
    // Escape closes the information and puts focus back on the map
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.maplibregl-popup').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement === window.atlas!.map.getCanvas())).toBe(true)
    await page.close()
  })

  it('the table view follows the open locality, and shows the whole borough on request', async () => {
    const loc = catalogue.localities[0]
    const page = await h.open(`/?locality=${loc.code}`, DESKTOP)
    await page.locator('#profile-title').waitFor()
    const inLoc = (await (await fetch(`${h.url}/api/areas/lsoa21?indicators=${catalogue.defaultIndicator}&locality=${loc.code}&geometry=false`)).json()) as { features: Array<{ properties: { code: string } }> }
    await page.locator('#view-toggle').click()
    await expect.poll(() => page.locator('#table-title').textContent()).toContain(`in ${loc.name}`)
    const codes = await page.locator('#table-view tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code))
    expect(codes.sort()).toEqual(inLoc.features.map((f) => f.properties.code).sort())
    expect(codes.length).toBeLessThan(115)
    // sort by value, greatest first; the download is these rows
    const value = page.locator('#table-view button[data-sort=value]')
    await value.click()
    await page.locator('#table-view button[data-sort=value]').click()
    expect(await page.locator('#table-view th:has(button[data-sort=value])').getAttribute('aria-sort')).toBe('descending')
    const values = (await page.locator('#table-view tbody td.num').allTextContents()).map(Number).filter((x) => Number.isFinite(x))
    expect(values.length).toBeGreaterThan(3)
    expect(values).toEqual([...values].sort((a, b) => b - a))
    // one download control, the shared one (client/src/downloads.ts)
    expect(await page.locator('#table-view .downloads').count()).toBe(1)
    expect(await page.locator('#table-csv').count()).toBe(0)
    const href = (await page.locator('#table-view .downloads a[data-format=csv]').getAttribute('href'))!
    expect(href).toContain(`locality=${loc.code}`)
    const got = await fetch(new URL(href, h.url))
    const csv = await got.text()
    for (const code of codes) expect(csv).toContain(code)
    // a tidy table: one header row of ids; its sources travel beside it (CSVW metadata)
    expect(csv.split('\n')[0]).toMatch(/^rank,level,code,name,imd_score_2025/)
    expect(got.headers.get('link')).toMatch(/format=csv-metadata.*rel="describedby"/)
    // ward and locality columns, from the same lookups as the profile
    const prof = (await (await fetch(`${h.url}/api/localities/${loc.code}/profile?rank=${catalogue.defaultIndicator}`)).json()) as { ranking: { lsoas: Array<{ code: string; ward: string | null }> } }
    await expect.poll(() => page.locator('#table-view td[data-col=ward]').first().textContent()).not.toBe('…')
    const placed = await page.locator('#table-view tbody tr').evaluateAll((rows) => rows.map((r) => ({ code: (r as HTMLElement).dataset.code!, ward: r.querySelector('td[data-col=ward]')!.textContent, locality: r.querySelector('td[data-col=locality]')!.textContent })))
    for (const p of placed) {
      expect(p.ward).toBe(prof.ranking.lsoas.find((l) => l.code === p.code)!.ward)
      expect(p.locality).toBe(loc.name)
    }
    await page.locator('#table-scope').click()
    await expect.poll(() => page.locator('#table-view tbody tr').count()).toBe(115)
    // sorted by ward name
    await page.locator('#table-view button[data-sort=ward]').click()
    expect(await page.locator('#table-view th:has(button[data-sort=ward])').getAttribute('aria-sort')).toBe('ascending')
    const wards = await page.locator('#table-view td[data-col=ward]').allTextContents()
    expect(wards).toEqual([...wards].sort((a, b) => a.localeCompare(b, 'en-GB')))
    expect(await page.locator('#table-scope').getAttribute('aria-pressed')).toBe('true')
    await page.close()
  })

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
