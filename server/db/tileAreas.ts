/**
 * tile_areas: each area's tile properties (code, name, the tiled indicator values) and its
 * web-mercator geometry, written once per change to areas or indicator values, so a tile reads
 * them instead of aggregating indicator_values per feature per request (see db/tiles).
 */
import type { Knex } from 'knex'

/**
 * What tile_areas was built for: an areas_version (data_state's count of changes to areas and
 * indicator_values, the only tables it reads; an asset edit leaves it current) and a layer
 * definition (see tileLayersKey).
 */
export interface TilePrepared {
  version: number
  key: string
}

/**
 * Rebuilds tile_areas for the area layers given, unless it is already current for this
 * areas_version and key. Area ids are the first 48 bits of md5(code): the same on every backend, in every
 * request and across imports, and exact as a JS number. Indicator values are pivoted here, once;
 * suppressed and missing values are left out, not stored as null. Areas held as context (outside the
 * focus authority) carry `context` (e.g. "london"): the client draws them muted.
 *
 * The exclusive lock makes concurrent callers wait for one rebuild. The version is read before the
 * data, so rows written after an import that commits meanwhile are at worst labelled older than
 * they are, and rebuilt again: never served as newer.
 */
/** A generalised copy of the geometry: the column, and its tolerance in EPSG:3857 metres. */
export interface GeneralisedColumn {
  column: 'geom_3857_z9' | 'geom_3857_z11'
  toleranceMetres: number
}

/**
 * Generalised copies are simplified with ST_SimplifyPreserveTopology (both PostGIS versions have
 * it; ST_CoverageSimplify, which would keep shared edges identical, needs PostGIS 3.6 and the
 * server has 3.3): each area stays a valid polygon and never collapses, at a tolerance no coarser
 * than what its zooms' tiles simplify to anyway.
 */
export async function prepareTileAreas(knex: Knex, sources: Array<{ level: string; indicators: string[] }>, key: string, generalised: readonly GeneralisedColumn[] = []): Promise<TilePrepared> {
  return knex.transaction(async (trx) => {
    await trx.raw('LOCK TABLE tile_areas IN EXCLUSIVE MODE')
    const cur = await trx.raw(
      `SELECT d.areas_version AS version, p.areas_version AS prepared, p.layers_key AS key
       FROM data_state d LEFT JOIN tile_prepared p ON true`,
    )
    const version = Number(cur.rows[0].version)
    if (cur.rows[0].prepared != null && Number(cur.rows[0].prepared) === version && cur.rows[0].key === key) return { version, key }
    await trx.raw('DELETE FROM tile_areas')
    for (const s of sources) {
      await trx.raw(
        `INSERT INTO tile_areas (level, code, id, props, geom_3857)
         SELECT a.level, a.code, ('x' || substr(md5(a.code), 1, 12))::bit(48)::bigint,
                jsonb_build_object('code', a.code, 'name', a.name) || COALESCE(p.vals, '{}'::jsonb)
                  || CASE WHEN a.attrs -> 'context' IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('context', a.attrs -> 'context') END,
                ST_Transform(a.geom, 3857)
         FROM areas a
         LEFT JOIN (
           SELECT v.code, jsonb_object_agg(v.indicator_id, v.value) AS vals FROM indicator_values v
           WHERE v.level = ? AND v.indicator_id = ANY(?) AND NOT v.suppressed AND v.value IS NOT NULL
           GROUP BY v.code
         ) p ON p.code = a.code
         WHERE a.level = ? AND a.geom IS NOT NULL`,
        [s.level, s.indicators, s.level],
      )
    }
    if (generalised.length) {
      // One pass for every band; ST_Multi as the columns are MultiPolygon. Column names are the
      // fixed ones of GeneralisedColumn, tolerances bound as values.
      await trx.raw(
        `UPDATE tile_areas SET ${generalised.map((g) => `${g.column} = ST_Multi(ST_SimplifyPreserveTopology(geom_3857, ?::float8))`).join(', ')}`,
        generalised.map((g) => g.toleranceMetres),
      )
    }
    await trx.raw(
      `INSERT INTO tile_prepared (id, data_version, areas_version, layers_key) VALUES (true, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET areas_version = EXCLUDED.areas_version, layers_key = EXCLUDED.layers_key`,
      [version, key],
    )
    return { version, key }
  })
}
