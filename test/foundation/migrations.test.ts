import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateLatest, migrateRollbackAll, migrationState } from '../../server/db/migrate'
import { openEmptyDb, type TestDb } from '../support/db'

const tableExists = async (db: TestDb, t: string) =>
  (await db.knex.raw(`SELECT to_regclass(?) IS NOT NULL AS e`, [`public.${t}`])).rows[0].e as boolean

describe('migrations', () => {
  let db: TestDb
  beforeAll(async () => {
    db = await openEmptyDb()
  })
  afterAll(async () => db?.dispose())

  it('migrate up from empty enables PostGIS and creates typed geometry columns with GiST indexes', async () => {
    const applied = await migrateLatest(db.knex)
    expect(applied.length).toBeGreaterThanOrEqual(2)
    expect(applied[0]).toMatch(/_postgis\.ts$/)
    const cols = await db.knex.raw(
      `SELECT f_table_name t, f_geometry_column c, type, srid FROM geometry_columns WHERE f_table_name = 'areas' ORDER BY c`,
    )
    expect(cols.rows).toEqual([
      { t: 'areas', c: 'geom', type: 'MULTIPOLYGON', srid: 4326 },
      { t: 'areas', c: 'geom_bng', type: 'MULTIPOLYGON', srid: 27700 },
      { t: 'areas', c: 'point_bng', type: 'POINT', srid: 27700 },
    ])
    const gist = await db.knex.raw(`SELECT indexname FROM pg_indexes WHERE tablename = 'areas' AND indexdef ILIKE '%using gist%' ORDER BY 1`)
    expect(gist.rows.map((r: { indexname: string }) => r.indexname)).toEqual(['areas_geom_bng_gist', 'areas_geom_gist'])
    const state = await migrationState(db.knex)
    expect(state.pending).toBe(0)
    expect(state.applied).toBe(applied.length)
  })

  it('migrate up again changes nothing', async () => {
    expect(await migrateLatest(db.knex)).toEqual([])
  })

  it('migrate down removes every table and the extension, and up restores them', async () => {
    const undone = await migrateRollbackAll(db.knex)
    expect(undone.length).toBeGreaterThanOrEqual(2)
    expect(await tableExists(db, 'areas')).toBe(false)
    const ext = await db.knex.raw(`SELECT count(*)::int n FROM pg_extension WHERE extname = 'postgis'`)
    expect(ext.rows[0].n).toBe(0)
    await migrateLatest(db.knex)
    expect(await tableExists(db, 'areas')).toBe(true)
  })
})
