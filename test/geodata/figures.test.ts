/**
 * The numbers locality leads must be able to trust: counts of areas from the real files, borough
 * aggregates that reproduce the publishers' own local-authority figures, the LSOA 2011 -> 2021
 * carry-over, and small-number suppression.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importLocalFile } from '../../server/import/plan'
import { readIodGlaBoroughSummaries } from '../../geodata/read/iod2019Boroughs'
import { readFuelPovertyAuthority } from '../../geodata/read/fuelPoverty'
import { readTemporaryAccommodation } from '../../geodata/read/temporaryAccommodation'
import { removeDataset } from '../../server/import/runner'
import { withApp } from '../support/app'
import { geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'

const raw = (p: string) => path.join(geodataDir, p)

describe('imported B&D geography and figures', () => {
  const app = withApp({ serve: false })
  const value = async (indicator: string, level: string, code: string) => {
    const r = await app.db.knex('indicator_values').where({ indicator_id: indicator, level, code }).first('value', 'method', 'suppressed', 'numerator', 'denominator')
    return r ? { ...r, value: r.value === null ? null : Number(r.value) } : undefined
  }

  it('holds 115 LSOA 2021, 110 LSOA 2011, 19 wards, 22 MSOAs, one borough and three provisional localities', async () => {
    const rows = await app.db.knex('areas').groupBy('level').select('level', app.db.knex.raw('count(*)::int AS n'))
    const n = Object.fromEntries(rows.map((r: { level: string; n: number }) => [r.level, Number(r.n)]))
    expect(n).toMatchObject({ lsoa21: 115, lsoa11: 110, ward: 19, msoa21: 22, borough: 1, locality: 3 })
    const locs = await app.db.knex('areas').where({ level: 'locality' }).select('attrs')
    expect(locs.every((l: { attrs: unknown }) => (typeof l.attrs === 'string' ? JSON.parse(l.attrs) : l.attrs).provisional === true)).toBe(true)
  })

  it('links every LSOA 2021 to exactly one ward by best fit, and every ward to a locality', async () => {
    const links = await app.db.knex('area_links').where({ child_level: 'lsoa21', parent_level: 'ward' }).select('method')
    expect(links).toHaveLength(115)
    expect(new Set(links.map((l: { method: string }) => l.method))).toEqual(new Set(['best-fit']))
    const wards = await app.db.knex('area_links').where({ child_level: 'ward', parent_level: 'locality' }).count<{ n: number }[]>({ n: '*' })
    expect(Number(wards[0].n)).toBe(19)
  })

  it('stores geometries valid, in WGS84 for serving and British National Grid for measuring', async () => {
    const r = await app.db.knex.raw(
      `SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom) OR NOT ST_IsValid(geom_bng))::int AS invalid,
              round(sum(ST_Area(geom_bng)) / 1e6)::int AS km2 FROM areas WHERE level = 'lsoa21'`,
    )
    expect(r.rows[0].invalid).toBe(0)
    // B&D is about 36 km² (the generalised 20 m boundaries).
    expect(r.rows[0].km2).toBeGreaterThanOrEqual(34)
    expect(r.rows[0].km2).toBeLessThanOrEqual(38)
  })

  it('reproduces the IoD 2019 borough summaries: average scores and share of LSOAs in the most deprived 10%', async () => {
    const [official] = await readIodGlaBoroughSummaries(raw('gla-id2019/ID_2019_for_London.xlsx'), { ladCode: TEST_LA })
    const o = official.values as Record<string, number>
    // The IoD publishes average scores to 3 decimals (rates to 3): ours from the LSOA 2011 scores must round to them.
    const checks: Array<[string, string, number]> = [
      ['imd_score_2019', 'imd_avg_score', 3], ['income_score_2019', 'income_avg_score', 3], ['employment_score_2019', 'employment_avg_score', 3],
      ['education_score_2019', 'education_avg_score', 3], ['health_score_2019', 'health_avg_score', 3], ['crime_score_2019', 'crime_avg_score', 3],
      ['barriers_score_2019', 'barriers_avg_score', 3], ['living_env_score_2019', 'living_env_avg_score', 3],
      ['idaci_score_2019', 'idaci_avg_score', 3], ['idaopi_score_2019', 'idaopi_avg_score', 3],
    ]
    for (const [indicator, key, dp] of checks) {
      const v = await value(indicator, 'borough', TEST_LA)
      expect(o[key], key).toBeTypeOf('number')
      expect(Number(v!.value.toFixed(dp)), indicator).toBeCloseTo(o[key], dp - 1)
      expect(Math.abs(v!.value - o[key]), indicator).toBeLessThanOrEqual(0.0006 * Math.max(1, Math.abs(o[key])))
    }
    const share = await value('imd_share_10_2019', 'borough', TEST_LA)
    expect(share!.value / 100).toBeCloseTo(o.imd_prop_most_deprived_10pc, 4)
    expect(share!.numerator).toBe(4) // 4 of 110 LSOAs in England's most deprived 10%
    expect(share!.denominator).toBe(110)
  })

  it('reproduces the DESNZ local-authority fuel poverty row from summed LSOA counts (15.3%)', async () => {
    const { authority } = await readFuelPovertyAuthority(raw('desnz-fuel-poverty/sub-regional-fuel-poverty-tables-2023-2021-data.xlsx'), TEST_LA)
    const v = await value('fp_pct_2021', 'borough', TEST_LA)
    expect(v!.numerator).toBe(authority.fuel_poor_households)
    expect(v!.denominator).toBe(authority.households)
    expect(v!.value).toBeCloseTo(authority.fuel_poor_pct, 6)
    expect(v!.method).toBe('aggregate-ratio')
    expect((await value('fp_pct_2021', 'region', 'E12000007'))!.value).toBeCloseTo(11.94, 2)
    expect((await value('fp_pct_2021', 'country', 'E92000001'))!.value).toBeCloseTo(13.14, 2)
  })

  it('keeps temporary accommodation as a borough series equal to the MHCLG rows, with London and England', async () => {
    for (const [file, date, households] of [
      ['Statutory_Homelessness_Detailed_Local_Authority_Data_202512.ods', '2025-12-31', 1020],
      ['Detailed_LA_202412.ods', '2024-12-31', 1043],
    ] as const) {
      const ta = await readTemporaryAccommodation(raw(`mhclg-homelessness/${file}`), { ladCode: TEST_LA })
      expect(ta.snapshotDate).toBe(date)
      expect(ta.authority.households_in_ta).toBe(households)
      const rows = await app.db.knex('series_values').where({ indicator_id: 'ta_households', period: date }).select('area_code', 'value')
      const byCode = Object.fromEntries(rows.map((r: { area_code: string; value: number }) => [r.area_code, Number(r.value)]))
      expect(byCode[TEST_LA]).toBe(households)
      expect(byCode.E92000001).toBe(ta.england!.households_in_ta)
      expect(byCode.E12000007).toBe(ta.london!.households_in_ta)
    }
    // No sub-borough TA figures exist in the MHCLG tables: nothing is spread over LSOAs.
    const n = await app.db.knex('indicator_values').where('indicator_id', 'like', 'ta_%').count<{ n: number }[]>({ n: '*' })
    expect(Number(n[0].n)).toBe(0)
  })

  it('carries IoD values to split LSOA 2021s unchanged and shares counts by Census 2021 residents', async () => {
    // E01000010 (2011) split into E01034473 and E01034474 (2021).
    const parent = await value('imd_score_2019', 'lsoa11', 'E01000010')
    for (const child of ['E01034473', 'E01034474']) {
      const v = await value('imd_score_2019', 'lsoa21', child)
      expect(v).toMatchObject({ value: parent!.value, method: 'carried-split' })
    }
    const pop = await value('iod_pop_total_2019', 'lsoa11', 'E01000010')
    const a = await value('iod_pop_total_2019', 'lsoa21', 'E01034473')
    const b = await value('iod_pop_total_2019', 'lsoa21', 'E01034474')
    expect(a!.value + b!.value).toBeCloseTo(pop!.value, 6)
    const ca = await value('census_pop_total', 'lsoa21', 'E01034473')
    const cb = await value('census_pop_total', 'lsoa21', 'E01034474')
    expect(a!.value / (a!.value + b!.value)).toBeCloseTo(ca!.value / (ca!.value + cb!.value), 9)
    expect(a!.method).toBe('split-by-census-2021-residents')
  })

  it('combines merged LSOAs by population weight and flags their rank and decile', async () => {
    // E01000048 and E01033588 (2011) merged into E01034479 (2021).
    const [s1, s2, w1, w2] = await Promise.all([
      value('imd_score_2019', 'lsoa11', 'E01000048'), value('imd_score_2019', 'lsoa11', 'E01033588'),
      value('iod_pop_total_2019', 'lsoa11', 'E01000048'), value('iod_pop_total_2019', 'lsoa11', 'E01033588'),
    ])
    const merged = await value('imd_score_2019', 'lsoa21', 'E01034479')
    expect(merged!.value).toBeCloseTo((s1!.value * w1!.value + s2!.value * w2!.value) / (w1!.value + w2!.value), 9)
    expect(merged!.method).toBe('merged-population-weighted')
    const decile = await value('imd_decile_2019', 'lsoa21', 'E01034479')
    expect(decile!.method).toBe('merged-dominant-parent')
    expect((await value('iod_pop_total_2019', 'lsoa21', 'E01034479'))!.value).toBe(w1!.value + w2!.value)
  })

  it('keeps the source vintage of every carried value', async () => {
    const rows = await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: 'imd_score_2019' }).distinct('source_level')
    expect(rows).toEqual([{ source_level: 'lsoa11' }])
    const census = await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: 'census_pop_0_4' }).distinct('source_level', 'method')
    expect(census).toEqual([{ source_level: 'lsoa21', method: 'source' }])
  })
})

describe('small-number suppression of council temporary accommodation counts', () => {
  const app = withApp()
  beforeAll(async () => {
    // Three LSOAs of one ward with 0, 3 and 7 households: 3 must never be shown, the ward total (10) may.
    const ward = (await app.db.knex('area_links').where({ child_level: 'lsoa21', parent_level: 'ward' }).orderBy('child_code').first('parent_code')).parent_code
    const lsoas = (await app.db.knex('area_links').where({ child_level: 'lsoa21', parent_level: 'ward', parent_code: ward }).orderBy('child_code').limit(3).pluck('child_code')) as string[]
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-ta-'))
    const file = path.join(dir, 'ta.csv')
    writeFileSync(file, `area_code,households_in_ta\n${lsoas[0]},0\n${lsoas[1]},3\n${lsoas[2]},7\n`)
    await importLocalFile(app.db.knex, { kind: 'local_ta', file, la: TEST_LA })
    ;(globalThis as Record<string, unknown>).__ta = { ward, lsoas }
  })
  afterAll(async () => {
    await removeDataset(app.db.knex, 'local_ta', TEST_LA)
  })

  it('shows counts of 1-4 as suppressed in GeoJSON and CSV, never as the exact number', async () => {
    const { lsoas } = (globalThis as Record<string, unknown>).__ta as { ward: string; lsoas: string[] }
    const gj = await (await fetch(`${app.url}/api/areas/lsoa21?indicators=ta_local_households&geometry=false`)).json()
    const props = Object.fromEntries(gj.features.map((f: { id: string; properties: Record<string, unknown> }) => [f.id, f.properties]))
    expect(props[lsoas[0]].ta_local_households).toBe(0)
    expect(props[lsoas[1]].ta_local_households).toBeNull()
    expect(props[lsoas[1]].suppressed).toEqual(['ta_local_households'])
    expect(props[lsoas[2]].ta_local_households).toBe(7)
    const csv = await (await fetch(`${app.url}/api/areas/lsoa21?indicators=ta_local_households&format=csv`)).text()
    const line = csv.split('\n').find((l) => l.includes(lsoas[1]))!
    // suppressed: an empty cell, the rule stated in the CSVW metadata beside the file
    expect(line.split(',').at(-1)).toBe('')
    const meta = await (await fetch(`${app.url}/api/areas/lsoa21?indicators=ta_local_households&format=csv-metadata`)).json()
    expect(meta.tableSchema.columns.at(-1)['rdfs:comment']).toMatch(/Counts of 1 to 4 are left empty/)
  })

  it('sums suppressed counts into area totals, suppressing totals of 1-4 too', async () => {
    const { ward } = (globalThis as Record<string, unknown>).__ta as { ward: string; lsoas: string[] }
    const v = await app.db.knex('indicator_values').where({ indicator_id: 'ta_local_households', level: 'ward', code: ward }).first('value', 'suppressed')
    expect(Number(v.value)).toBe(10)
    expect(v.suppressed).toBe(false)
    const small = await app.db.knex('indicator_values').where({ indicator_id: 'ta_local_households', suppressed: true }).select('level', 'value')
    expect(small.every((s: { value: number }) => Number(s.value) >= 1 && Number(s.value) <= 4)).toBe(true)
  })
})
