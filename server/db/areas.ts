/**
 * Reads of areas with their indicator values: the one query behind the areas API, OGC API items,
 * exports and profiles. Suppressed values never leave this module as numbers.
 */
import type { Knex } from 'knex'
import { levelsRead, servedLevel } from './context'

export interface AreaQuery {
  level: string
  indicators: string[]
  /** only areas in this locality (LSOAs and wards through their links) */
  locality?: string
  /** [minLon, minLat, maxLon, maxLat] in WGS84 */
  bbox?: [number, number, number, number]
  codes?: string[]
  limit?: number
  offset?: number
  /** include GeoJSON geometry (6 decimals, right-hand rule) */
  geometry?: boolean
  /** also the areas held as context at this level (served under the level's name, attrs.context set) */
  context?: boolean
}

export interface AreaRecord {
  level: string
  code: string
  name: string
  attrs: Record<string, unknown>
  geometry: GeoJSON.MultiPolygon | null
  values: Record<string, number | null>
  suppressed: string[]
}

/** SQL fragment selecting the codes of `level` areas inside a locality. */
function localityMembers(knex: Knex, level: string, locality: string): Knex.Raw {
  if (level === 'locality') return knex.raw('SELECT ?::text AS code', [locality])
  if (level === 'ward') {
    return knex.raw(`SELECT child_code AS code FROM area_links WHERE child_level = 'ward' AND parent_level = 'locality' AND parent_code = ?`, [locality])
  }
  return knex.raw(
    `SELECT k.child_code AS code FROM area_links k
     JOIN area_links c ON c.child_level = 'ward' AND c.child_code = k.parent_code AND c.parent_level = 'locality'
     WHERE k.child_level = ? AND k.parent_level = 'ward' AND c.parent_code = ?`,
    [level, locality],
  )
}

function filtered(knex: Knex, q: AreaQuery): Knex.QueryBuilder {
  const b = knex('areas as a').whereIn('a.level', levelsRead(q.level, q.context === true))
  if (q.locality) b.whereRaw('a.code IN (?)', [localityMembers(knex, q.level, q.locality)])
  if (q.codes) b.whereIn('a.code', q.codes)
  if (q.bbox) b.whereRaw('a.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [...q.bbox])
  return b
}

/** Areas with the requested indicator values, ordered by code (stable for paging). */
export async function listAreas(knex: Knex, q: AreaQuery): Promise<AreaRecord[]> {
  const b = filtered(knex, q).select('a.level', 'a.code', 'a.name', 'a.attrs').orderBy('a.code')
  // No indicators asked for (an OGC page of code and name): no probe of indicator_values per area.
  if (q.indicators.length) {
    b.select(
      knex.raw(
        `COALESCE((SELECT jsonb_object_agg(v.indicator_id, CASE WHEN v.suppressed THEN NULL ELSE v.value END)
                   FROM indicator_values v WHERE v.level = a.level AND v.code = a.code AND v.indicator_id = ANY(?)), '{}'::jsonb) AS values`,
        [q.indicators],
      ),
      knex.raw(
        `COALESCE((SELECT jsonb_agg(v.indicator_id) FROM indicator_values v
                   WHERE v.level = a.level AND v.code = a.code AND v.indicator_id = ANY(?) AND v.suppressed), '[]'::jsonb) AS suppressed`,
        [q.indicators],
      ),
    )
  }
  if (q.geometry) b.select(knex.raw('ST_AsGeoJSON(a.geom, 6) AS geometry'))
  if (q.limit !== undefined) b.limit(q.limit)
  if (q.offset) b.offset(q.offset)
  const rows = await b
  return rows.map((r: Record<string, unknown>) => ({
    level: servedLevel(r.level as string),
    code: r.code as string,
    name: r.name as string,
    attrs: parseJson(r.attrs) as Record<string, unknown>,
    geometry: r.geometry ? (JSON.parse(r.geometry as string) as GeoJSON.MultiPolygon) : null,
    values: (r.values === undefined ? {} : parseJson(r.values)) as Record<string, number | null>,
    suppressed: (r.suppressed === undefined ? [] : parseJson(r.suppressed)) as string[],
  }))
}

export async function countAreas(knex: Knex, q: AreaQuery): Promise<number> {
  const r = await filtered(knex, q).count<{ n: number }[]>({ n: '*' })
  return Number(r[0].n)
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of the areas at a level (null when none). */
export async function levelExtent(knex: Knex, level: string): Promise<[number, number, number, number] | null> {
  const r = await knex.raw(
    `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM areas WHERE level = ?) s`,
    [level],
  )
  const e = r.rows[0]
  return e?.x0 == null ? null : [e.x0, e.y0, e.x1, e.y1].map(Number) as [number, number, number, number]
}

/** pg returns jsonb parsed; PGlite may too, or as text. */
function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v
}

export interface ValueRow {
  indicator_id: string
  level: string
  code: string
  value: number | null
  /** how the value was made (e.g. official-table-2, comparator-sum-of-4994-lsoas-held) */
  method: string
}

/** Values of every indicator for the given areas plus the comparator levels (borough, region, country). */
export async function valuesWithComparators(knex: Knex, level: string, codes: string[]): Promise<ValueRow[]> {
  const r = await knex.raw(
    `SELECT indicator_id, level, code, CASE WHEN suppressed THEN NULL ELSE value END AS value, method FROM indicator_values
     WHERE (level = ? AND code = ANY(?)) OR level IN ('borough', 'region', 'country')`,
    [level, codes],
  )
  return r.rows.map((x: ValueRow) => ({ ...x, value: x.value === null ? null : Number(x.value) }))
}

/** The wards of a locality, by name. */
export async function localityWards(knex: Knex, locality: string): Promise<Array<{ code: string; name: string }>> {
  const r = await knex.raw(
    `SELECT w.code, w.name FROM area_links k JOIN areas w ON w.level = 'ward' AND w.code = k.child_code
     WHERE k.child_level = 'ward' AND k.parent_level = 'locality' AND k.parent_code = ? ORDER BY w.name`,
    [locality],
  )
  return r.rows
}

/** child code -> parent name through area_links (e.g. each LSOA's best-fit ward). */
export async function parentNames(knex: Knex, childLevel: string, parentLevel: string): Promise<Map<string, string>> {
  const r = await knex.raw(
    `SELECT k.child_code AS code, p.name FROM area_links k JOIN areas p ON p.level = k.parent_level AND p.code = k.parent_code
     WHERE k.child_level = ? AND k.parent_level = ?`,
    [childLevel, parentLevel],
  )
  return new Map(r.rows.map((x: { code: string; name: string }) => [x.code, x.name]))
}

/** Ward -> locality as stored now (the locality definition), ordered by locality then ward. */
export async function wardLocalities(knex: Knex): Promise<Array<{ ward_code: string; ward_name: string | null; locality_code: string; locality_name: string; provisional: boolean }>> {
  const r = await knex.raw(
    `SELECT k.child_code AS ward_code, w.name AS ward_name, k.parent_code AS locality_code, l.name AS locality_name,
            COALESCE((l.attrs->>'provisional')::boolean, false) AS provisional
     FROM area_links k
     JOIN areas l ON l.level = 'locality' AND l.code = k.parent_code
     LEFT JOIN areas w ON w.level = 'ward' AND w.code = k.child_code
     WHERE k.child_level = 'ward' AND k.parent_level = 'locality'
     ORDER BY k.parent_code, k.child_code`,
  )
  return r.rows
}
