/**
 * The importers read the London-wide and England-wide official files too (raw/scale) and keep the
 * configured authority: the same B&D areas come out as from the B&D subsets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAll } from '../../server/import/plan'
import { withApp } from '../support/app'
import { geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { scaleDir } from '../read/dataDir'

const scale = scaleDir

describe('importing from the London and England files under raw/scale', () => {
  const app = withApp({ serve: false })
  const snapshot = async (level: string) =>
    (await app.db.knex.raw(`SELECT code, round(ST_Area(geom_bng))::int AS m2 FROM areas WHERE level = ? ORDER BY code`, [level])).rows
  let lsoa21Before: unknown[]
  let lsoa11Codes: string[]
  beforeAll(async () => {
    lsoa21Before = await snapshot('lsoa21')
    lsoa11Codes = (await snapshot('lsoa11')).map((r: { code: string }) => r.code)
  })
  afterAll(async () => {
    // Back to the B&D files (the server database is shared by every test file): every dataset whose
    // stored version came from the scale files differs from them, so a plain import restores it.
    const r = await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA })
    expect(r.datasets.map((d) => `${d.id}:${d.status}`)).toContain('ons_lsoa21:imported')
  })

  it('keeps the 115 B&D LSOA 2021 of the 4,994 in the London file, with the same boundaries', async () => {
    const r = await importAll(app.db.knex, { dir: scale, la: TEST_LA, only: ['ons_lsoa21'], force: true })
    expect(r.datasets[0]).toMatchObject({ id: 'ons_lsoa21', status: 'imported', read: 4994, loaded: 115 })
    expect(await snapshot('lsoa21')).toEqual(lsoa21Before)
  })

  it("reads LSOA 2011 from the England TopoJSON file of the authority (topo_E09000002.json)", async () => {
    const r = await importAll(app.db.knex, { dir: scale, la: TEST_LA, only: ['ons_lsoa11'], force: true })
    expect(r.datasets[0]).toMatchObject({ status: 'imported', loaded: 110 })
    expect((await snapshot('lsoa11')).map((x: { code: string }) => x.code)).toEqual(lsoa11Codes)
  })

  it('takes the B&D ages from the England and Wales Census file and says what it did not load', async () => {
    const before = await app.db.knex('indicator_values').where({ indicator_id: 'census_pop_0_4', level: 'lsoa21' }).orderBy('code').select('code', 'value')
    const r = await importAll(app.db.knex, { dir: scale, la: TEST_LA, only: ['census2021'], force: true })
    expect(r.datasets[0].status).toBe('imported')
    expect(r.datasets[0].notes?.join(' ')).toMatch(/only ew_census2021-ts007a-lsoa.csv/)
    const after = await app.db.knex('indicator_values').where({ indicator_id: 'census_pop_0_4', level: 'lsoa21' }).orderBy('code').select('code', 'value')
    expect(after).toEqual(before)
    expect(after).toHaveLength(115)
  })

  it('reports datasets absent from a folder and leaves them as they are', async () => {
    const fp = await app.db.knex('indicator_values').where({ indicator_id: 'fp_pct_2021' }).count<{ n: number }[]>({ n: '*' })
    const r = await importAll(app.db.knex, { dir: scale, la: TEST_LA })
    const fuel = r.datasets.find((d) => d.id === 'desnz_fuel_poverty')!
    expect(fuel.status).toBe('missing')
    expect(fuel.notes?.[0]).toMatch(/^not in .*scale/)
    expect((await app.db.knex('indicator_values').where({ indicator_id: 'fp_pct_2021' }).count<{ n: number }[]>({ n: '*' }))[0].n).toBe(fp[0].n)
  })
})
