/**
 * The tools in headless Chromium against the real B&D import: Family Hub siting (issue 6's
 * done-when), the need index and the anchor view (issue 7's), the borough-only temporary
 * accommodation figures, axe with every tool open, and no request leaving this machine.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Catalogue, SeriesResult } from '../../client/src/api'
import { EDITOR_TOKEN, idle, shot, signIn, withHarness, type Harness } from './browser'

let h: Harness
let catalogue: Catalogue

withHarness((started, c) => {
  h = started
  catalogue = c
})

const rendered = (page: Page, layer: string, key: string) => page.evaluate(([l, k]) => {
  const m = window.atlas!.map
  if (!m.getLayer(l)) return []
  return [...new Set(m.queryRenderedFeatures({ layers: [l] }).map((f) => String(f.properties[k])))]
}, [layer, key] as const)

const openTool = async (page: Page, name: string) => {
  await page.getByRole('tab', { name }).click()
  await expect.poll(() => page.getByRole('tab', { name }).getAttribute('aria-selected')).toBe('true')
}

const axeViolations = async (page: Page) => {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
  }
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  })
}

describe('the tools in headless Chromium', () => {
  it('the tools are tabs: arrow keys move between them, the URL keeps the open one', async () => {
    const page = await h.open('/')
    expect(await page.getByRole('tablist', { name: 'Tools' }).count()).toBe(1)
    const tabs = await page.getByRole('tab').allTextContents()
    expect(tabs).toEqual(['Explore', 'Family Hubs', 'Need index', 'Anchors'])
    await page.getByRole('tab', { name: 'Explore' }).focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tab-siting')
    expect(await page.locator('#tabpanel-siting').isVisible()).toBe(true)
    expect(await page.locator('#tabpanel-explore').isHidden()).toBe(true)
    expect(new URL(page.url()).searchParams.get('tool')).toBe('siting')
    await page.keyboard.press('End')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tab-anchors')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tab-explore')
    expect(new URL(page.url()).searchParams.get('tool')).toBeNull()
    await page.close()
  })

  it('a planner sites three hubs, one per locality, for children 0-4 weighted by IDACI, saves, changes a setting, saves again and compares', async () => {
    const page = await h.open('/')
    await openTool(page, 'Family Hubs')
    // the scenario: one hub per locality, children 0-4 weighted by IDACI, libraries + community hubs + primary schools
    await page.locator('#siting-hubs-locality').check()
    await page.locator('#siting-population').selectOption('0-4')
    await page.locator('#siting-need').selectOption('idaci-score')
    for (const box of await page.locator('input[name=category]').all()) {
      const want = ['library', 'community_hub', 'primary_school'].includes((await box.getAttribute('value'))!)
      if ((await box.isChecked()) !== want) await box.setChecked(want, { force: true })
    }
    await page.locator('#siting-objective').selectOption('p-median')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 30_000 }).toMatch(/^Done: the best possible answer for these choices \(proven\)/)
    expect(await page.locator('.siting-sites li').count()).toBe(3)
    // the solver's account is folded away; the objective is named for what it does
    expect(await page.locator('.siting-method').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    expect(await page.locator('#siting-objective option:checked').textContent()).toMatch(/^Shortest average journey/)
    expect(await page.locator('.siting-results').textContent()).toMatch(/children aged 0-4|0-4/i)
    await idle(page)
    const sites = await rendered(page, 'siting-sites-circle', 'name')
    const catchments = await rendered(page, 'siting-catchments-fill', 'site')
    expect(sites).toHaveLength(3)
    expect(catchments).toHaveLength(3)
    // each hub is named on the map
    expect((await rendered(page, 'siting-sites-label', 'name')).sort()).toEqual([...sites].sort())
    await shot(page, '10-siting-solved')

    // save: saving opens the sign-in form once; the token is kept for the session
    const stamp = Date.now()
    const names = [`Three hubs p-median ${stamp}`, `Three hubs coverage ${stamp}`]
    await page.locator('#siting-name').fill(names[0])
    await page.getByRole('button', { name: 'Save scenario' }).click()
    await signIn(page, EDITOR_TOKEN, { opened: true })
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 30_000 }).toMatch(/^Saved as scenario \d+/)
    const first = Number(/scenario (\d+)/.exec((await page.locator('.siting-status').textContent())!)![1])
    expect(new URL(page.url()).searchParams.get('scenario')).toBe(String(first))

    // change one setting, run again, save
    await page.locator('#siting-objective').selectOption('coverage')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 30_000 }).toMatch(/^Done:/)
    expect(new URL(page.url()).searchParams.get('scenario')).toBeNull()
    await page.locator('#siting-name').fill(names[1])
    await page.getByRole('button', { name: 'Save scenario' }).click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 30_000 }).toMatch(/^Saved as scenario \d+/)
    const second = Number(/scenario (\d+)/.exec((await page.locator('.siting-status').textContent())!)![1])
    expect(second).not.toBe(first)

    // compare the two side by side: table and map
    for (const n of names) await page.getByRole('checkbox', { name: `Select ${n} for comparison` }).check()
    await page.getByRole('button', { name: 'Compare selected' }).click()
    const table = page.locator('.siting-compare > table')
    await table.waitFor()
    const heads = await table.locator('thead th').allTextContents()
    // a baseline column first, then the scenarios lettered as on the map
    expect(heads[1]).toMatch(/^Baseline: /)
    expect(heads.slice(2).map((x) => x.replace(/^[A-Z]: Run \d+: /, '')).sort()).toEqual([...names].sort())
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3)
    await idle(page)
    expect((await rendered(page, 'siting-compare-line', 'site')).length).toBeGreaterThan(0)
    await page.locator('.siting-compare').scrollIntoViewIfNeeded()
    await shot(page, '11-siting-compared')

    // a URL reopens a saved scenario
    const again = await h.open(`/?scenario=${first}`)
    await expect.poll(() => again.locator('.siting-status').textContent(), { timeout: 30_000 }).toContain(`Opened scenario "${names[0]}"`)
    expect(await again.getByRole('tab', { name: 'Family Hubs' }).getAttribute('aria-selected')).toBe('true')
    expect(await again.locator('#siting-objective').inputValue()).toBe('p-median')
    await idle(again)
    expect(await rendered(again, 'siting-sites-circle', 'name')).toHaveLength(3)
    // leaving the tool hides its layers; destroying nothing else
    await openTool(again, 'Explore')
    expect(await again.evaluate(() => window.atlas!.map.getLayoutProperty('siting-sites-circle', 'visibility'))).toBe('none')
    await again.close()
    await page.close()
  })

  it('a need index from three indicators highlights the top-ranked LSOAs and exports them as CSV', async () => {
    const page = await h.open('/')
    await openTool(page, 'Need index')
    // three indicators from three themes, read from the catalogue (children, fuel poverty, air quality)
    const pick = ['children', 'fuel-poverty', 'air-quality'].map((g) => catalogue.indicators.find((i) =>
      i.group === g && (i.kind === 'score' || i.kind === 'rate') && i.polarity !== 'neutral' && i.available.includes('lsoa21'))!)
    for (const i of pick) await page.locator(`.need-index input[type=checkbox][value="${i.id}"]`).check()
    await page.locator(`.need-index input[data-weight-for="${pick[0].id}"]`).fill('2')
    await page.getByRole('button', { name: 'Compute index' }).click()
    await expect.poll(() => page.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked \d+ areas/)
    const spec = new URL(page.url()).searchParams.get('index')!
    expect(spec.split(',').sort()).toEqual([`${pick[0].id}:2`, `${pick[1].id}:1`, `${pick[2].id}:1`].sort())
    const api = (await (await fetch(`${h.url}/api/targeting/index?indicators=${spec}`)).json()) as { areas: Array<{ code: string; rank: number }> }
    const top = api.areas.filter((a) => a.rank <= 10).map((a) => a.code).sort()
    // ties share a rank, so "the top 10" can hold a few more areas
    expect(top.length).toBeGreaterThanOrEqual(10)
    await idle(page)
    await expect.poll(async () => (await rendered(page, 'need-index-panel-fill', 'code')).sort()).toEqual(top)
    const rows = await page.locator('.need-index-results tbody tr').count()
    expect(rows).toBe(api.areas.length)
    const firstRow = await page.locator('.need-index-results tbody tr').first().locator('th').textContent()
    expect(firstRow).toContain(api.areas.find((a) => a.rank === 1)!.code)
    await shot(page, '12-need-index')
    // export: the CSV link answers 200 text/csv with the ranked LSOAs in the order shown; their sources in the CSVW metadata it links to
    const href = await page.getByRole('link', { name: 'Download the need index ranking as CSV', exact: true }).getAttribute('href')
    const res = await fetch(new URL(href!, h.url))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const csv = await res.text()
    expect(csv.trimEnd().split('\n').slice(1).map((l) => l.split(',')[1])).toEqual(api.areas.map((a) => a.code))
    const meta = await (await fetch(new URL(/^<([^>]+)>/.exec(res.headers.get('link')!)![1], h.url))).json()
    expect(meta.tableSchema.columns.some((c: { 'dc:source'?: string }) => c['dc:source'])).toBe(true)
    for (const f of ['xlsx', 'zip', 'geojson', 'gpkg']) expect(await page.locator(`.need-index-results a[data-format="${f}"]`).count()).toBe(1)
    // the app URL restores the index
    const again = await h.open(new URL(page.url()).search)
    await expect.poll(() => again.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked \d+ areas/)
    expect(await again.locator(`.need-index input[data-weight-for="${pick[0].id}"]`).inputValue()).toBe('2')
    await again.close()
    await page.close()
  })

  it('an anchor institution with a 3 km reach gives the ranked list of LSOAs and its catchment on the map', async () => {
    const page = await h.open('/')
    await openTool(page, 'Anchors')
    const select = page.locator('.anchors select')
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1)
    const id = (await select.locator('option').nth(1).getAttribute('value'))!
    await select.selectOption(id)
    await page.locator('.anchors input[type=number]').first().fill('3000')
    await page.getByRole('button', { name: 'Show catchment' }).click()
    await page.locator('.anchor-results table.ranking tbody tr').first().waitFor({ timeout: 30_000 })
    // the distance asked for is the one applied: by default a straight line (detour 1)
    const api = (await (await fetch(`${h.url}/api/targeting/anchors/${id}/catchment?distance=3000&detour=1`)).json()) as { lsoas: Array<{ code: string; rank: number | null }>; reach_m: number }
    expect(api.reach_m).toBe(3000)
    expect(await page.locator('.anchor-results table.ranking tbody tr').count()).toBe(api.lsoas.length)
    const shown = await page.locator('.anchor-results table.ranking tbody th').allTextContents()
    expect(shown.map((t) => /E01\d{6}/.exec(t)![0])).toEqual(api.lsoas.map((l) => l.code))
    expect(await page.locator('.anchor-results h3').textContent()).toMatch(/^Within 3,000 m in a straight line of .+$/)
    // the map shows the indicator the table ranks
    await expect.poll(() => page.evaluate(() => window.atlas!.state().indicator)).toBe('employment_score_2025')
    expect(new URL(page.url()).searchParams.get('anchor')).toBe(id)
    await idle(page)
    expect((await rendered(page, 'anchor-panel-lsoas', 'part')).length).toBe(1)
    expect((await rendered(page, 'anchor-panel-point', 'name')).length).toBe(1)
    const csv = await fetch(new URL((await page.getByRole('link', { name: /^Download the catchment ranking .* as CSV$/ }).getAttribute('href'))!, h.url))
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    await shot(page, '13-anchor-catchment')
    // as a walk: the heading says the walk and the straight line it was taken as (3000 / 1.3)
    await page.getByLabel('a walk, taken as the straight line ×').check()
    await page.getByRole('button', { name: 'Show catchment' }).click()
    await expect.poll(() => page.locator('.anchor-results h3').textContent()).toMatch(/^Within a 3,000 m walk of .+ \(taken as 2,307\.7 m in a straight line × 1\.3 for the way streets wind\)$/)
    await page.close()
  })

  it('temporary accommodation shows the borough figure and trend beside London and England, not a choropleth', async () => {
    // the council's local TA layer while it has no small-area values; else any housing layer
    const housing = catalogue.indicators.find((i) => i.group === 'housing' && i.available.length === 0)
      ?? catalogue.indicators.find((i) => i.group === 'housing')!
    const page = await h.open(`/?layer=${housing.id}`)
    const panel = page.locator('#ta-panel')
    await panel.waitFor()
    await page.locator('#ta-table').waitFor()
    const series = (await (await fetch(`${h.url}/api/series`)).json()) as SeriesResult
    const households = series.series[0]
    const borough = households.areas.find((a) => a.role === 'borough')!
    // the figure the issue names: 1,020 households at 31 December 2025
    expect(borough.points.find((p) => p.period === '2025-12-31')?.value).toBe(1020)
    expect(await page.locator('#ta-table tr[data-period="2025-12-31"] td[data-role="borough"]').textContent()).toBe('1,020')
    expect(await page.locator('#ta-headline').textContent()).toContain('1,020 households at 31 Dec 2025')
    expect(await page.locator('#ta-headline time').getAttribute('datetime')).toBe('2025-12-31')
    for (const role of ['london', 'england']) expect(await page.locator(`#ta-table tr[data-period="2025-12-31"] td[data-role="${role}"]`).textContent()).toMatch(/^\d{1,3}(,\d{3})+$/)
    expect(await panel.locator('svg.series-chart path').count()).toBe(3)
    expect(await panel.locator('.source-line').textContent()).toContain(households.source!.vintage)
    expect(await panel.locator('[role=note]').textContent()).toMatch(/no ward or LSOA figures/)
    // with no LSOA values the map draws no classes for it
    if (!housing.available.length) expect(await page.locator('#legend .classes').count()).toBe(0)
    // the other figures are a choice away
    await page.locator('#ta-series').selectOption(series.series[1].id)
    await expect.poll(() => page.locator('#ta-table caption').textContent()).toContain(series.series[1].title)
    await page.locator('#ta-series').selectOption(households.id)
    await panel.scrollIntoViewIfNeeded()
    await shot(page, '14-temporary-accommodation')
    // another layer in a different group hides it
    await page.locator(`details[data-group="${catalogue.indicators[0].group}"] > summary`).click()
    await page.locator(`#layer-${catalogue.defaultIndicator}`).check()
    await expect.poll(() => panel.isHidden()).toBe(true)
    await page.close()
  })

  it('the layer list shows each family once and offers its other measures where the geography has them', async () => {
    const page = await h.open('/?level=ward')
    const def = catalogue.indicators.find((i) => i.id === catalogue.defaultIndicator)!
    const radios = await page.locator('#layer-list input[type=radio]').count()
    expect(radios).toBeLessThan(catalogue.indicators.length / 2)
    const options = page.locator('#layer-measure option')
    expect(await options.count()).toBeGreaterThan(1)
    // at ward level, LSOA-only measures (ranks, deciles) are disabled and the reason is given
    const disabled = await page.locator('#layer-measure option:disabled').allTextContents()
    expect(disabled.length).toBeGreaterThan(0)
    expect(await page.locator('#layer-measure-help').textContent()).toMatch(/LSOAs only/)
    const share = catalogue.indicators.find((i) => i.aggregate.method === 'share-of-lsoas' && i.group === def.group && i.available.includes('ward'))!
    await page.locator('#layer-measure').selectOption(share.id)
    await expect.poll(() => page.locator('#legend-title').textContent()).toBe(share.title)
    expect(new URL(page.url()).searchParams.get('layer')).toBe(share.id)
    await page.locator('#layer-measure').focus()
    await idle(page)
    await shot(page, '15-layer-measures')
    // back to LSOAs: the share has no LSOA values, so the family's score is shown
    await page.locator('#level-lsoa21').check()
    await expect.poll(() => page.locator('#legend-title').textContent()).toBe(def.title)
    expect(await page.locator('#layer-measure option:disabled').count()).toBeGreaterThan(0)
    await page.close()
  })

  it('axe-core finds no serious or critical violations with each tool open and showing results', async () => {
    const page = await h.open('/')
    expect(await axeViolations(page)).toEqual([])
    await openTool(page, 'Family Hubs')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => page.locator('.siting-status').textContent(), { timeout: 30_000 }).toMatch(/^Done:/)
    expect(await axeViolations(page)).toEqual([])
    await openTool(page, 'Need index')
    const first = catalogue.indicators.find((i) => i.kind === 'score' && i.polarity === 'higher-worse' && i.available.includes('lsoa21'))!
    await page.locator(`.need-index input[type=checkbox][value="${first.id}"]`).check()
    await page.getByRole('button', { name: 'Compute index' }).click()
    await expect.poll(() => page.locator('.need-index [role=status]').textContent(), { timeout: 30_000 }).toMatch(/^Ranked/)
    expect(await axeViolations(page)).toEqual([])
    await openTool(page, 'Anchors')
    const select = page.locator('.anchors select')
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1)
    await select.selectOption((await select.locator('option').nth(1).getAttribute('value'))!)
    await page.getByRole('button', { name: 'Show catchment' }).click()
    await page.locator('.anchor-results table.ranking tbody tr').first().waitFor({ timeout: 30_000 })
    expect(await axeViolations(page)).toEqual([])
    const housing = catalogue.indicators.find((i) => i.group === 'housing')!
    const ta = await h.open(`/?layer=${housing.id}`)
    await ta.locator('#ta-table').waitFor()
    expect(await axeViolations(ta)).toEqual([])
    await ta.close()
    await page.close()
  })

  it('made no request to any host but this machine', () => {
    expect(h.external).toEqual([])
  })
})
