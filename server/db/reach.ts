/**
 * Where a catchment starts when it is not a registered anchor: any verified asset, a postcode
 * (OS Code-Point Open) or a point, each as WGS84 and British National Grid coordinates, with how
 * far it lies from the borough (a reach is measured over the borough's LSOAs).
 */
import type { Knex } from 'knex'
import { assetTableSql } from './assets'

export interface OriginPoint {
  name: string
  category: string | null
  organisation: string | null
  lon: number
  lat: number
  easting: number
  northing: number
  /** straight-line metres from the borough boundary (0 inside) */
  outside_m: number
}

const COLUMNS = `round(ST_X(ST_Transform(g, 4326))::numeric, 6)::float8 AS lon, round(ST_Y(ST_Transform(g, 4326))::numeric, 6)::float8 AS lat,
  round(ST_X(g)::numeric, 1)::float8 AS easting, round(ST_Y(g)::numeric, 1)::float8 AS northing,
  COALESCE((SELECT ST_Distance(b.geom_bng, g) FROM areas b WHERE b.level = 'borough' LIMIT 1), 0)::float8 AS outside_m`

const toOrigin = (r: Record<string, unknown> | undefined): OriginPoint | null => r
  ? { name: String(r.name), category: (r.category as string | null) ?? null, organisation: (r.organisation as string | null) ?? null,
    lon: Number(r.lon), lat: Number(r.lat), easting: Number(r.easting), northing: Number(r.northing), outside_m: Number(r.outside_m) }
  : null

/** Any verified asset (a school, a library, the council's offices), anchor or not (context: or one held as context). */
export async function assetOrigin(knex: Knex, id: number, context = false): Promise<OriginPoint | null> {
  const r = await knex.raw(
    `SELECT x.name, x.category, x.attrs->>'parentName' AS organisation, ${COLUMNS}
     FROM (SELECT name, category, attrs, geom_bng AS g FROM ${assetTableSql(context)} a WHERE id = ? AND verified) x`, [id])
  return toOrigin(r.rows[0])
}

/** A postcode, matched without regard to spaces or case. */
export async function postcodeOrigin(knex: Knex, postcode: string): Promise<OriginPoint | null> {
  const r = await knex.raw(
    `SELECT x.postcode AS name, NULL AS category, NULL AS organisation, ${COLUMNS}
     FROM (SELECT postcode, geom_bng AS g FROM postcodes WHERE replace(postcode, ' ', '') = ? LIMIT 1) x`,
    [postcode.replace(/\s+/g, '').toUpperCase()])
  return toOrigin(r.rows[0])
}

/** A point given in WGS84. */
export async function pointOrigin(knex: Knex, lon: number, lat: number): Promise<OriginPoint> {
  const r = await knex.raw(
    `SELECT ?::text AS name, NULL AS category, NULL AS organisation, ${COLUMNS}
     FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326), 27700) AS g) x`,
    [`Point ${lat.toFixed(5)}, ${lon.toFixed(5)}`, lon, lat])
  return toOrigin(r.rows[0])!
}
