/**
 * London around the borough: the context import (the same importers over the London- and
 * England-wide files in raw/scale) holds neighbouring LSOAs beside the borough without changing a
 * figure of it; the areas API and anchor catchments serve them only when asked (context=london),
 * marked as context, and the GP practices and hospitals in those LSOAs as context assets (Queen's
 * Hospital, Romford, the trust's main hospital, can be an anchor's origin). For test time the import keeps two boroughs beside B&D (Havering, Redbridge);
 * `npm run bench import` times the whole of London on both backends.
 */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importContext, removeContext, type ContextImportResult } from '../../server/import/context'
import { readIod2025Lsoa } from '../../geodata/read/iod2025'
import { readGpPractices, readHospitals } from '../../geodata/read/nhsAssets'
import type { AnchorRow, Catchment } from '../../server/domain/anchors'
import { withApp } from '../support/app'
import { backend } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { scale, scaleDir } from '../read/dataDir'

const HAVERING = 'E09000016'
const REDBRIDGE = 'E09000026'

interface Feature { properties: Record<string, unknown> & { code: string; name: string } }

describe(`London LSOAs held as context around the borough (${backend})`, () => {
  const app = withApp()
  const get = async (path: string) => {
    const r = await fetch(`${app.url}${path}`)
    return { status: r.status, body: await r.json() }
  }
  const boroughFigures = async () =>
    (await app.db.knex('indicator_values').where({ level: 'borough', code: TEST_LA }).orderBy('indicator_id').select('indicator_id', 'value')) as Array<{ indicator_id: string; value: number }>
  let before: Array<{ indicator_id: string; value: number }>
  let result: ContextImportResult
  let ms: number
  let file7: { lsoa21cd: string; values: Record<string, number | null> }
  // what the borough's asset queries answer before the context is imported
  const assetCounts = async () => ({
    all: (await get('/api/assets?status=all&limit=1')).body.numberMatched as number,
    hospitals: (await get('/api/assets?category=hospital&status=all')).body.features.map((f: Feature) => f.properties.name).sort() as string[],
    catalogue: (await get('/api/catalogue')).body.assetCategories as unknown,
    anchors: ((await get('/api/targeting/anchors')).body.anchors as AnchorRow[]).map((a) => a.id),
  })
  let assetsBefore: Awaited<ReturnType<typeof assetCounts>>

  beforeAll(async () => {
    before = await boroughFigures()
    assetsBefore = await assetCounts()
    file7 = (await readIod2025Lsoa(scale('england_imd2025_lsoa21.csv'))).find((r) => r.lsoa21cd === 'E01002243')! // Havering 013A
    const t0 = performance.now()
    result = await importContext(app.db.knex, { dir: scaleDir, la: TEST_LA, name: 'london', lads: [HAVERING, REDBRIDGE], force: true })
    ms = performance.now() - t0
    process.stderr.write(`context import (Havering + Redbridge) on ${backend}: ${Math.round(ms)} ms\n`)
  }, 240_000)
  afterAll(async () => {
    // The server test database is shared by every file: leave it as the borough import made it.
    expect(await removeContext(app.db.knex, 'london', TEST_LA)).toBeGreaterThan(0)
    const left = await app.db.knex('areas').where('level', 'like', 'context%').count<{ n: number }[]>({ n: '*' })
    expect(Number(left[0].n)).toBe(0)
    const assetsLeft = await app.db.knex('context_assets').count<{ n: number }[]>({ n: '*' })
    expect(Number(assetsLeft[0].n)).toBe(0)
    expect(await assetCounts()).toEqual(assetsBefore)
  }, 120_000)

  it('reads all 4,994 London LSOAs of the file and keeps the asked boroughs, with the same editions as the borough', async () => {
    const byId = Object.fromEntries(result.datasets.map((d) => [d.id, d]))
    expect(byId.context_london_ons_lsoa21).toMatchObject({ status: 'imported', read: 4994 })
    const held = await app.db.knex('areas').where({ level: 'context_lsoa21' }).select('code', 'name', 'attrs')
    expect(held.length).toBe(byId.context_london_ons_lsoa21.loaded)
    expect(held.every((a) => /^(Havering|Redbridge) /.test(a.name))).toBe(true)
    expect(held.filter((a) => a.name.startsWith('Havering ')).length).toBeGreaterThan(100)
    const ds = await app.db.knex('datasets').whereIn('id', ['iod2025', 'context_london_iod2025']).orderBy('id').select('id', 'publisher', 'licence', 'vintage')
    expect(ds[0]).toMatchObject({ publisher: ds[1].publisher, licence: ds[1].licence, vintage: ds[1].vintage })
    // a subset of London makes no London comparator
    expect(result.comparators).toEqual([])
  })

  it("leaves every borough figure as it was: IMD 2025 30.305 over 115 LSOAs", async () => {
    expect(await boroughFigures()).toEqual(before)
    const imd = before.find((v) => v.indicator_id === 'imd_score_2025')!
    expect(imd.value.toFixed(3)).toBe('30.305')
    const { status, body } = await get('/api/areas/lsoa21?indicators=imd_score_2025&geometry=false')
    expect(status).toBe(200)
    expect(body.features).toHaveLength(115)
    expect(body.features.some((f: Feature) => f.properties.context !== undefined)).toBe(false)
    // the profile says how each London figure was made: the IoD's own way (File 10) is kept
    const loc = (await get('/api/catalogue')).body.localities[0].code
    const rows: Array<{ indicator: { id: string }; londonMethod: string | null }> = (await get(`/api/localities/${loc}/profile`)).body.rows
    expect(rows.find((r) => r.indicator.id === 'imd_score_2025')?.londonMethod).toBe('comparator-lad-summaries-population-weighted')
  })

  it('serves a Havering LSOA only with context=london, marked context, with its IoD 2025 File 7 score', async () => {
    const file = file7
    const { body } = await get('/api/areas/lsoa21?indicators=imd_score_2025,census_pop_total&geometry=false&context=london')
    const features: Feature[] = body.features
    const havering = features.find((f) => f.properties.code === file.lsoa21cd)!
    expect(havering.properties).toMatchObject({ level: 'lsoa21', context: 'london', imd_score_2025: file.values.imd_score })
    expect(havering.properties.name).toMatch(/^Havering /)
    expect(typeof havering.properties.census_pop_total).toBe('number')
    expect(features.filter((f) => f.properties.context === undefined)).toHaveLength(115)
    const plain = await get(`/api/areas/lsoa21?indicators=imd_score_2025&geometry=false`)
    expect(plain.body.features.some((f: Feature) => f.properties.code === file.lsoa21cd)).toBe(false)
  })

  it('refuses a context it cannot hold with a 400 problem', async () => {
    const r = await get('/api/areas/lsoa21?indicators=imd_score_2025&context=england')
    expect(r.status).toBe(400)
    expect(r.body.errors?.[0]?.path ?? JSON.stringify(r.body)).toMatch(/context/)
  })

  it('tiles the context on a layer of its own, every feature marked context, none in the borough layer', async () => {
    const tj = (await get('/tiles/context_lsoa21.json')).body
    expect(tj.vector_layers[0].fields.context).toMatch(/context/)
    // z12 tile over Romford (Havering), just east of the borough
    const [z, x, y] = [12, 2050, 1360]
    const decode = async (layer: string) => {
      const r = await fetch(`${app.url}/tiles/${layer}/${z}/${x}/${y}.pbf`)
      if (r.status === 204) return []
      const t = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer())))
      const l = t.layers[layer]
      return Array.from({ length: l?.length ?? 0 }, (_, i) => l.feature(i).properties)
    }
    const ctx = await decode('context_lsoa21')
    expect(ctx.length).toBeGreaterThan(5)
    expect(ctx.every((p) => p.context === 'london' && String(p.name).match(/^(Havering|Redbridge) /))).toBe(true)
    expect((await decode('lsoa21')).some((p) => p.context !== undefined)).toBe(false)
  })

  it("lets the catchment around Queen's Hospital, Romford cross into Havering only when asked", async () => {
    const anchors: AnchorRow[] = (await get('/api/targeting/anchors')).body.anchors
    const queens = anchors.find((a) => a.name === "Queen's Hospital")!
    const plain: Catchment = (await get(`/api/targeting/anchors/${queens.id}/catchment?distance=3000&detour=1`)).body
    const wide: Catchment = (await get(`/api/targeting/anchors/${queens.id}/catchment?distance=3000&detour=1&context=london`)).body
    expect(plain.scope.context).toBeNull()
    expect(plain.lsoas.some((l) => l.context)).toBe(false)
    const outside = wide.lsoas.filter((l) => l.context === 'london')
    expect(outside.length).toBeGreaterThan(10)
    expect(outside.some((l) => l.name.startsWith('Havering '))).toBe(true)
    expect(outside.every((l) => l.distance_m <= 3000)).toBe(true)
    // the borough's LSOAs in reach are the same either way
    expect(wide.lsoas.filter((l) => !l.context).map((l) => l.code).sort()).toEqual(plain.lsoas.map((l) => l.code).sort())
    expect(wide.headline.lsoas).toBe(plain.headline.lsoas + outside.length)
    expect(wide.scope.note).toMatch(/crosses the boundary/)
  })

  it('lets siting demand cross the boundary only when asked: context LSOAs within 2 km of the borough', async () => {
    const solve = async (extra: Record<string, unknown>) => {
      const r = await fetch(`${app.url}/api/siting/solve`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hubs: 3, timeLimitMs: 5000, lines: false, ...extra }),
      })
      const body = await r.json()
      expect(r.status, JSON.stringify(body).slice(0, 300)).toBe(200)
      return body as { allocation: Array<{ lsoa: string; locality: string | null }> }
    }
    const plain = await solve({})
    const wide = await solve({ demandContext: 'london' })
    const borough = new Set(plain.allocation.map((a) => a.lsoa))
    expect(borough.size).toBe(115)
    const outside = wide.allocation.filter((a) => !borough.has(a.lsoa))
    expect(outside.length).toBeGreaterThan(10)
    expect(outside.every((a) => a.locality === null)).toBe(true)
    // the distance the catalogue tells the siting form is the one the solver used
    const catalogue = await (await fetch(`${app.url}/api/catalogue`)).json() as { contexts: Array<{ name: string; sitingDemandWithinM: number }> }
    const within = catalogue.contexts.find((c) => c.name === 'london')!.sitingDemandWithinM
    expect(within).toBe(2000)
    const near = await app.db.knex.raw(
      `SELECT count(*)::int AS n FROM areas a JOIN areas b ON b.level = 'borough' AND ST_DWithin(b.geom_bng, a.point_bng, ?) WHERE a.level = 'context_lsoa21'`, [within],
    )
    expect(outside.length).toBe(near.rows[0].n)
  }, 120_000)

  it("holds the GP practices and hospitals in the context LSOAs, Queen's Hospital (Romford) among them, served only with context=london and marked", async () => {
    const byId = Object.fromEntries(result.datasets.map((d) => [d.id, d]))
    expect(byId.context_london_nhs_gp).toMatchObject({ status: 'imported', read: (await readGpPractices(scale('london_gp_pop_ldn_mapped.csv'))).length })
    expect(byId.context_london_nhs_hospitals).toMatchObject({ status: 'imported', read: (await readHospitals(scale('england_nhs_choices_Hospital_2018.csv'))).length })
    // every point kept lies in a Havering or Redbridge LSOA held as context
    const held = await app.db.knex.raw(
      `SELECT a.category, a.name, a.attrs->>'context' AS context, l.name AS lsoa FROM context_assets a
       LEFT JOIN areas l ON l.level = 'context_lsoa21' AND ST_Intersects(l.geom_bng, a.geom_bng)`,
    )
    const rows: Array<{ category: string; name: string; context: string; lsoa: string | null }> = held.rows
    expect(rows.filter((r) => r.category === 'gp').length).toBe(byId.context_london_nhs_gp.loaded)
    expect(rows.filter((r) => r.category === 'gp').length).toBeGreaterThan(50)
    process.stderr.write(`context assets on ${backend}: ${byId.context_london_nhs_gp.loaded} GP practices, ${byId.context_london_nhs_hospitals.loaded} hospitals (Havering + Redbridge)\n`)
    expect(rows.every((r) => r.context === 'london' && /^(Havering|Redbridge) /.test(r.lsoa ?? ''))).toBe(true)
    // Harold Wood's (RF4PH, run by the trust) is held as context; Queen's Hospital is in Havering too,
    // but the borough's own hospital file (3 km around it) holds it already: one place, one asset.
    expect(rows.find((r) => r.category === 'hospital' && r.name === 'Private Hospitals')?.lsoa).toMatch(/^Havering /)
    expect(rows.some((r) => r.name === "Queen's Hospital")).toBe(false)
    expect((byId.context_london_nhs_hospitals.notes ?? []).join(' ')).toMatch(/already held as the borough's own assets/)

    const wide: Feature[] = (await get('/api/assets?category=hospital&status=all&context=london')).body.features
    const queens = wide.filter((f) => f.properties.name === "Queen's Hospital")
    expect(queens.map((f) => f.properties.context ?? null)).toEqual([null])
    expect(wide.filter((f) => f.properties.context === undefined).map((f) => f.properties.name).sort()).toEqual(assetsBefore.hospitals)
    expect(wide.filter((f) => f.properties.context === 'london').length).toBe(rows.filter((r) => r.category === 'hospital').length)
    // without it, every asset query of the borough answers as before
    expect(await assetCounts()).toEqual(assetsBefore)
    const plain: Feature[] = (await get('/api/assets?status=all')).body.features
    expect(plain.some((f) => f.properties.context !== undefined)).toBe(false)
  })

  it("lets a context hospital (Harold Wood, run by the trust) be an anchor's origin with context=london, reaching into Havering", async () => {
    const anchors: AnchorRow[] = (await get('/api/targeting/anchors?context=london')).body.anchors
    expect(anchors.filter((a) => a.name === "Queen's Hospital").map((a) => a.context ?? null)).toEqual([null])
    const ctx = anchors.find((a) => a.name === 'Private Hospitals' && a.context === 'london')!
    expect(ctx).toMatchObject({ category: 'hospital', basis: 'nhs-trust-hospital', dataset_id: 'context_london_nhs_hospitals' })
    expect(ctx.organisation).toMatch(/Barking, Havering and Redbridge University Hospitals NHS Trust/i)
    expect(assetsBefore.anchors).not.toContain(ctx.id)
    const q = 'distance=3000&detour=1&context=london'
    const fromCtx = await get(`/api/targeting/anchors/${ctx.id}/catchment?${q}`)
    expect(fromCtx.status).toBe(200)
    const c: Catchment = fromCtx.body
    expect(c.anchor).toMatchObject({ kind: 'anchor', id: ctx.id, name: 'Private Hospitals' })
    expect(c.lsoas.length).toBeGreaterThan(5)
    expect(c.lsoas.every((l) => l.distance_m <= 3000)).toBe(true)
    expect(c.lsoas.some((l) => l.context === 'london' && l.name.startsWith('Havering '))).toBe(true)
    // the LSOAs, borough's and context's, whose population-weighted centroid (a context LSOA: its
    // point on surface) PostGIS finds within 3 km of the hospital
    const near = await app.db.knex.raw(
      `SELECT l.code FROM context_assets a, areas l LEFT JOIN lsoa_centroids c ON c.code = l.code
       WHERE a.id = ? AND l.level IN ('lsoa21', 'context_lsoa21') AND ST_DWithin(COALESCE(c.geom_bng, l.point_bng), a.geom_bng, 3000)
       ORDER BY l.code`, [ctx.id],
    )
    expect(c.lsoas.map((l) => l.code).sort()).toEqual(near.rows.map((r: { code: string }) => r.code))
    // from it as any asset (the reach view), the same LSOAs
    const reach = await get(`/api/targeting/reach?asset=${ctx.id}&${q}`)
    expect(reach.status).toBe(200)
    expect((reach.body as Catchment).lsoas.map((l) => l.code).sort()).toEqual(c.lsoas.map((l) => l.code).sort())
    // not asked for, the context's anchor is neither an anchor nor an asset
    expect((await get(`/api/targeting/anchors/${ctx.id}/catchment?distance=3000&detour=1`)).status).toBe(404)
    expect((await get(`/api/targeting/reach?asset=${ctx.id}&distance=3000&detour=1`)).status).toBe(404)
  })
})
