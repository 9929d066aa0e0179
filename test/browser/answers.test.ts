/**
 * The tools answer as people ask, in plain words, by keyboard alone: a keyboard-only walk through
 * Family Hubs (two runs compared), the need index and the anchor view; the anchor view measuring
 * from a postcode and from the map's centre; errors beside their field in words (a refusal by the
 * service included); a link that names unknown things says what it ignored; ties shown as ties and
 * shares as percentages; the PNG export carrying every key and source unclipped.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Catalogue } from '../../client/src/api'
import type { Catchment } from '../../server/domain/anchors'
import { postcodeTruth } from '../support/places'
import { idle, shot, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

withHarness((started, c) => {
  h = started
  catalogue = c
})

/** Presses Tab (or Shift+Tab) until `match` holds for the focused element; fails after `max` presses. */
async function tabTo(page: Page, match: (e: { id: string; tag: string; type: string; text: string; value: string }) => boolean, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const e = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null
      return { id: a?.id ?? '', tag: a?.tagName.toLowerCase() ?? '', type: a?.getAttribute('type') ?? '', text: a?.textContent?.trim() ?? '', value: a?.value ?? '' }
    })
    if (match(e)) return
  }
  throw new Error('Tab never reached the control')
}

describe('keyboard-only walk through each tool', () => {
  it('Family Hubs: arrow to the tab, Tab to Run, Enter; change the aim with the arrows, run again; tick both runs with Space and compare', async () => {
    const page = await h.open('/', DESKTOP)
    await page.locator('#tab-explore').focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-siting')
    await tabTo(page, (e) => e.tag === 'button' && e.text === 'Run')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:/)
    // back up to the aim: Shift+Tab until the select, an arrow changes it (no pointer)
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'siting-objective'; i++) await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('siting-objective')
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#siting-objective').inputValue()).toBe('coverage')
    expect(await page.locator('#siting-objective option:checked').textContent()).toBe('Most children under 5 within 15 minutes (maximal coverage)')
    await tabTo(page, (e) => e.tag === 'button' && e.text === 'Run')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:.*Kept as Run 2\.$/)
    await tabTo(page, (e) => e.id === 'siting-run-1')
    await page.keyboard.press('Space')
    await tabTo(page, (e) => e.id === 'siting-run-2')
    await page.keyboard.press('Space')
    await tabTo(page, (e) => e.id === 'siting-compare-runs')
    await page.keyboard.press('Enter')
    const heads = await page.locator('.siting-compare > table thead th').allTextContents()
    expect(heads).toEqual(['Measure', expect.stringMatching(/^Baseline: /), 'A: Run 1', 'B: Run 2'])
    // the comparison's figures are the runs' own (shares as percentages)
    const within = await page.locator('.siting-compare > table tbody tr', { hasText: 'Share within 15 minutes (your limit)' }).locator('td').allTextContents()
    expect(within.slice(1).every((t) => /^\d{1,3}%$/.test(t))).toBe(true)
    await idle(page)
    const compared = await page.evaluate(() => window.atlas!.map.queryRenderedFeatures({ layers: ['siting-compare-sites'] }).length)
    expect(compared).toBeGreaterThan(0)
    // every hub of the shown run is labelled on the map (labels never overlap, so each placed label is whole)
    const labels = await page.evaluate(() => [...new Set(window.atlas!.map.queryRenderedFeatures({ layers: ['siting-sites-label'] }).map((f) => String(f.properties.name)))])
    expect(labels.length).toBe(await page.locator('.siting-sites li').count())
    // a reload keeps the session's runs
    await page.reload()
    await page.waitForFunction(() => window.atlas?.ready === true)
    await page.locator('#tab-siting').click()
    await expect.poll(() => page.locator('.siting-runs li').count()).toBe(2)
    await shot(page, 'answers-keyboard-siting')
    await page.close()
  })

  it('Need index: Tab to an indicator, Space ticks it, Tab to Compute index, Enter ranks the areas', async () => {
    const page = await h.open('/?tool=need-index', DESKTOP)
    await page.locator('#tab-need-index').focus()
    await tabTo(page, (e) => e.tag === 'input' && e.type === 'checkbox')
    await page.keyboard.press('Space')
    await tabTo(page, (e) => e.tag === 'button' && e.text === 'Compute index')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked \d+ areas/)
    await page.close()
  })

  it('Anchors: Tab to the anchor list, an arrow chooses one, Tab to Show catchment, Enter; the map shows what the table ranks', async () => {
    const page = await h.open('/?tool=anchors', DESKTOP)
    await expect.poll(() => page.locator('.anchors select option').count()).toBeGreaterThan(1)
    await page.locator('#tab-anchors').focus()
    await tabTo(page, (e) => e.tag === 'select')
    await page.keyboard.press('ArrowDown')
    await tabTo(page, (e) => e.tag === 'button' && e.text === 'Show catchment')
    await page.keyboard.press('Enter')
    await page.locator('.anchor-results table.ranking tbody tr').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => page.evaluate(() => window.atlas!.state().indicator)).toBe('employment_score_2025')
    expect(await page.locator('#legend-title').textContent()).toMatch(/^Employment deprivation/)
    await page.close()
  })
})

describe('anchors as people ask', () => {
  it('measures from a postcode typed into the place search (keyboard), and from the centre of the map', async () => {
    const truth = await postcodeTruth(h.db.knex, 60)
    const page = await h.open('/?tool=anchors', PHONE)
    const input = page.getByRole('combobox', { name: 'Place to measure from' })
    await input.focus()
    await page.keyboard.type(truth.postcode)
    await expect.poll(() => page.locator('.anchors [role=option]').first().textContent()).toContain(truth.postcode)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    expect(await page.getByLabel(/^Another place/).isChecked()).toBe(true)
    await page.locator('.anchors input[type=number]').first().fill('2000')
    await page.getByRole('button', { name: 'Show catchment' }).click()
    await expect.poll(() => page.locator('.anchor-results h3').textContent(), { timeout: 30_000 }).toBe(`Within 2,000 m in a straight line of ${truth.postcode}`)
    const api = (await (await fetch(`${h.url}/api/targeting/reach?postcode=${encodeURIComponent(truth.postcode)}&distance=2000`)).json()) as Catchment
    const shown = await page.locator('.anchor-results table.ranking tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code))
    expect(shown).toEqual(api.lsoas.map((l) => l.code))
    // shares as percentages
    expect(await page.locator('.anchor-results table.ranking tbody td.num').first().textContent()).toMatch(/^\d+\.\d%/)
    // the table reads without scrolling sideways on a phone
    const fit = await page.locator('.anchor-results .table-wrap.fit').first().evaluate((w) => w.scrollWidth <= w.clientWidth + 1)
    expect(fit).toBe(true)
    expect(await page.evaluate(() => { const c = document.getElementById('controls')!; return c.scrollWidth <= c.clientWidth + 1 })).toBe(true)
    await shot(page, 'answers-phone-anchor-postcode')
    // the map's centre, for those working by keyboard
    await page.getByRole('button', { name: 'Use the centre of the map' }).press('Enter')
    expect(await page.getByLabel('A point on the map').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Show catchment' }).press('Enter')
    await expect.poll(() => page.locator('.anchor-results h3').textContent(), { timeout: 30_000 }).toMatch(/^Within 2,000 m in a straight line of Point 51\.\d{5}, 0\.\d{5}$/)
    await page.close()
  })
})

describe('feedback in plain words', () => {
  it('errors sit beside the field they concern, in words: the form\'s own checks and a refusal by the service', async () => {
    const page = await h.open('/?tool=siting', DESKTOP)
    await page.locator('#siting-threshold').fill('500')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const err = page.locator('#siting-threshold-error')
    await err.waitFor()
    expect(await err.textContent()).toBe('Give the journey limit in whole minutes, from 1 to 120.')
    expect(await page.locator('#siting-threshold').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#siting-threshold').getAttribute('aria-describedby')).toContain('siting-threshold-error')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('siting-threshold')
    // the message is right under its field
    const f = (await page.locator('#siting-threshold').boundingBox())!
    const e = (await err.boundingBox())!
    expect(e.y - (f.y + f.height)).toBeLessThan(30)
    await page.locator('#siting-threshold').fill('15')
    // more hubs than candidate sites: the service refuses; its words go beside the number of hubs
    const libraries = catalogue.assetCategories.find((a) => a.id === 'library')!.count
    for (const box of await page.locator('input[name=category]').all()) await box.setChecked((await box.getAttribute('value')) === 'library', { force: true })
    await page.locator('#siting-hubs-p').check()
    await page.locator('#siting-p').fill(String(Math.min(50, libraries + 1)))
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const hubErr = page.locator('#siting-p-error')
    await hubErr.waitFor({ timeout: 30_000 })
    const words = (await hubErr.textContent())!
    expect(words).toMatch(/hubs but only \d+ candidate sites/)
    expect(words).not.toMatch(/\/api|body\.|Could not|\b400\b/)
    expect(await page.locator('.siting-status').textContent()).toBe('The run was refused: see the note beside the field.')
    await shot(page, 'answers-siting-error-beside-field')
    await page.close()

    const anchors = await h.open('/?tool=anchors', DESKTOP)
    await expect.poll(() => anchors.locator('.anchors select option').count()).toBeGreaterThan(1)
    await anchors.locator('.anchors input[type=number]').first().fill('50')
    await anchors.getByRole('button', { name: 'Show catchment' }).click()
    const a = anchors.locator('.anchors .field-error')
    expect(await a.allTextContents()).toEqual(['Choose an anchor institution, or another place to measure from.', 'Give the distance in whole metres, from 100 to 20,000.'])
    await anchors.close()
  })

  it('a link with unknown or stale parts says what it ignored; a link understood in full says nothing', async () => {
    const asset = catalogue.assetCategories[0].id
    const page = await h.open(`/?layer=imd_score_1999&assets=${asset},unicorns&locality=E99999999&colour=red`, DESKTOP)
    const notice = page.locator('#link-notice')
    await notice.waitFor()
    const text = (await notice.textContent())!
    expect(text).toContain('layer “imd_score_1999”')
    expect(text).toContain('“unicorns”')
    expect(text).toContain('locality “E99999999”')
    expect(text).toContain('“colour” is not something a link can set')
    // what it could use, it used
    expect(await page.evaluate(() => window.atlas!.state().assets)).toEqual([asset])
    await notice.getByRole('button', { name: 'Dismiss the note about the link' }).click()
    expect(await notice.count()).toBe(0)
    await page.close()
    const clean = await h.open(`/?assets=${asset}&level=ward`, DESKTOP)
    expect(await clean.locator('#link-notice').count()).toBe(0)
    await clean.close()
    // a saved scenario or an anchor that is no longer there is named, not silently dropped
    const stale = await h.open('/?scenario=999999999', DESKTOP)
    await expect.poll(() => stale.locator('.siting-status').textContent(), { timeout: 15_000 }).toBe('The saved scenario 999999999 asked for is not there (any more); the form shows the usual choices.')
    await stale.close()
    const gone = await h.open('/?anchor=999999999', DESKTOP)
    await expect.poll(() => gone.locator('.anchor-form > p[role=status]').textContent(), { timeout: 15_000 }).toBe('The link asked for anchor 999999999, which is not in the register (any more); choose another.')
    await gone.close()
  })

  it('ties are shown as ties and shares as percentages in the table view', async () => {
    // a share at LSOA level with tied values (IDACI: published to three decimals)
    const share = catalogue.indicators.find((i) => i.id === 'idaci_score_2019')!
    const fc = (await (await fetch(`${h.url}/api/areas/lsoa21?indicators=${share.id}&geometry=false`)).json()) as { features: Array<{ properties: Record<string, number | string> }> }
    const counts = new Map<number, number>()
    for (const f of fc.features) { const v = f.properties[share.id] as number; counts.set(v, (counts.get(v) ?? 0) + 1) }
    const tied = [...counts].filter(([, n]) => n > 1).map(([v]) => v)
    expect(tied.length).toBeGreaterThan(0)
    const page = await h.open(`/?layer=${share.id}&view=table`, DESKTOP)
    await page.locator('#table-view tbody tr').first().waitFor()
    const rows = await page.locator('#table-view tbody tr').evaluateAll((trs) => trs.map((tr) => ({ code: (tr as HTMLElement).dataset.code!, rank: tr.querySelector('td span[aria-hidden]')?.textContent ?? tr.querySelector('td')!.textContent!, said: tr.querySelector('td .visually-hidden')?.textContent ?? null, value: tr.querySelector('td.num')!.textContent! })))
    const byCode = new Map(fc.features.map((f) => [String(f.properties.code), f.properties[share.id] as number]))
    for (const r of rows) {
      const v = byCode.get(r.code)!
      expect(r.value).toBe(`${(v * 100).toFixed(1)}%`)
      if (tied.includes(v)) {
        expect(r.rank).toMatch(/^=\d+$/)
        expect(r.said).toMatch(/^joint \d+(st|nd|rd|th), tied with \d+ others?$/)
      } else expect(r.rank).toMatch(/^\d+$/)
    }
    // the tied areas share one rank
    const first = tied[0]
    expect(new Set(rows.filter((r) => byCode.get(r.code) === first).map((r) => r.rank)).size).toBe(1)
    await page.close()
  })
})

describe('the PNG export', () => {
  for (const size of [DESKTOP, PHONE]) {
    it(`at ${size.width}x${size.height} carries the legend's keys (asset symbols and the tool's overlays) and the source of every layer, nothing clipped`, async () => {
      const cats = catalogue.assetCategories.filter((a) => a.count > 0).slice(0, 2)
      const loc = catalogue.localities[0]
      const page = await h.open(`/?assets=${cats.map((c) => c.id).join(',')}&tool=siting&locality=${loc.code}`, size)
      await idle(page)
      // the legend's own button exports the map as shown, with the open tool's keys
      const legendKeys = await page.locator('#legend .overlay-keys li').allTextContents()
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#legend-png').click()])
      expect(download.suggestedFilename()).toMatch(/\.png$/)
      const info = await page.evaluate(() => { const c = window.atlas!.lastExport!; return { keys: JSON.parse(c.dataset.keys!) as string[], footer: JSON.parse(c.dataset.footer!) as string[], title: JSON.parse(c.dataset.title!) as string[], fits: c.dataset.fits } })
      expect(info.keys).toEqual(legendKeys)
      for (const c of cats) expect(info.keys).toContain(c.title)
      expect(info.keys.some((k) => /hub/i.test(k))).toBe(true)
      const footer = info.footer.join(' ')
      const def = catalogue.indicators.find((i) => i.id === catalogue.defaultIndicator)!
      expect(footer).toContain(def.source!.title)
      for (const c of cats) expect(footer).toContain(`${c.title}:`)
      expect(footer).toContain('Family Hub sites and catchments computed here')
      // the whole title, wrapped where it needs to be, and everything inside the picture
      const def0 = catalogue.indicators.find((i) => i.id === catalogue.defaultIndicator)!
      expect(info.title.join(' ')).toBe(`${def0.title} · ${loc.name} · Barking and Dagenham`)
      expect(info.fits).toBe('true')
      await download.saveAs(`test-results/screenshots/answers-export-${size.width}.png`)
      await page.close()
    })
  }

  it('carries the compared run\'s lettered hub labels and the map\'s DOM markers (a picked point\'s pin) where the map shows them', async () => {
    const page = await h.open('/', DESKTOP)
    // a point picked on the map (Explore's suggestion form): a DOM marker, not on the canvas
    await page.locator('.suggest summary').click()
    await page.getByRole('button', { name: 'Pick on the map' }).click()
    const box = (await page.locator('#map canvas').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3)
    await expect.poll(() => page.locator('.maplibregl-marker').count()).toBe(1)
    await page.locator('#tab-siting').click()
    const run = page.locator('#tabpanel-siting button[type=submit]').first()
    await run.click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:/)
    await page.locator('#siting-objective').selectOption('coverage')
    await run.click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 60_000 }).toMatch(/^Done:/)
    await page.locator('.siting-runs input[type=checkbox]').nth(0).check()
    await page.locator('.siting-runs input[type=checkbox]').nth(1).check()
    await page.locator('#siting-compare-runs').click()
    await page.locator('.siting-compare > table').waitFor()
    await idle(page)
    // the map places the compared run's lettered labels ("B1 …")
    const placed = await page.evaluate(() => window.atlas!.map.queryRenderedFeatures(undefined, { layers: ['siting-compare-label'] }).map((f) => String(f.properties.label)))
    expect(placed.length).toBeGreaterThan(0)
    expect(placed.every((l) => /^B\d+ /.test(l))).toBe(true)
    /** pixels of the compared labels' ink (#7a2e00) in the exported map, and what the export says it drew over the map */
    const exportInk = async (save?: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#legend-png').click()])
      if (save) await download.saveAs(save)
      return page.evaluate(() => {
        const c = window.atlas!.lastExport!
        const m = window.atlas!.map.getCanvas()
        const d = c.getContext('2d')!.getImageData(0, 0, m.width, c.height).data
        let ink = 0
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x7a) < 14 && Math.abs(d[i + 1] - 0x2e) < 14 && d[i + 2] < 14) ink++
        // the pin's red (#b10e1e) inside the marker's box: in the picture, and on the bare map canvas
        const pin = document.querySelector('.maplibregl-marker')!.getBoundingClientRect()
        const at = m.getBoundingClientRect()
        const k = m.width / m.clientWidth
        const red = (g: CanvasRenderingContext2D, dy: number) => {
          const px = g.getImageData(Math.round((pin.left - at.left) * k), Math.round((pin.top - at.top) * k + dy), Math.round(pin.width * k), Math.round(pin.height * k)).data
          let n = 0
          for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 0xb1) < 20 && px[i + 1] < 40 && Math.abs(px[i + 2] - 0x1e) < 25) n++
          return n
        }
        const bare = document.createElement('canvas')
        bare.width = m.width
        bare.height = m.height
        bare.getContext('2d')!.drawImage(m, 0, 0)
        return {
          ink, marks: JSON.parse(c.dataset.marks!) as Array<{ label: string; drawn: string }>,
          pinInPicture: red(c.getContext('2d')!, Number(c.dataset.mapTop)), pinOnCanvas: red(bare.getContext('2d')!, 0),
        }
      })
    }
    const withLabels = await exportInk('test-results/screenshots/answers-export-compared.png')
    await page.evaluate(() => window.atlas!.map.setLayoutProperty('siting-compare-label', 'visibility', 'none'))
    await idle(page)
    const without = await exportInk()
    // the labels' ink is in the picture, and goes when the labels are hidden
    expect(withLabels.ink).toBeGreaterThan(50)
    expect(withLabels.ink).toBeGreaterThan(without.ink * 2)
    // the picked point's pin: drawn from the DOM into the picture where it stands on the map
    expect(withLabels.marks).toEqual([{ label: 'Place picked for a suggestion', drawn: 'image', x: expect.any(Number), y: expect.any(Number) }])
    expect(withLabels.pinOnCanvas).toBeLessThan(10)
    expect(withLabels.pinInPicture).toBeGreaterThan(40)
    await page.close()
  })

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
