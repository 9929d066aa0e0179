/**
 * Every export read back with the reader its users have: tidy CSV with a strict parser and its
 * CSVW metadata, XLSX with SheetJS, GeoJSON with geojson-validation, GeoPackage with GDAL's
 * ogrinfo; values compared with the JSON API on the real B&D import.
 */
import { describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { backend } from '../support/env'
import { checkAgainstCsvw, download, readCsv, readGeoJson, readGpkg, readXlsx, readZip, type Csvw } from './readers'

const round = (v: number, dp: number) => Math.round(v * 10 ** dp) / 10 ** dp
const TOKEN = 'exports-test-editor-token'

describe(`exports on the ${backend} backend`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [TOKEN] } }) })
  const json = async (p: string) => {
    const r = await fetch(`${app.url}${p}`)
    expect(r.status, p).toBe(200)
    return r.json()
  }

  const AREAS = '/api/areas/ward?indicators=imd_score_2025,idaci_score_2019,ta_local_households'

  it('writes areas as a tidy CSV: one header of indicator ids, values at declared precision, greatest need first, described by CSVW', async () => {
    const d = await download(`${app.url}${AREAS}&format=csv`)
    expect(d.type).toMatch(/^text\/csv; charset=utf-8/)
    expect(d.filename).toBe('ward-imd_score_2025-idaci_score_2019-ta_local_households.csv')
    const text = d.body.toString()
    const csv = readCsv(text)
    expect(csv.header).toEqual(['rank', 'level', 'code', 'name', 'imd_score_2025', 'idaci_score_2019', 'ta_local_households'])
    expect(text.trimEnd().split('\n')).toHaveLength(1 + csv.rows.length) // nothing but header and rows
    expect(text).not.toMatch(/Sources|^#/m)

    // the Link header names the sibling metadata, which describes exactly these columns
    expect(d.link).toMatch(/^<\/api\/areas\/ward\?.*format=csv-metadata>; rel="describedby"; type="application\/csvm\+json"$/)
    const metaUrl = /^<([^>]+)>/.exec(d.link!)![1]
    const meta = (await json(metaUrl)) as Csvw
    checkAgainstCsvw(csv, meta)
    expect(meta.url).toMatch(/format=csv$/)
    const imd = meta.tableSchema.columns.find((c) => c.name === 'imd_score_2025')!
    expect(imd.titles).toContain('Index of Multiple Deprivation')
    expect(imd['dc:license']).toMatch(/OGL|Open Government/)
    expect(imd['dc:temporal']).toContain('2025')
    expect(imd['schema:valuePrecision']).toBe(1)
    expect(meta.tableSchema.columns.find((c) => c.name === 'ta_local_households')!['rdfs:comment']).toMatch(/1 to 4/)

    // the same figures as the JSON API, rounded; rows in need order (the table view's)
    const api = await json(AREAS)
    const byCode = new Map(api.features.map((f: { id: string; properties: Record<string, number | null> }) => [f.id, f.properties]))
    expect(csv.rows).toHaveLength(api.features.length)
    for (const r of csv.rows) {
      const p = byCode.get(r[2]) as Record<string, number | null>
      expect(Number(r[4])).toBe(round(p.imd_score_2025!, 1))
      expect(Number(r[5])).toBe(round(p.idaci_score_2019!, 3))
    }
    const scores = csv.rows.map((r) => Number(r[4]))
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(csv.rows[0][0]).toBe('1')
    console.log(`[${backend}] ward CSV: ${csv.rows.length} rows; first ${csv.rows[0].slice(0, 5).join(',')}`)
  })

  it('zips the CSV with its metadata, the metadata pointing at the CSV beside it', async () => {
    const d = await download(`${app.url}${AREAS}&format=zip`)
    expect(d.type).toBe('application/zip')
    expect(d.filename).toMatch(/\.zip$/)
    const files = readZip(d.body)
    const stem = d.filename.replace(/\.zip$/, '')
    expect(Object.keys(files).sort()).toEqual([`${stem}.csv`, `${stem}.csv-metadata.json`])
    const meta = JSON.parse(files[`${stem}.csv-metadata.json`]) as Csvw
    expect(meta.url).toBe(`${stem}.csv`)
    checkAgainstCsvw(readCsv(files[`${stem}.csv`]), meta)
  })

  it('writes areas as XLSX: typed numbers, frozen header, widths, and a Sources sheet', async () => {
    const d = await download(`${app.url}${AREAS}&format=xlsx`)
    expect(d.filename).toMatch(/\.xlsx$/)
    const x = readXlsx(d.body)
    expect(x.wb.SheetNames).toEqual(['Data', 'Sources'])
    expect(x.header).toEqual(['rank', 'level', 'code', 'name', 'imd_score_2025', 'idaci_score_2019', 'ta_local_households'])
    expect(x.data.E2.t).toBe('n')
    expect(x.frozen).toBe(true)
    expect(x.cols?.length).toBe(7)
    const csv = readCsv((await download(`${app.url}${AREAS}&format=csv`)).body.toString())
    expect(x.rows.map((r) => [r[2], r[4], r[5]])).toEqual(csv.rows.map((r) => [r[2], Number(r[4]), Number(r[5])]))
    const src = x.sources.find((r) => r[0] === 'imd_score_2025')!
    expect(src.join(' ')).toMatch(/Indices of Deprivation 2025/)
    expect(src.join(' ')).toMatch(/OGL|Open Government/)
  })

  it('downloads areas as GeoJSON with a file name, valid RFC 7946, and as a GeoPackage GDAL reads in EPSG:4326', async () => {
    const gjDown = await download(`${app.url}${AREAS}&format=geojson`)
    expect(gjDown.filename).toMatch(/^ward-.*\.geojson$/)
    expect(gjDown.type).toMatch(/^application\/geo\+json/)
    const gj = readGeoJson(gjDown.body)
    const api = await json(AREAS)
    expect(gj.features.map((f: { id: string }) => f.id).sort()).toEqual(api.features.map((f: { id: string }) => f.id).sort())

    const d = await download(`${app.url}${AREAS}&format=gpkg`)
    expect(d.type).toBe('application/geopackage+sqlite3')
    const g = readGpkg(d.body, d.filename)
    const layer = d.filename.replace(/\.gpkg$/, '').replace(/-/g, '_')
    const summary = g.summary(layer)
    expect(summary).toMatch(new RegExp(`Feature Count: ${api.features.length}`))
    expect(summary).toMatch(/Geometry: Multi Polygon/)
    expect(summary).toMatch(/ID\["EPSG",4326\]/)
    expect(summary).toMatch(/imd_score_2025: Real/)
    const first = api.features[0]
    const row = g.sql(`SELECT imd_score_2025 FROM "${layer}" WHERE code = '${first.id}'`)
    expect(row).toContain(`imd_score_2025 (Real) = ${first.properties.imd_score_2025}`.slice(0, 30))
    const meta = g.sql(`SELECT md_standard_uri, mime_type FROM gpkg_metadata`)
    expect(meta).toMatch(/application\/csvm\+json/)
    expect(g.sql(`SELECT licence FROM "${layer}_sources" WHERE "column" = 'imd_score_2025'`)).toMatch(/OGL|Open Government/)
  })

  it('exports the asset register with provenance and moderation status in every format', async () => {
    const api = await json('/api/assets?category=library&status=all')
    const csvDown = await download(`${app.url}/api/assets?category=library&status=all&format=csv`)
    expect(csvDown.filename).toBe('assets-library.csv')
    const csv = readCsv(csvDown.body.toString())
    checkAgainstCsvw(csv, await json(/^<([^>]+)>/.exec(csvDown.link!)![1]))
    expect(csv.rows).toHaveLength(api.features.length)
    const col = (n: string) => csv.header.indexOf(n)
    expect(csv.rows.map((r) => Number(r[col('id')]))).toEqual(api.features.map((f: { id: number }) => f.id))
    expect(csv.rows.every((r) => r[col('moderation')] !== '' && r[col('licence')] !== '' && r[col('source')] !== '')).toBe(true)
    const gj = readGeoJson((await download(`${app.url}/api/assets?category=library&status=all&format=geojson`)).body)
    expect(gj.features[0].properties.moderation).toBeTruthy()
    const d = await download(`${app.url}/api/assets?category=library&status=all&format=gpkg`)
    const g = readGpkg(d.body, d.filename)
    const s = g.summary('assets_library')
    expect(s).toMatch(new RegExp(`Feature Count: ${api.features.length}`))
    expect(s).toMatch(/Geometry: Point/)
    const x = readXlsx((await download(`${app.url}/api/assets?category=library&status=all&format=xlsx`)).body)
    expect(x.rows).toHaveLength(api.features.length)
  })

  it('exports the locality profile and its ranked LSOAs as tidy tables', async () => {
    const o = await json('/api/localities')
    const code = o.localities[0].code
    const p = await json(`/api/localities/${code}/profile?rank=imd_score_2025`)
    const d = await download(`${app.url}/api/localities/${code}/profile?rank=imd_score_2025&format=csv`)
    expect(d.filename).toBe(`profile-${code}.csv`)
    const csv = readCsv(d.body.toString())
    expect(csv.header.slice(0, 7)).toEqual(['indicator', 'title', 'unit', 'locality', 'borough', 'london', 'england'])
    const imd = csv.rows.find((r) => r[0] === 'imd_score_2025')!
    const apiImd = p.rows.find((r: { indicator: { id: string } }) => r.indicator.id === 'imd_score_2025')
    expect(Number(imd[3])).toBe(round(apiImd.locality, 1))
    expect(Number(imd[4])).toBe(round(apiImd.borough, 1))
    const lsoas = readCsv((await download(`${app.url}/api/localities/${code}/profile?rank=imd_score_2025&format=csv&table=lsoas`)).body.toString())
    expect(lsoas.header).toEqual(['rank', 'code', 'name', 'ward', 'imd_score_2025'])
    expect(lsoas.rows.map((r) => r[1])).toEqual(p.ranking.lsoas.map((l: { code: string }) => l.code))
  })

  it('exports the need index and an anchor catchment as spreadsheets and GeoPackages', async () => {
    const q = 'indicators=idaci_score_2019:2,fp_pct_2021:1&method=rank'
    const api = await json(`/api/targeting/index?${q}`)
    const x = readXlsx((await download(`${app.url}/api/targeting/index?${q}&format=xlsx`)).body)
    expect(x.header.slice(0, 4)).toEqual(['rank', 'code', 'name', 'index'])
    expect(x.rows.map((r) => r[1])).toEqual(api.areas.map((a: { code: string }) => a.code))
    expect(x.rows[0][3]).toBe(round(api.areas[0].index, 6))
    const d = await download(`${app.url}/api/targeting/index?${q}&format=gpkg`)
    const s = readGpkg(d.body, d.filename).summary(d.filename.replace(/\.gpkg$/, '').replace(/-/g, '_'))
    expect(s).toMatch(/Feature Count: 115/)

    const anchors = (await json('/api/targeting/anchors')).anchors as Array<{ id: number; name: string }>
    const kg = anchors.find((a) => a.name === 'King George Hospital')!
    const c = await json(`/api/targeting/anchors/${kg.id}/catchment?distance=3000`)
    const cd = await download(`${app.url}/api/targeting/anchors/${kg.id}/catchment?distance=3000&format=csv`)
    expect(cd.filename).toMatch(/^anchor-\d+-King-George-Hospital-3000m\.csv$/)
    const csv = readCsv(cd.body.toString())
    expect(csv.header.slice(0, 4)).toEqual(['rank', 'code', 'name', 'distance_m'])
    expect(csv.rows.map((r) => r[1])).toEqual(c.lsoas.map((l: { code: string }) => l.code))
    const gp = await download(`${app.url}/api/targeting/anchors/${kg.id}/catchment?distance=3000&format=gpkg`)
    expect(readGpkg(gp.body, gp.filename).layers()).toMatch(/anchor_\d+_king_george_hospital_3000m/)
  })

  it('offers each resource the formats the catalogue lists for it, and each of them downloads with its media type', async () => {
    const v = (await json('/api/catalogue')).vocabulary as { exportFormats: Array<{ id: string; geo: boolean }>; exportsByResource: Record<string, string[]> }
    const geo = new Set(v.exportFormats.filter((f) => f.geo).map((f) => f.id))
    // a plain table offers no GIS format; data with geometry offers every format
    for (const r of ['profile', 'scenarioComparison', 'audit']) expect(v.exportsByResource[r].some((f) => geo.has(f)), r).toBe(false)
    for (const r of ['areas', 'assets', 'needIndex', 'anchorCatchment', 'reach', 'scenario']) expect(v.exportsByResource[r]).toEqual(v.exportFormats.map((f) => f.id))

    const code = (await json('/api/localities')).localities[0].code
    const kg = ((await json('/api/targeting/anchors')).anchors as Array<{ id: number; name: string }>).find((a) => a.name === 'King George Hospital')!
    const urls: Record<string, string> = {
      areas: '/api/areas/ward?indicators=imd_score_2025',
      assets: '/api/assets?category=library',
      profile: `/api/localities/${code}/profile?rank=imd_score_2025`,
      needIndex: '/api/targeting/index?indicators=imd_score_2025',
      anchorCatchment: `/api/targeting/anchors/${kg.id}/catchment?distance=1000`,
      reach: '/api/targeting/reach?lon=0.13&lat=51.54&distance=1000',
    }
    const media: Record<string, RegExp> = {
      csv: /^text\/csv/, xlsx: /spreadsheetml/, zip: /^application\/zip/, geojson: /^application\/geo\+json/, gpkg: /^application\/geopackage\+sqlite3/,
    }
    for (const [resource, url] of Object.entries(urls)) {
      for (const f of v.exportsByResource[resource]) {
        const d = await download(`${app.url}${url}&format=${f}`)
        expect(d.type, `${resource} ${f}`).toMatch(media[f])
      }
    }
    // a format the resource does not list is refused with the list it does offer
    const refused = await fetch(`${app.url}${urls.profile}&format=geojson`)
    expect(refused.status).toBe(400)
    const problem = (await refused.json()) as { issues: Array<{ path: string; message: string }> }
    const said = problem.issues.find((i) => i.path === 'query.format')!.message
    for (const f of v.exportsByResource.profile) expect(said).toContain(`"${f}"`)
    expect(said).not.toContain('"geojson"')
  })
})
