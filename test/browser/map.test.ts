import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { Catalogue, LocalityProfile } from '../../client/src/api'
import { formatValue } from '../../client/src/classes'
import { idle, shot, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue

withHarness((started, c) => {
  h = started
  catalogue = c
})

describe('the map app in headless Chromium', () => {
  it('opens on the story and renders the default layer from the service (non-blank canvas, LSOA features)', async () => {
    const page = await h.open('/')
    await idle(page)
    await expect.poll(() => page.locator('#story-title').textContent()).toBe('Where need is greatest')
    expect(await page.locator('.story-list li').count()).toBe(3)
    const facts = await page.evaluate(() => {
      const map = window.atlas!.map
      const features = map.queryRenderedFeatures({ layers: ['areas-fill'] })
      const c = document.createElement('canvas')
      const src = map.getCanvas()
      c.width = 200; c.height = 200
      const g = c.getContext('2d')!
      g.drawImage(src, 0, 0, 200, 200)
      const px = g.getImageData(0, 0, 200, 200).data
      const colours = new Set<string>()
      for (let i = 0; i < px.length; i += 4 * 7) colours.add(`${px[i]},${px[i + 1]},${px[i + 2]}`)
      return { n: features.length, codes: features.map((f) => String(f.properties.code)), levels: [...new Set(features.map((f) => f.properties.level))], colours: colours.size }
    })
    expect(facts.n).toBeGreaterThan(50)
    expect(facts.codes.every((c) => /^E01\d{6}$/.test(c))).toBe(true)
    expect(facts.colours).toBeGreaterThan(10)
    // once the service has vector tiles for LSOAs, the map draws them rather than GeoJSON
    const tiles = (await fetch(`${h.url}/tiles/lsoa21.json`)).ok
    expect(await page.evaluate(() => window.atlas!.map.getSource('areas')!.type)).toBe(tiles ? 'vector' : 'geojson')
    await shot(page, '01-first-screen')
    await page.close()
  })

  it('switching the layer changes the legend', async () => {
    const page = await h.open('/')
    const before = await page.locator('#legend-title').textContent()
    const beforeClasses = await page.locator('#legend .classes').textContent()
    const other = catalogue.indicators.find((i) => i.id !== catalogue.defaultIndicator && i.available.includes('lsoa21') && i.group !== catalogue.indicators.find((d) => d.id === catalogue.defaultIndicator)!.group)!
    await page.locator(`details[data-group="${other.group}"] > summary`).click()
    await page.locator(`#layer-${other.id}`).check()
    await expect.poll(() => page.locator('#legend-title').textContent()).toBe(other.title)
    expect(await page.locator('#legend-title').textContent()).not.toBe(before)
    expect(await page.locator('#legend .classes').textContent()).not.toBe(beforeClasses)
    expect(await page.locator('#legend .source-line').textContent()).toContain(other.source!.title)
    expect(new URL(page.url()).searchParams.get('layer')).toBe(other.id)
    await idle(page)
    await shot(page, '02-layer-switched')
    await page.close()
  })

  it('picking a locality opens its profile with the figures the API gives', async () => {
    const page = await h.open('/')
    const loc = catalogue.localities[0]
    await page.locator(`.story-list button[data-locality="${loc.code}"]`).click()
    await page.locator('#profile-title').waitFor()
    expect(await page.locator('#profile-title').textContent()).toBe(loc.name)
    const p = (await (await fetch(`${h.url}/api/localities/${loc.code}/profile?rank=${catalogue.defaultIndicator}`)).json()) as LocalityProfile
    const row = p.rows.find((r) => r.indicator.id === catalogue.defaultIndicator)!
    const cells = await page.locator(`#profile-table tr[data-indicator="${catalogue.defaultIndicator}"] td`).allTextContents()
    expect(cells.slice(0, 4)).toEqual([row.locality, row.borough, row.london, row.england].map((v) => formatValue(v, row.indicator)))
    const ranked = await page.locator('.ranked button').count()
    expect(ranked).toBe(p.ranking.lsoas.length)
    // row click -> the LSOA is highlighted on the map
    const first = p.ranking.lsoas[0]
    await page.locator(`.ranked button[data-code="${first.code}"]`).click()
    await expect.poll(() => page.evaluate((code) => {
      const m = window.atlas!.map
      const layer = m.getSource('areas')!.type === 'vector' ? { sourceLayer: 'lsoa21' } : {}
      return m.getFeatureState({ source: 'areas', ...layer, id: code })?.highlight
    }, first.code)).toBe(true)
    expect(await page.locator(`.ranked button[data-code="${first.code}"]`).getAttribute('aria-pressed')).toBe('true')
    await idle(page)
    await shot(page, '03-locality-profile')
    await page.close()
  })

  it('a shared URL restores the same view', async () => {
    const ind = catalogue.indicators.find((i) => i.id !== catalogue.defaultIndicator && i.available.includes('ward'))!
    const loc = catalogue.localities[1]
    const asset = catalogue.assetCategories.find((a) => a.count > 0)!
    const q = `?layer=${ind.id}&level=ward&locality=${loc.code}&assets=${asset.id}&at=12.50/51.55000/0.14000`
    const page = await h.open('/' + q)
    await page.locator('#profile-title').waitFor()
    await idle(page)
    const view = await page.evaluate(() => {
      const m = window.atlas!.map
      return { zoom: m.getZoom(), center: m.getCenter(), state: window.atlas!.state() }
    })
    expect(view.zoom).toBeCloseTo(12.5, 1)
    expect(view.center.lat).toBeCloseTo(51.55, 3)
    expect(view.center.lng).toBeCloseTo(0.14, 3)
    expect(view.state).toMatchObject({ indicator: ind.id, level: 'ward', locality: loc.code, assets: [asset.id] })
    // the layer list shows the family once; the measure select holds the measure
    expect(await page.locator('#layer-list input[type=radio]:checked').count()).toBe(1)
    if (await page.locator('#layer-measure').isVisible()) expect(await page.locator('#layer-measure').inputValue()).toBe(ind.id)
    else expect(await page.locator(`#layer-${ind.id}`).isChecked()).toBe(true)
    expect(await page.locator('#level-ward').isChecked()).toBe(true)
    expect(await page.locator(`#asset-${asset.id}`).isChecked()).toBe(true)
    expect(await page.locator('#profile-title').textContent()).toBe(loc.name)
    expect(await page.evaluate((id) => window.atlas!.map.getLayoutProperty(`asset-${id}-points`, 'visibility'), asset.id)).toBe('visible')
    const codes = await page.evaluate(() => window.atlas!.map.queryRenderedFeatures({ layers: ['areas-fill'] }).map((f) => String(f.properties.code)))
    expect(codes.length).toBeGreaterThan(0)
    expect(codes.every((c) => /^E05/.test(c))).toBe(true)
    expect(decodeURIComponent(new URL(page.url()).search)).toBe(q)
    await shot(page, '04-shared-url')
    await page.close()
  })

  it('keyboard alone reaches the layer list and opens a locality profile, with visible focus', async () => {
    const page = await h.open('/')
    const focused = () => page.evaluate(() => {
      const e = document.activeElement as HTMLElement
      const cs = getComputedStyle(e)
      return { id: e.id, inLayers: !!e.closest('#layer-list'), locality: e.dataset.locality ?? null, outline: cs.outlineStyle, outlineWidth: cs.outlineWidth }
    })
    let reachedLayers = false
    for (let i = 0; i < 80 && !reachedLayers; i++) {
      await page.keyboard.press('Tab')
      reachedLayers = (await focused()).inLayers
    }
    expect(reachedLayers).toBe(true)
    const f = await focused()
    expect(f.outline).not.toBe('none')
    await shot(page, '05-keyboard-layers')
    // back to the first locality in the story, then Enter
    let onLocality = false
    for (let i = 0; i < 80 && !onLocality; i++) {
      await page.keyboard.press('Shift+Tab')
      onLocality = (await focused()).locality !== null
    }
    expect(onLocality).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('#profile-title').waitFor()
    await expect.poll(async () => (await focused()).id).toBe('profile')
    // the LSOA list inside the profile is reachable with Tab
    let inRanked = false
    for (let i = 0; i < 10 && !inRanked; i++) {
      await page.keyboard.press('Tab')
      inRanked = await page.evaluate(() => !!document.activeElement?.closest('.ranked, .profile'))
    }
    expect(inRanked).toBe(true)
    await shot(page, '06-keyboard-profile')
    await page.close()
  })

  it('axe-core finds no serious or critical violations (story, profile, table view)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    const page = await h.open(`/?locality=${catalogue.localities[0].code}`)
    await page.locator('#profile-title').waitFor()
    // evaluated, not injected as a <script>: the app's CSP (script-src 'self') rightly blocks inline scripts
    await page.evaluate(axeSource)
    const run = () => page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] })
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
    })
    expect(await run()).toEqual([])
    await page.locator('#view-toggle').click()
    await page.locator('#table-title').waitFor()
    expect(await run()).toEqual([])
    await shot(page, '07-table-view')
    await page.close()
  })

  it('exports the map as a PNG with legend and source', async () => {
    const page = await h.open('/')
    await idle(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()])
    expect(download.suggestedFilename()).toMatch(/^locality-atlas-.+\.png$/)
    const file = await download.path()
    const png = readFileSync(file!)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    await download.saveAs('test-results/screenshots/08-export.png')
    expect(await page.locator('#export-csv').getAttribute('href')).toMatch(/^\/api\/areas\/lsoa21\?indicators=.+&bbox=.+&format=csv$/)
    await page.close()
  })

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
