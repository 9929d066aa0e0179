/**
 * Reads behind OGC API - Features beyond those in areas.ts and assets.ts: exact bbox intersection
 * of areas, and the extent of the public (verified) assets.
 */
import type { Knex } from 'knex'

/** [minLon, minLat, maxLon, maxLat] in WGS84 */
export type Bbox = [number, number, number, number]

/** Codes of the areas at a level whose geometry intersects a bbox (not merely its envelope), ordered by code. */
export async function areaCodesIntersecting(knex: Knex, level: string, bbox: Bbox): Promise<string[]> {
  const rows = await knex('areas')
    .where('level', level)
    .whereRaw('ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', [...bbox])
    .orderBy('code')
    .select('code')
  return rows.map((r: { code: string }) => r.code)
}

/** Bounding box of the verified assets (null when there are none). */
export async function assetExtent(knex: Knex): Promise<Bbox | null> {
  const r = await knex.raw(
    `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM assets WHERE verified) s`,
  )
  const e = r.rows[0]
  return e?.x0 == null ? null : ([e.x0, e.y0, e.x1, e.y1].map(Number) as Bbox)
}
