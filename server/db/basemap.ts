/**
 * Basemap context features: written by the basemap importer, read as GeoJSON per kind.
 */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

export interface BasemapRow {
  kind: string
  name: string | null
  class: string | null
  /** GeoJSON geometry (EPSG:4326) as text */
  geojson?: string
  /** WKB (hex) in `srid`, for sources that are not GeoJSON (the GeoPackage parks) */
  wkbHex?: string
  srid?: number
}

const CHUNK = 500

/** Removes every basemap feature a dataset loaded (re-import replaces them). */
export async function clearBasemap(trx: Db, datasetId: string): Promise<void> {
  await trx('basemap_features').where({ dataset_id: datasetId }).delete()
}

/** Inserts features, transforming non-WGS84 WKB to EPSG:4326 in PostGIS. Returns the count. */
export async function insertBasemap(trx: Db, datasetId: string, rows: BasemapRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, dataset_id: datasetId }))
    await trx.raw(
      `INSERT INTO basemap_features (kind, name, class, dataset_id, geom)
       SELECT r.kind, r.name, r.class, r.dataset_id,
              CASE WHEN r.geojson IS NOT NULL THEN ST_SetSRID(ST_GeomFromGeoJSON(r.geojson), 4326)
                   ELSE ST_Transform(ST_SetSRID(ST_GeomFromWKB(decode(r.wkb_hex, 'hex')), r.srid), 4326) END
       FROM json_to_recordset(?::json) AS r(kind text, name text, class text, dataset_id text, geojson text, wkb_hex text, srid int)`,
      [JSON.stringify(chunk.map((r) => ({ kind: r.kind, name: r.name, class: r.class, dataset_id: r.dataset_id, geojson: r.geojson ?? null, wkb_hex: r.wkbHex ?? null, srid: r.srid ?? null })))],
    )
  }
  return rows.length
}

/** The features of one kind as a GeoJSON FeatureCollection text, geometry rounded to ~1 m. */
export async function basemapCollection(db: Db, kind: string): Promise<string> {
  const r = await db.raw(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', ST_AsGeoJSON(geom, 5)::json,
        'properties', json_build_object('kind', kind, 'name', name, 'class', class)) ORDER BY id), '[]'::json))::text AS fc
     FROM basemap_features WHERE kind = ?`,
    [kind],
  )
  return r.rows[0].fc as string
}
