/**
 * IoD 2025 (LSOA 2021) and fuel poverty 2022 beside the 2019/2021 editions, on the real shipped
 * files: the published borough figures reproduced or shown as published, the derived IDACI rate
 * labelled as such, the change view between editions, and edition years in every id served.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readFuelPovertyAuthority } from '../../geodata/read/fuelPoverty'
import { readIod2025LadSummary, readIod2025Lsoa } from '../../geodata/read/iod2025'
import { DEFAULT_INDICATOR, editionsOf, findIndicator, indicators } from '../../server/catalogue/indicators'
import { withApp } from '../support/app'
import { geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'

const raw = (...p: string[]) => path.join(geodataDir, ...p)

describe('IoD 2025 and fuel poverty 2022 beside the earlier editions', () => {
  const app = withApp()
  const value = async (indicator: string, level: string, code: string) => {
    const r = await app.db.knex('indicator_values').where({ indicator_id: indicator, level, code }).first('value', 'method', 'numerator', 'denominator')
    return r ? { ...r, value: r.value === null ? null : Number(r.value), numerator: r.numerator === null ? null : Number(r.numerator), denominator: r.denominator === null ? null : Number(r.denominator) } : undefined
  }
  const json = async (p: string) => {
    const r = await fetch(`${app.url}${p}`)
    expect(r.status, p).toBe(200)
    return r.json()
  }

  it('reads the 115 LSOA 2021 rows of IMD 2025 with E01000061 the most deprived at 55.406', async () => {
    const rows = await readIod2025Lsoa(raw('iod2025', 'bd_imd2025_lsoa21.csv'))
    expect(rows).toHaveLength(115)
    const top = [...rows].sort((a, b) => b.values.imd_score! - a.values.imd_score!)[0]
    expect(top).toMatchObject({ lsoa21cd: 'E01000061' })
    expect(top.values.imd_score).toBe(55.406)
    expect(rows.filter((r) => r.values.imd_decile === 1)).toHaveLength(2)
  })

  it('stores IMD 2025 per LSOA 2021 natively and puts 2 of 115 LSOAs in England\'s most deprived 10%', async () => {
    expect((await value('imd_score_2025', 'lsoa21', 'E01000061'))!.value).toBe(55.406)
    expect((await value('imd_score_2025', 'lsoa21', 'E01000061'))!.method).toBe('source')
    const share = (await value('imd_share_10_2025', 'borough', TEST_LA))!
    expect([share.numerator, share.denominator]).toEqual([2, 115])
    expect(share.value).toBeCloseTo((100 * 2) / 115, 9)
  })

  it('computes the income domain average 0.384 and the IMD 30.305 (published 30.266) with Census 2021 weights', async () => {
    expect((await value('income_score_2025', 'borough', TEST_LA))!.value!.toFixed(3)).toBe('0.384')
    const imd = (await value('imd_score_2025', 'borough', TEST_LA))!.value!
    expect(imd.toFixed(3)).toBe('30.305')
    expect(findIndicator('imd_score_2025')!.description).toMatch(/Census 2021/)
  })

  it('serves File 10 as published: rank of average score 38 of 296, rank of average rank 9, 5th in London, income rank of average rank 1', async () => {
    const p = await json('/api/borough/published')
    const imd = p.rows.find((r: { domain: string }) => r.domain === 'imd')
    expect(imd).toMatchObject({ averageScore: 30.266, rankOfAverageScore: 38, rankOfAverageRank: 9, lads: 296, londonRankOfAverageScore: 5, londonBoroughs: 33 })
    expect(imd.computed.value.toFixed(3)).toBe('30.305')
    expect(p.rows.find((r: { domain: string }) => r.domain === 'income').rankOfAverageRank).toBe(1)
    expect(p.rows.find((r: { domain: string }) => r.domain === 'idaci')).toMatchObject({ averageScore: 0.518, rankOfAverageRank: 9 })
    expect(p.sentence).toContain('38th most deprived of England\'s 296')
    expect(p.sentence).toContain('5th in London')
    expect(p.method).toMatch(/30\.305 computed vs 30\.266 published/)
    expect(p.source).toMatchObject({ dataset: 'iod2025_lad', licence: 'OGL-UK-3.0' })
    // The File 10 table is whole: London's five most deprived by average score, as PROVENANCE gives them.
    const lads = await readIod2025LadSummary(raw('iod2025', 'england_imd2025_ltla24.csv'))
    const london = lads.filter((r) => r.domain === 'imd' && r.ladCode.startsWith('E09')).sort((a, b) => b.averageScore - a.averageScore)
    expect(london.slice(0, 5).map((r) => [r.ladName, r.averageScore])).toEqual([
      ['Hackney', 31.795], ['Newham', 31.583], ['Haringey', 30.856], ['Tower Hamlets', 30.554], ['Barking and Dagenham', 30.266],
    ])
  })

  it('derives an IDACI 2025 rate within 0.002 of the published 0.518, labelled as an approximation', async () => {
    const r = (await value('idaci_rate_2025', 'borough', TEST_LA))!
    expect(r.numerator).toBe(29_505)
    expect(Math.abs(r.value! - 0.518)).toBeLessThan(0.002)
    const d = findIndicator('idaci_rate_2025')!
    expect(d.title).toMatch(/derived approximation/)
    expect(d.derived).toMatch(/not the published score/)
    // LSOA values are the numerator over that LSOA's estimated children.
    const lsoa = (await value('idaci_rate_2025', 'lsoa21', 'E01000006'))!
    expect(lsoa.method).toBe('derived-ratio')
    expect(lsoa.value).toBeCloseTo(255 / (153 + 127 + 110 + 122 / 5), 9)
  })

  it('imports fuel poverty 2022: 10,692 of 79,591 households = 13.433%, with London and England from Table 2', async () => {
    const fp = (await value('fp_pct_2022', 'borough', TEST_LA))!
    expect([fp.numerator, fp.denominator]).toEqual([10_692, 79_591])
    // DESNZ's Table 2 publishes 13.433; the ratio of its own counts is 13.4337 (the table truncates).
    const published = await readFuelPovertyAuthority(raw('desnz-fuel-poverty', 'sub-regional-fuel-poverty-2024-tables-2022-data.xlsx'), TEST_LA)
    expect(published.authority.fuel_poor_pct).toBe(13.433)
    expect(Math.abs(fp.value! - 13.433)).toBeLessThan(0.001)
    expect((await value('fp_pct_2022', 'region', 'E12000007'))!.value).toBe(10.42)
    expect((await value('fp_pct_2022', 'country', 'E92000001'))!.value).toBe(13.051)
    expect((await value('fp_pct_2021', 'borough', TEST_LA))!.value!.toFixed(2)).toBe('15.28')
    expect(findIndicator('fp_pct_2022')!.caveat).toMatch(/trends over time within an LSOA/)
  })

  it('defaults to the newest edition and offers 2019 beside it, with the edition year in every IoD id', async () => {
    expect(DEFAULT_INDICATOR).toBe('imd_score_2025')
    expect(editionsOf('imd_score').map((d) => d.id)).toEqual(['imd_score_2025', 'imd_score_2019'])
    expect(editionsOf('fp_pct').map((d) => d.id)).toEqual(['fp_pct_2022', 'fp_pct_2021'])
    for (const d of indicators.filter((x) => x.dataset.startsWith('iod') || x.dataset.startsWith('desnz'))) expect(d.id, d.id).toMatch(/_20(19|21|22|25)(_2025)?$/)
    const cat = await json('/api/catalogue')
    expect(cat.defaultIndicator).toBe('imd_score_2025')
    const imd25 = cat.indicators.find((d: { id: string }) => d.id === 'imd_score_2025')
    expect(imd25).toMatchObject({ edition: { family: 'imd_score', year: '2025' }, vintage: expect.stringContaining('IoD 2025'), source: { dataset: 'iod2025' } })
  })

  it('shows the move between editions per LSOA 2021 in deciles and rank percentiles', async () => {
    const move = await app.db.knex('indicator_values').where({ indicator_id: 'imd_decile_move_2019_2025', level: 'lsoa21' }).select('code', 'value')
    expect(move).toHaveLength(115)
    for (const code of ['E01000061', 'E01000006']) {
      const d19 = (await value('imd_decile_2019', 'lsoa21', code))!.value!
      const d25 = (await value('imd_decile_2025', 'lsoa21', code))!.value!
      expect(Number(move.find((m: { code: string }) => m.code === code)!.value)).toBe(d19 - d25)
      const r19 = (await value('imd_rank_2019', 'lsoa21', code))!.value!
      const r25 = (await value('imd_rank_2025', 'lsoa21', code))!.value!
      expect((await value('imd_rank_move_2019_2025', 'lsoa21', code))!.value).toBeCloseTo((100 * r19) / 32_844 - (100 * r25) / 33_755, 9)
    }
    const areas = await json('/api/areas/lsoa21?indicators=imd_decile_move_2019_2025,imd_decile_2019,imd_decile_2025&geometry=false')
    const f = areas.features.find((x: { id: string }) => x.id === 'E01000061')
    expect(f.properties.imd_decile_move_2019_2025).toBe(f.properties.imd_decile_2019 - f.properties.imd_decile_2025)
  })

  it('places siting demand at the ONS population-weighted centroids and says so', async () => {
    const n = await app.db.knex('lsoa_centroids').count<{ n: number }[]>({ n: '*' })
    expect(Number(n[0].n)).toBe(115)
    const r = await fetch(`${app.url}/api/siting/solve`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hubs: 3, objective: 'p-median', lines: true, candidates: { categories: ['library'] } }),
    })
    const body = await r.json()
    expect(r.status, JSON.stringify(body).slice(0, 300)).toBe(200)
    expect(body.weighting.text).toMatch(/ONS population-weighted centroid \(2021\), where its people live/)
    // each demand line starts at its LSOA's centroid
    const c = (await app.db.knex.raw(`SELECT ST_X(ST_Transform(geom_bng, 4326)) AS lon, ST_Y(ST_Transform(geom_bng, 4326)) AS lat FROM lsoa_centroids WHERE code = 'E01000061'`)).rows[0]
    const a = body.allocation.find((x: { lsoa: string }) => x.lsoa === 'E01000061')
    expect(a).toBeDefined()
    const line = body.lines.features.find((f: { properties: { lsoa: string } }) => f.properties.lsoa === 'E01000061')
    expect(line.geometry.coordinates[0].map((v: number) => v.toFixed(5))).toEqual([Number(c.lon).toFixed(5), Number(c.lat).toFixed(5)])
  })

  it('serves both editions in tiles, CSV and the OGC API with self-explaining property names', async () => {
    const tj = await json('/tiles/lsoa21.json')
    const fields = Object.keys(tj.vector_layers[0].fields)
    expect(fields).toEqual(expect.arrayContaining(['imd_score_2025', 'imd_decile_2025', 'imd_score_2019', 'fp_pct_2022']))
    const csv = await (await fetch(`${app.url}/api/areas/ward?indicators=imd_score_2025,imd_score_2019&format=csv`)).text()
    expect(csv).toContain('imd_score_2025')
    expect(csv).toContain('imd_score_2019')
    const ogc = await json('/ogc/collections/lsoa21/items?limit=1')
    expect(Object.keys(ogc.features[0].properties)).toEqual(expect.arrayContaining(['imd_score_2025', 'imd_score_2019']))
  })
})
