/**
 * Data access for place-based targeting: saved need indices, anchor institutions (marked, added,
 * or NHS trust hospitals by default) and the LSOAs within reach of an anchor.
 */
import type { Knex } from 'knex'
import { assetSource } from './assets'
import { contextLevel, levelsRead } from './context'

// ---- saved need indices ----

export interface SavedIndexRow {
  id: number
  name: string
  description: string | null
  spec: unknown
  created_at: string
}

/** Stores a need index spec; returns the saved row. */
export async function insertNeedIndex(knex: Knex, row: { name: string; description?: string; spec: unknown }): Promise<SavedIndexRow> {
  const [r] = await knex('need_indices')
    .insert({ name: row.name, description: row.description ?? null, spec: JSON.stringify(row.spec) })
    .returning(['id', 'name', 'description', 'spec', 'created_at'])
  return toSaved(r)
}

/** Saved need indices, newest first. */
export async function listNeedIndices(knex: Knex, limit = 500): Promise<SavedIndexRow[]> {
  const rows = await knex('need_indices').select('id', 'name', 'description', 'spec', 'created_at').orderBy('id', 'desc').limit(limit)
  return rows.map(toSaved)
}

export async function getNeedIndex(knex: Knex, id: number): Promise<SavedIndexRow | null> {
  const r = await knex('need_indices').where({ id }).first('id', 'name', 'description', 'spec', 'created_at')
  return r ? toSaved(r) : null
}

function toSaved(r: Record<string, unknown>): SavedIndexRow {
  return {
    id: Number(r.id), name: r.name as string, description: (r.description as string | null) ?? null,
    spec: typeof r.spec === 'string' ? JSON.parse(r.spec) : r.spec, created_at: new Date(r.created_at as string).toISOString(),
  }
}

// ---- anchor institutions ----

/**
 * SQL condition (on assets `a`) for "is an anchor institution", and why: marked on the asset
 * (is_anchor), marked by an editor through anchor_marks (survives re-import), or, by default, an
 * open hospital run by an NHS trust (its parent organisation's name contains both "NHS" and "Trust",
 * which takes in NHS foundation trusts and leaves out independent-sector providers).
 */
const MARKED = `EXISTS (SELECT 1 FROM anchor_marks m WHERE m.dataset_id = a.dataset_id AND m.source_ref = a.source_ref)`
const NHS_DEFAULT = `(a.category = 'hospital' AND a.status = 'open' AND a.attrs->>'parentName' ILIKE '%NHS%' AND a.attrs->>'parentName' ILIKE '%Trust%')`
const BASIS = `CASE WHEN a.is_anchor THEN 'marked' WHEN ${MARKED} THEN 'marked' WHEN ${NHS_DEFAULT} THEN 'nhs-trust-hospital' END`

export type AnchorBasis = 'marked' | 'nhs-trust-hospital'

/** A point in British National Grid metres (EPSG:27700). */
export interface BngPoint {
  easting: number
  northing: number
}

export interface AnchorRow {
  id: number
  name: string
  category: string
  address: string | null
  postcode: string | null
  organisation: string | null
  basis: AnchorBasis
  lon: number
  lat: number
  easting: number
  northing: number
  dataset_id: string | null
  source: string | null
  licence: string | null
  vintage: string | null
  /** set on an anchor held as context outside the borough (e.g. 'london': Queen's Hospital, Romford) */
  context?: string
}

/** Anchors among the borough's assets, or (context) with them those held as context around it. */
function anchorSelect(knex: Knex, context = false): Knex.QueryBuilder {
  return knex.from(assetSource(knex, context))
    .leftJoin('datasets as d', 'd.id', 'a.dataset_id')
    .where('a.verified', true)
    .whereRaw(`(${BASIS}) IS NOT NULL`)
    .select(
      'a.id', 'a.name', 'a.category', 'a.address', 'a.postcode', 'a.dataset_id',
      knex.raw(`a.attrs->>'parentName' AS organisation`), knex.raw(`${BASIS} AS basis`),
      'd.title as source', 'd.licence', 'd.vintage', knex.raw(context ? 'a.context' : 'NULL::text AS context'),
      knex.raw('round(ST_X(a.geom)::numeric, 6)::float8 AS lon'), knex.raw('round(ST_Y(a.geom)::numeric, 6)::float8 AS lat'),
      knex.raw('round(ST_X(a.geom_bng)::numeric, 1)::float8 AS easting'), knex.raw('round(ST_Y(a.geom_bng)::numeric, 1)::float8 AS northing'),
    )
}

const toAnchor = ({ context, ...r }: Record<string, unknown>): AnchorRow =>
  ({ ...r, ...(context ? { context } : {}), id: Number(r.id), lon: Number(r.lon), lat: Number(r.lat), easting: Number(r.easting), northing: Number(r.northing) }) as AnchorRow

/** Every anchor institution, by name (context: with those held as context). */
export async function listAnchors(knex: Knex, context = false): Promise<AnchorRow[]> {
  return (await anchorSelect(knex, context).orderBy(['a.name', 'a.id'])).map(toAnchor)
}

/** One anchor by asset id, or null when the asset does not exist or is not an anchor (context: one held as context may be). */
export async function findAnchor(knex: Knex, id: number, context = false): Promise<AnchorRow | null> {
  const r = await anchorSelect(knex, context).where('a.id', id).first()
  return r ? toAnchor(r) : null
}

/** The asset's identity for marking: null when there is no such asset. */
export async function assetIdentity(knex: Knex, id: number): Promise<{ id: number; dataset_id: string | null; source_ref: string } | null> {
  const r = await knex('assets').where({ id }).first('id', 'dataset_id', 'source_ref')
  return r ? { id: Number(r.id), dataset_id: r.dataset_id, source_ref: r.source_ref } : null
}

/** Marks an existing asset as an anchor: on the row, and (for imported assets) in anchor_marks so a re-import keeps it. Run inside the caller's transaction. */
export async function markAnchor(trx: Knex, asset: { id: number; dataset_id: string | null; source_ref: string }): Promise<void> {
  await trx('assets').where({ id: asset.id }).update({ is_anchor: true, updated_at: trx.fn.now() })
  if (asset.dataset_id) await trx('anchor_marks').insert({ dataset_id: asset.dataset_id, source_ref: asset.source_ref }).onConflict(['dataset_id', 'source_ref']).ignore()
}

/** Removes an editor's mark (the NHS default rule still applies to NHS trust hospitals). Run inside the caller's transaction. */
export async function unmarkAnchor(trx: Knex, asset: { id: number; dataset_id: string | null; source_ref: string }): Promise<void> {
  await trx('assets').where({ id: asset.id }).update({ is_anchor: false, updated_at: trx.fn.now() })
  if (asset.dataset_id) await trx('anchor_marks').where({ dataset_id: asset.dataset_id, source_ref: asset.source_ref }).delete()
}

export const USER_ANCHOR_PREFIX = 'targeting:'

/** Adds a new asset that is an anchor (no dataset: entered by an editor). Returns its id. */
export async function insertAnchorAsset(knex: Knex, a: { name: string; category: string; lon: number; lat: number; address?: string; sourceRef: string }): Promise<number> {
  const r = await knex.raw(
    `INSERT INTO assets (category, name, address, source_ref, precision, status, is_anchor, verified, attrs, geom, geom_bng)
     SELECT ?, ?, ?, ?, 'exact', 'open', true, true, '{"addedAs": "anchor"}'::jsonb, g, ST_Transform(g, 27700)
     FROM (SELECT ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326) AS g) p
     RETURNING id`,
    [a.category, a.name, a.address ?? null, a.sourceRef, a.lon, a.lat],
  )
  return Number(r.rows[0].id)
}

/** Deletes an asset an editor added as an anchor (never an imported one). */
export async function deleteUserAnchorAsset(knex: Knex, id: number): Promise<boolean> {
  // RETURNING, not the affected-row count: knex-pglite does not report a count for DELETE.
  const r = await knex.raw(`DELETE FROM assets WHERE id = ? AND dataset_id IS NULL AND starts_with(source_ref, ?) RETURNING id`, [id, USER_ANCHOR_PREFIX])
  return r.rows.length > 0
}

// ---- catchments ----

export interface CatchmentLsoa {
  code: string
  name: string
  /** straight-line metres from the anchor to the LSOA's population-weighted centroid (BNG; point on surface where none) */
  distance_m: number
  /** set on an LSOA held as context outside the borough (e.g. 'london') */
  context?: string
}

/**
 * LSOAs 2021 whose population-weighted centroid (point on surface where none) lies within `reachM` straight-line metres (BNG) of the asset:
 * reachM = distance / detour, so that straight-line x detour <= distance.
 */
export async function lsoasWithin(knex: Knex, at: BngPoint, reachM: number, context = false): Promise<CatchmentLsoa[]> {
  // Context LSOAs have no population-weighted centroid here: their point on surface stands in.
  const r = await knex.raw(
    `SELECT l.code, l.name, l.attrs->>'context' AS context, ST_Distance(COALESCE(c.geom_bng, l.point_bng), x.geom_bng) AS distance_m
     FROM (SELECT ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 27700) AS geom_bng) x JOIN areas l ON l.level = ANY(?)
     LEFT JOIN lsoa_centroids c ON c.code = l.code
     WHERE ST_DWithin(COALESCE(c.geom_bng, l.point_bng), x.geom_bng, ?)
     ORDER BY distance_m, l.code`,
    [at.easting, at.northing, levelsRead('lsoa21', context), reachM],
  )
  return r.rows.map((x: CatchmentLsoa & { context: string | null }) => ({
    code: x.code, name: x.name, distance_m: Number(x.distance_m), ...(x.context ? { context: x.context } : {}),
  }))
}

/** The catchment as GeoJSON (WGS84, 6 decimals): the union of its LSOAs and the straight-line reach circle. */
export async function catchmentGeometry(knex: Knex, at: BngPoint, reachM: number, codes: string[]): Promise<{ lsoas: GeoJSON.Geometry | null; reach: GeoJSON.Polygon }> {
  const r = await knex.raw(
    `SELECT
       (SELECT ST_AsGeoJSON(ST_Transform(ST_Union(geom_bng), 4326), 6) FROM areas WHERE level IN ('lsoa21', ?) AND code = ANY(?)) AS lsoas,
       ST_AsGeoJSON(ST_Transform(ST_Buffer(x.geom_bng, ?, 32), 4326), 6) AS reach
     FROM (SELECT ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 27700) AS geom_bng) x`,
    [contextLevel('lsoa21'), codes, reachM, at.easting, at.northing],
  )
  const row = r.rows[0]
  return { lsoas: row?.lsoas ? JSON.parse(row.lsoas) : null, reach: JSON.parse(row.reach) }
}
