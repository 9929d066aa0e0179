/**
 * Reads behind the place search: postcodes (OS Code-Point Open), areas by name or code, assets and
 * basemap place names by name. Every point found is placed in its LSOA, ward and locality by the
 * same lateral joins, so a postcode opens the LSOA it lies in and names its ward and locality.
 * Patterns arrive already escaped for LIKE (escapeLike) and are always bound.
 */
import type { Knex } from 'knex'

export interface NamedArea {
  code: string
  name: string
}

export interface PlacedPoint {
  lon: number
  lat: number
  lsoa: NamedArea | null
  ward: NamedArea | null
  locality: NamedArea | null
}

export interface PostcodeHit extends PlacedPoint {
  postcode: string
  district: string | null
}

export interface AreaHit {
  level: 'lsoa21' | 'ward' | 'locality'
  code: string
  name: string
  lon: number
  lat: number
  bbox: [number, number, number, number]
  ward: NamedArea | null
  locality: NamedArea | null
}

export interface AssetHit extends PlacedPoint {
  id: number
  name: string
  category: string
}

export interface PlaceHit extends PlacedPoint {
  id: number
  name: string
  kind: string
  bbox: [number, number, number, number] | null
}

/** `%` and `_` in what a person typed are letters, not wildcards. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** LSOA, ward and locality of the point `g` (WGS84) in the FROM clause before it. */
const PLACED = `
  LEFT JOIN LATERAL (SELECT code, name FROM areas WHERE level = 'lsoa21' AND geom && g AND ST_Intersects(geom, g) ORDER BY code LIMIT 1) l ON true
  LEFT JOIN LATERAL (SELECT code, name FROM areas WHERE level = 'ward' AND geom && g AND ST_Intersects(geom, g) ORDER BY code LIMIT 1) w ON true
  LEFT JOIN area_links wl ON wl.child_level = 'ward' AND wl.child_code = w.code AND wl.parent_level = 'locality'
  LEFT JOIN areas loc ON loc.level = 'locality' AND loc.code = wl.parent_code`
const PLACED_COLUMNS = `ST_X(g)::float8 AS lon, ST_Y(g)::float8 AS lat, l.code AS lsoa_code, l.name AS lsoa_name,
  w.code AS ward_code, w.name AS ward_name, loc.code AS locality_code, loc.name AS locality_name`

const named = (code: unknown, name: unknown): NamedArea | null => (code ? { code: String(code), name: String(name) } : null)
const placed = (r: Record<string, unknown>): PlacedPoint => ({
  lon: Number(r.lon), lat: Number(r.lat),
  lsoa: named(r.lsoa_code, r.lsoa_name), ward: named(r.ward_code, r.ward_name), locality: named(r.locality_code, r.locality_name),
})
const box = (r: Record<string, unknown>): [number, number, number, number] => [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)]

/** Postcodes whose spaceless form starts with `compact` (upper case, no spaces), in order. */
export async function postcodesStartingWith(knex: Knex, compact: string, limit: number): Promise<PostcodeHit[]> {
  const r = await knex.raw(
    `SELECT p.postcode, p.district, ${PLACED_COLUMNS}
     FROM (SELECT postcode, district, ST_Transform(geom_bng, 4326) AS g FROM postcodes
           WHERE replace(postcode, ' ', '') LIKE ? ORDER BY postcode LIMIT ?) p
     ${PLACED}
     ORDER BY p.postcode`,
    [`${escapeLike(compact)}%`, limit],
  )
  return r.rows.map((x: Record<string, unknown>) => ({ postcode: String(x.postcode), district: (x.district as string | null) ?? null, ...placed(x) }))
}

/**
 * LSOAs, wards and localities whose code starts with, or whose name contains, the text. Exact
 * matches first, then names that start with it, then localities before wards before LSOAs.
 */
export async function areasMatching(knex: Knex, text: string, limit: number): Promise<AreaHit[]> {
  const like = escapeLike(text)
  const r = await knex.raw(
    `SELECT a.level, a.code, a.name, ST_X(pt)::float8 AS lon, ST_Y(pt)::float8 AS lat,
            ST_XMin(b)::float8 AS x0, ST_YMin(b)::float8 AS y0, ST_XMax(b)::float8 AS x1, ST_YMax(b)::float8 AS y1,
            w.code AS ward_code, w.name AS ward_name, loc.code AS locality_code, loc.name AS locality_name
     FROM areas a
     CROSS JOIN LATERAL (SELECT Box2D(a.geom) AS b, ST_PointOnSurface(a.geom) AS pt) g
     LEFT JOIN area_links lw ON a.level = 'lsoa21' AND lw.child_level = 'lsoa21' AND lw.child_code = a.code AND lw.parent_level = 'ward'
     LEFT JOIN areas w ON w.level = 'ward' AND w.code = CASE WHEN a.level = 'ward' THEN a.code ELSE lw.parent_code END
     LEFT JOIN area_links wl ON wl.child_level = 'ward' AND wl.child_code = w.code AND wl.parent_level = 'locality'
     LEFT JOIN areas loc ON loc.level = 'locality' AND loc.code = CASE WHEN a.level = 'locality' THEN a.code ELSE wl.parent_code END
     WHERE a.level IN ('lsoa21', 'ward', 'locality') AND a.geom IS NOT NULL
       AND (upper(a.code) LIKE upper(?) OR a.name ILIKE ?)
     ORDER BY (upper(a.code) = upper(?) OR lower(a.name) = lower(?)) DESC, (a.name ILIKE ?) DESC,
              array_position(ARRAY['locality', 'ward', 'lsoa21'], a.level), a.name
     LIMIT ?`,
    [`${like}%`, `%${like}%`, text, text, `${like}%`, limit],
  )
  return r.rows.map((x: Record<string, unknown>) => ({
    level: x.level as AreaHit['level'], code: String(x.code), name: String(x.name), lon: Number(x.lon), lat: Number(x.lat), bbox: box(x),
    ward: x.level === 'ward' ? null : named(x.ward_code, x.ward_name), locality: x.level === 'locality' ? null : named(x.locality_code, x.locality_name),
  }))
}

/** Open assets whose name contains the text, names that start with it first. */
export async function assetsNamed(knex: Knex, text: string, limit: number): Promise<AssetHit[]> {
  const like = escapeLike(text)
  const r = await knex.raw(
    `SELECT a.id, a.name, a.category, ${PLACED_COLUMNS}
     FROM (SELECT id, name, category, geom AS g FROM assets WHERE status = 'open' AND name ILIKE ?
           ORDER BY (name ILIKE ?) DESC, name, id LIMIT ?) a
     ${PLACED}
     ORDER BY (a.name ILIKE ?) DESC, a.name, a.id`,
    [`%${like}%`, `${like}%`, limit, `${like}%`],
  )
  return r.rows.map((x: Record<string, unknown>) => ({ id: Number(x.id), name: String(x.name), category: String(x.category), ...placed(x) }))
}

/** Named places, stations and parks of the basemap whose name contains the text (one per name and kind). */
export async function placesNamed(knex: Knex, text: string, limit: number): Promise<PlaceHit[]> {
  const like = escapeLike(text)
  const r = await knex.raw(
    `SELECT p.id, p.name, p.kind, p.x0, p.y0, p.x1, p.y1, ${PLACED_COLUMNS}
     FROM (SELECT DISTINCT ON (lower(name), kind) id, name, kind, ST_PointOnSurface(geom) AS g,
                  ST_XMin(geom)::float8 AS x0, ST_YMin(geom)::float8 AS y0, ST_XMax(geom)::float8 AS x1, ST_YMax(geom)::float8 AS y1
           FROM basemap_features WHERE kind IN ('place', 'station', 'park') AND name ILIKE ?
           ORDER BY lower(name), kind, id) p
     ${PLACED}
     ORDER BY (p.name ILIKE ?) DESC, p.name
     LIMIT ?`,
    [`%${like}%`, `${like}%`, limit],
  )
  return r.rows.map((x: Record<string, unknown>) => ({
    id: Number(x.id), name: String(x.name), kind: String(x.kind), ...placed(x),
    bbox: x.kind === 'park' ? box(x) : null,
  }))
}
