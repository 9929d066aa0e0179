/**
 * The printable locality report: rendered to PDF by headless Chromium and read back with poppler's
 * pdftotext, the locality's own figures (both IoD editions, borough, London), its ranked LSOAs, its
 * assets and the sources' licences are in it, on A4 pages.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PdfRenderer } from '../../server/exports/pdf'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const CHROMIUM = '/usr/bin/chromium'

describe(`locality report on the ${backend} backend`, () => {
  const app = withApp({ deps: () => ({ pdf }) })
  const pdf = new PdfRenderer(CHROMIUM)
  const dir = mkdtempSync(join(tmpdir(), 'atlas-report-'))
  afterAll(async () => {
    await pdf.close()
  })

  it('renders an A4 PDF holding the locality against borough, London and England, its ranked LSOAs, assets and licences', async () => {
    const o = await (await fetch(`${app.url}/api/localities`)).json()
    const loc = o.localities[0] as { code: string; name: string }
    const p = await (await fetch(`${app.url}/api/localities/${loc.code}/profile`)).json()
    const res = await fetch(`${app.url}/api/localities/${loc.code}/report.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="locality-report-${loc.code}.pdf"`)
    const file = join(dir, `${loc.code}.pdf`)
    writeFileSync(file, Buffer.from(await res.arrayBuffer()))

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    expect(info).toMatch(/Page size:\s+594\.9\d x 841\.9\d pts \(A4\)/)
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain(`Locality profile: ${loc.name}`)
    expect(text).toContain('Where need is greatest')
    const row = (id: string) => p.rows.find((r: { indicator: { id: string } }) => r.indicator.id === id)
    for (const id of ['imd_score_2025', 'imd_score_2019']) {
      const r = row(id)
      const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(r.indicator.decimals))
      // the row: title, then locality, borough, London, England as the profile API gives them
      expect(text).toContain(`${f(r.locality)} ${f(r.borough)} ${f(r.london)} ${f(r.england)}`)
    }
    expect(text).toContain('(IoD 2025)')
    expect(text).toContain('(IoD 2019)')
    for (const l of p.ranking.lsoas.slice(0, 3)) expect(text).toContain(l.code)
    const assets = await (await fetch(`${app.url}/api/assets?locality=${loc.code}&limit=5`)).json()
    expect(assets.features.length).toBeGreaterThan(0)
    // names may wrap across lines and columns: compare letters and digits only
    const letters = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '')
    const raw = letters(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }))
    for (const a of assets.features) expect(raw).toContain(letters(a.properties.name))
    expect(text).toContain('Sources and licences')
    expect(text).toMatch(/OGL-UK-3\.0|Open Government Licence/)
    expect(text).toContain(`Page 1 of ${pages}`)

    // the first page as an image, for a person to look at
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')])
    console.log(`[${backend}] ${loc.name}: ${pages} A4 pages; page 1 image in ${dir}`)
  })

  it('serves the same report as one printable HTML page that fetches nothing', async () => {
    const res = await fetch(`${app.url}/api/localities/LOC-WEST/report.html`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('@page { size: A4')
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<(script|link|img)\b|url\(|src=/)
    expect((await fetch(`${app.url}/api/localities/NOWHERE/report.pdf`)).status).toBe(404)
  })
})
