/**
 * Low-zoom tile sweep over a region (a script, not a test): a whole region's LSOAs loaded into a
 * scratch database as the lsoa21 level, tile_areas prepared as the service does, the app started on
 * it, and uncached tiles (cache emptied before each request, accept-encoding identity) fetched through
 * HTTP at each zoom. Per zoom: tiles, max and median size, median and max time, count over the size
 * budget (tileDefaults.sizeBudgetBytes).
 *
 * - england: every England LSOA 2011 (32,844; ../shared/geodata/raw/scale/england_lsoa11_topojson_by_lad,
 *   generalised, one TopoJSON per LAD), standing in for a national LSOA 2021 layer of the same size.
 * - london: every London LSOA 2021 (4,994; scale/london_lsoa21_gen20.shp), as load.ts sweeps it.
 *
 * Each local authority is loaded too, as the borough level (its LSOAs dissolved), so the zooms below
 * the lsoa21 layer's (z6, z7) are measured on the coarser layer that serves them.
 *
 * Tiles per zoom are the ones holding areas (by each area's point on surface): the densest ones first,
 * then the rest spread evenly, at most `cap` a zoom.
 *
 *   npx tsx test/bench/england.ts [england|london ...]   # BENCH_DATABASE_URL / TEST_DATABASE_URL
 */
import { readdirSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { feature } from 'topojson-client'
import type { Topology } from 'topojson-specification'
import { source } from '../../geodata/manifest'
import { lsoa21Features, readShapefile } from '../../geodata/read/boundaries'
import { loadConfig, projectRoot } from '../../server/config'
import { connectServer, type Database } from '../../server/db/connect'
import { insertAreas, type AreaRow } from '../../server/db/importStore'
import { migrateLatest } from '../../server/db/migrate'
import { clearTileCache, findTileLayer, prepareTiles, tileDefaults } from '../../server/domain/tiles'
import { importDataset } from '../../server/import/runner'
import { createApp } from '../../server/http/app'
import { createLogger } from '../../server/logger'
import { createServices } from '../../server/services'

const DEFAULT_SERVER = 'postgres://atlas:atlas@localhost:5432/atlas_test'

export type Region = 'england' | 'london'

export interface ZoomRow {
  layer?: string
  z: number
  tiles: number
  maxKb: number
  medianKb: number
  medianMs: number
  maxMs: number
  overBudget: number
}

export interface RegionSweep {
  region: Region
  areas: number
  loadMs: number
  prepareMs: number
  zooms: ZoomRow[]
}

const scaleDir = () => path.join(process.env.GEODATA_DIR ?? path.join(projectRoot, '..', 'shared', 'geodata', 'raw'), 'scale')

/** Every England LSOA 2011 from the per-LAD TopoJSON files, as WGS84 area rows. */
function englandRows(): AreaRow[] {
  const dir = path.join(scaleDir(), 'england_lsoa11_topojson_by_lad')
  const rows: AreaRow[] = []
  for (const f of readdirSync(dir).filter((n) => /^topo_E\d+\.json$/.test(n)).sort()) {
    const topo = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Topology
    for (const [lad, obj] of Object.entries(topo.objects)) {
      const fc = feature(topo, obj) as GeoJSON.FeatureCollection | GeoJSON.Feature
      for (const ft of 'features' in fc ? fc.features : [fc]) {
        const p = ft.properties as { LSOA11CD: string; LSOA11NM: string }
        rows.push({ level: 'lsoa21', code: p.LSOA11CD, name: p.LSOA11NM, attrs: { ladCode: lad }, geometry: ft.geometry as AreaRow['geometry'] })
      }
    }
  }
  return rows
}

async function londonRows(): Promise<AreaRow[]> {
  const set = await readShapefile(path.join(scaleDir(), 'london_lsoa21_gen20.shp'), { expectCrs: 'EPSG:27700' })
  return lsoa21Features(set).map((a) => ({ level: 'lsoa21', code: a.code, name: a.name, attrs: { ladCode: a.ladCode ?? null }, geometry: a.geometry }))
}

/** Loads every LSOA of a region into a migrated database as the lsoa21 level and prepares tile_areas. */
export async function loadRegion(db: Database, region: Region): Promise<{ areas: number; loadMs: number; prepareMs: number }> {
  let t0 = performance.now()
  const rows = region === 'england' ? englandRows() : await londonRows()
  const s = { ...source('ons_lsoa21'), id: `bench_${region}`, title: `Bench: every ${region} LSOA`, files: [] }
  // The bench's own loader: every area kept as the lsoa21 level (the borough importer keeps one authority).
  await importDataset(db.knex, s, '.', 'E09000002', async (ctx) => {
    await insertAreas(ctx.trx, s.id, region === 'england' ? 4326 : 27700, rows)
    // Each local authority as the borough level, its LSOAs dissolved: the coarse layer below the LSOAs' zooms.
    await ctx.trx.raw(
      `INSERT INTO areas (level, code, name, attrs, dataset_id, geom, geom_bng, point_bng)
       SELECT 'borough', lad, 'Local authority ' || lad, '{}'::jsonb, ?, ST_ForcePolygonCCW(ST_Transform(g, 4326)), g, ST_PointOnSurface(g)
       FROM (SELECT attrs ->> 'ladCode' AS lad, ST_Multi(ST_CollectionExtract(ST_Union(geom_bng), 3)) AS g
             FROM areas WHERE level = 'lsoa21' AND attrs ->> 'ladCode' IS NOT NULL GROUP BY 1) u`,
      [s.id],
    )
    return { read: rows.length, loaded: rows.length, rejected: 0 }
  }, undefined, { force: true, inline: { checksum: `bench-${region}` } })
  const loadMs = performance.now() - t0
  t0 = performance.now()
  await prepareTiles(db)
  return { areas: rows.length, loadMs, prepareMs: performance.now() - t0 }
}

/** The tiles at zoom z holding at least one area's point on surface: the densest first, then spread evenly. */
async function tilesAt(db: Database, z: number, cap: number): Promise<Array<{ x: number; y: number; n: number }>> {
  const r = await db.knex.raw(
    `SELECT x, y, count(*)::int AS n FROM (
       SELECT floor((ST_X(p) + 180) / 360 * 2 ^ ?)::int AS x,
              floor((1 - ln(tan(radians(ST_Y(p))) + 1 / cos(radians(ST_Y(p)))) / pi()) / 2 * 2 ^ ?)::int AS y
       FROM (SELECT ST_Transform(point_bng, 4326) AS p FROM areas WHERE level = 'lsoa21') s) t
     GROUP BY x, y ORDER BY n DESC, x, y`,
    [z, z],
  )
  const all = r.rows as Array<{ x: number; y: number; n: number }>
  if (all.length <= cap) return all
  const dense = all.slice(0, Math.ceil(cap / 4))
  const rest = all.slice(dense.length).sort((a, b) => a.x - b.x || a.y - b.y)
  const step = rest.length / (cap - dense.length)
  return [...dense, ...Array.from({ length: cap - dense.length }, (_, i) => rest[Math.floor(i * step)])]
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * Loads a region into a scratch database (dropped at the end), prepares tile_areas, serves the app
 * on it and sweeps the zooms given.
 */
export async function benchRegionTiles(region: Region, o: { serverUrl?: string; zooms?: number[]; cap?: number; rounds?: number; log?: (m: string) => void } = {}): Promise<RegionSweep> {
  const log = o.log ?? ((m: string) => process.stdout.write(m + '\n'))
  const url = o.serverUrl ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER
  const zooms = o.zooms ?? [6, 7, 8, 9, 10, 11, 12, 13, 14]
  const cap = o.cap ?? 40
  const rounds = o.rounds ?? 3
  const admin = await connectServer(url, { poolMax: 1, statementTimeoutMs: 600_000 })
  const name = `atlas_bench_${region}_${process.pid}_${Date.now()}`
  await admin.knex.raw(`CREATE DATABASE ${name}`) // generated name, not user input
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await connectServer(u.toString(), { poolMax: 4, statementTimeoutMs: 600_000 })
  const out: RegionSweep = { region, areas: 0, loadMs: 0, prepareMs: 0, zooms: [] }
  try {
    await migrateLatest(db.knex)
    const loaded = await loadRegion(db, region)
    Object.assign(out, loaded)
    log(region === 'england'
      ? `England: ${out.areas} LSOA 2011 shapes (generalised, by LAD) loaded as the lsoa21 level, standing in for a national layer of 32,844 areas`
      : `London: ${out.areas} LSOA 2021 polygons loaded as the lsoa21 level`)
    log(`  load ${(out.loadMs / 1000).toFixed(1)} s, tile_areas prepared ${(out.prepareMs / 1000).toFixed(1)} s`)

    const config = loadConfig({ DATABASE_URL: u.toString(), LOG_LEVEL: 'silent', SERVE_CLIENT: 'false', AUTO_IMPORT: 'false' })
    const services = createServices({ config, db, logger: createLogger('silent') })
    const app = createApp({ config, db, logger: createLogger('silent'), services })
    const server = await new Promise<Server>((resolve) => {
      const sv = app.listen(0, '127.0.0.1', () => resolve(sv))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      log(`  uncached tiles through HTTP (identity), at most ${cap} a zoom (densest first), median of ${rounds} rounds each; budget ${tileDefaults.sizeBudgetBytes / 1024} KB:`)
      log('     z  tiles  max KB  median KB  median ms  max ms  over budget')
      for (const id of ['lsoa21', 'borough']) {
        const layer = findTileLayer(id)!
        log(`   layer ${id}${id === 'borough' ? ' (each local authority, its LSOAs dissolved)' : ''}:`)
        for (const z of zooms) {
          if (z < layer.minzoom || z > layer.maxzoom) {
            log(`    ${String(z).padStart(2)}  not served: the ${id} layer has zooms ${layer.minzoom}-${layer.maxzoom} (coarser layers cover the lower ones)`)
            continue
          }
          const ts = await tilesAt(db, z, cap)
          const sizes: number[] = []
          const times: number[] = []
          for (const { x, y } of ts) {
            const per: number[] = []
            let size = 0
            for (let round = 0; round < rounds; round++) {
              clearTileCache(db)
              const t = performance.now()
              const r = await fetch(`${base}/tiles/${id}/${z}/${x}/${y}.pbf`, { headers: { 'accept-encoding': 'identity' } })
              if (r.status !== 200 && r.status !== 204) throw new Error(`tile ${z}/${x}/${y}: HTTP ${r.status}`)
              size = (await r.arrayBuffer()).byteLength
              per.push(performance.now() - t)
            }
            sizes.push(size)
            times.push(med(per))
          }
          const row: ZoomRow = {
            z, tiles: ts.length, maxKb: Math.max(...sizes) / 1024, medianKb: med(sizes) / 1024, medianMs: med(times), maxMs: Math.max(...times),
            overBudget: sizes.filter((b) => b > tileDefaults.sizeBudgetBytes).length,
          }
          out.zooms.push({ ...row, layer: id })
          log(`    ${String(z).padStart(2)}  ${String(row.tiles).padStart(5)}  ${row.maxKb.toFixed(0).padStart(6)}  ${row.medianKb.toFixed(0).padStart(9)}  ${row.medianMs.toFixed(1).padStart(9)}  ${row.maxMs.toFixed(1).padStart(6)}  ${String(row.overBudget).padStart(11)}`)
        }
      }
    } finally {
      server.closeAllConnections()
      server.close()
      await services.close()
    }
  } finally {
    await db.close()
    await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.close()
  }
  return out
}

/** The England sweep (npm run bench -- england). */
export function benchEnglandTiles(o: Parameters<typeof benchRegionTiles>[1] = {}): Promise<RegionSweep> {
  return benchRegionTiles('england', o)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const regions = (process.argv.slice(2).length ? process.argv.slice(2) : ['england']) as Region[]
  ;(async () => {
    for (const r of regions) await benchRegionTiles(r, { cap: Number(process.env.BENCH_CAP ?? 40), rounds: Number(process.env.BENCH_ROUNDS ?? 3) })
  })().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
    process.exitCode = 1
  })
}
