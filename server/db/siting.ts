/**
 * SQL behind Family Hub siting: demand points with their weights, candidate sites with the
 * locality they fall in, catchment unions, and saved scenarios. Coordinates come out in British
 * National Grid metres (for travel) and WGS84 (for the map).
 */
import type { Knex } from 'knex'
import { contextLevel } from './context'

export interface DemandRow {
  code: string
  name: string
  x: number
  y: number
  lon: number
  lat: number
  locality: string | null
  /** indicator id -> value (suppressed values absent) */
  values: Record<string, number>
  /** placed at the ONS population-weighted centroid (false: point on surface, no centroid imported) */
  pwc: boolean
}

export interface SiteRow {
  assetId: number
  category: string
  name: string
  phase: string | null
  status: string
  x: number
  y: number
  lon: number
  lat: number
  locality: string | null
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)

/**
 * Each LSOA 2021's demand point (the ONS population-weighted centroid, where people live; the
 * point on surface where no centroid is imported), its locality (LSOA -> best-fit ward ->
 * locality) and the given indicator values. With `context`, also the LSOAs held as context whose
 * point lies within `withinM` of the borough (no locality: demand only, never a locality's hub).
 */
export async function demandPoints(knex: Knex, indicatorIds: string[], context?: { withinM: number }): Promise<DemandRow[]> {
  const r = await knex.raw(
    `SELECT a.code, a.name, ST_X(p.g) AS x, ST_Y(p.g) AS y,
            ST_X(ST_Transform(p.g, 4326)) AS lon, ST_Y(ST_Transform(p.g, 4326)) AS lat,
            loc.parent_code AS locality, c.code IS NOT NULL AS pwc,
            COALESCE((SELECT jsonb_object_agg(v.indicator_id, v.value) FROM indicator_values v
                      WHERE v.level = a.level AND v.code = a.code AND v.indicator_id = ANY(?) AND NOT v.suppressed AND v.value IS NOT NULL), '{}'::jsonb) AS values
     FROM areas a
     LEFT JOIN lsoa_centroids c ON c.code = a.code
     CROSS JOIN LATERAL (SELECT COALESCE(c.geom_bng, a.point_bng) AS g) p
     LEFT JOIN area_links w ON w.child_level = 'lsoa21' AND w.child_code = a.code AND w.parent_level = 'ward'
     LEFT JOIN area_links loc ON loc.child_level = 'ward' AND loc.child_code = w.parent_code AND loc.parent_level = 'locality'
     WHERE a.point_bng IS NOT NULL AND (a.level = 'lsoa21' OR (?::boolean AND a.level = ? AND EXISTS (
       SELECT 1 FROM areas b WHERE b.level = 'borough' AND ST_DWithin(b.geom_bng, a.point_bng, ?))))
     ORDER BY a.code`,
    [indicatorIds, context !== undefined, contextLevel('lsoa21'), context?.withinM ?? 0],
  )
  return r.rows.map((x: DemandRow) => ({ ...x, x: Number(x.x), y: Number(x.y), lon: Number(x.lon), lat: Number(x.lat), values: json(x.values), pwc: Boolean(x.pwc) }))
}

/** The localities, by code. */
export async function localityNames(knex: Knex): Promise<Array<{ code: string; name: string }>> {
  return knex('areas').where({ level: 'locality' }).orderBy('code').select('code', 'name')
}

// The locality a point falls in (point in polygon; a point on a shared edge goes to the first code).
const LOCALITY_OF = (point: string) =>
  `(SELECT l.code FROM areas l WHERE l.level = 'locality' AND ST_Intersects(l.geom_bng, ${point}) ORDER BY l.code LIMIT 1)`

/**
 * Candidate assets: open assets of the given categories, open primary (and all-through) schools when
 * asked, and the assets named by id whatever their status (fixed and baseline sites).
 */
export async function siteAssets(knex: Knex, q: { categories: string[]; primarySchools: boolean; ids: number[] }): Promise<SiteRow[]> {
  const r = await knex.raw(
    `SELECT a.id AS "assetId", a.category, a.name, a.attrs->>'phase' AS phase, a.status,
            ST_X(a.geom_bng) AS x, ST_Y(a.geom_bng) AS y, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
            ${LOCALITY_OF('a.geom_bng')} AS locality
     FROM assets a
     WHERE a.verified AND (
       (a.status = 'open' AND (a.category = ANY(?) OR (? AND a.category = 'school' AND a.attrs->>'phase' IN ('Primary', 'All Through'))))
       OR a.id = ANY(?))
     ORDER BY a.category, a.name, a.id`,
    [q.categories, q.primarySchools, q.ids],
  )
  return r.rows.map((x: SiteRow) => ({ ...x, assetId: Number(x.assetId), x: Number(x.x), y: Number(x.y), lon: Number(x.lon), lat: Number(x.lat) }))
}

/** WGS84 points -> BNG metres and the locality each falls in, in input order. */
export async function placePoints(knex: Knex, points: Array<{ lon: number; lat: number }>): Promise<Array<{ x: number; y: number; locality: string | null }>> {
  if (!points.length) return []
  const r = await knex.raw(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y, ${LOCALITY_OF('p')} AS locality
     FROM (SELECT ord, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 27700) AS p
           FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS u(lon, lat, ord)) t
     ORDER BY ord`,
    [points.map((p) => p.lon), points.map((p) => p.lat)],
  )
  return r.rows.map((x: { x: number; y: number; locality: string | null }) => ({ x: Number(x.x), y: Number(x.y), locality: x.locality }))
}

/** Catchments: the union of each hub's allocated LSOA 2021 polygons, as WGS84 GeoJSON (6 decimals). */
export async function catchmentGeometries(knex: Knex, allocation: Array<{ lsoa: string; hub: string }>): Promise<Map<string, GeoJSON.Geometry>> {
  if (!allocation.length) return new Map()
  const r = await knex.raw(
    `SELECT u.hub, ST_AsGeoJSON(ST_Union(a.geom), 6) AS geometry
     FROM unnest(?::text[], ?::text[]) AS u(lsoa, hub)
     JOIN areas a ON a.level IN ('lsoa21', ?) AND a.code = u.lsoa
     GROUP BY u.hub ORDER BY u.hub`,
    [allocation.map((x) => x.lsoa), allocation.map((x) => x.hub), contextLevel('lsoa21')],
  )
  return new Map(r.rows.map((x: { hub: string; geometry: string }) => [x.hub, JSON.parse(x.geometry)]))
}

export interface ScenarioRow<P = unknown, R = unknown> {
  id: number
  name: string
  author: string
  created_at: string
  params: P
  result: R
}

const scenario = <P, R>(x: ScenarioRow): ScenarioRow<P, R> => ({
  ...x, id: Number(x.id), created_at: new Date(x.created_at).toISOString(), params: json(x.params) as P, result: json(x.result) as R,
})

/** Stores a scenario; returns its id and time. */
export async function insertScenario(knex: Knex, s: { name: string; author: string; params: unknown; result: unknown }): Promise<{ id: number; created_at: string }> {
  const [row] = await knex('scenarios')
    .insert({ name: s.name, author: s.author, params: JSON.stringify(s.params), result: JSON.stringify(s.result) })
    .returning(['id', 'created_at'])
  return { id: Number(row.id), created_at: new Date(row.created_at).toISOString() }
}

/** Saved scenarios, newest first, with their headline figures only (not the geometry). */
export async function listScenarios(knex: Knex, limit: number): Promise<Array<Omit<ScenarioRow, 'result'> & { summary: unknown }>> {
  const r = await knex.raw(
    `SELECT id, name, author, created_at, params,
            jsonb_build_object('status', result->'status', 'objective', result->'objective', 'sites', result->'sites',
                               'metrics', result->'metrics'->'overall', 'summary', result->'summary') AS summary
     FROM scenarios ORDER BY created_at DESC, id DESC LIMIT ?`,
    [limit],
  )
  return r.rows.map((x: ScenarioRow & { summary: unknown }) => ({ ...scenario(x), summary: json(x.summary) }))
}

/** Scenarios by id (in the order asked; missing ids are absent). */
export async function getScenarios<P, R>(knex: Knex, ids: number[]): Promise<Array<ScenarioRow<P, R>>> {
  const rows = await knex('scenarios').whereIn('id', ids).select('id', 'name', 'author', 'created_at', 'params', 'result')
  const byId = new Map(rows.map((x: ScenarioRow) => [Number(x.id), scenario<P, R>(x)]))
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
}
