/**
 * Vector tile reads: the features of one layer inside one web-mercator tile, either encoded by
 * PostGIS (ST_AsMVT) or as GeoJSON rows for the in-process encoder. Both read the same rows through
 * the same `features` query, so they carry the same feature ids and properties; they differ only in
 * the geometry arithmetic (clipping, simplification, snapping to the tile grid).
 */
import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { preparedRunner } from './preparedPool'
import type { GeneralisedColumn, TilePrepared } from './tileAreas'

export type { TilePrepared }
export { prepareTileAreas } from './tileAreas'

/** A tile of the web-mercator (EPSG:3857) XYZ grid. */
export interface TileAddress {
  z: number
  x: number
  y: number
}

/** Which rows a tile layer reads. Indicator ids come from the catalogue and are bound as values. */
export type TileSource =
  | {
    kind: 'areas'; level: string; indicators: string[]
    /**
     * The level holds areas kept as context (their rows carry `context`): a code-and-name tile then
     * carries the column. ST_AsMVT lists every column in the layer's keys even when all its values
     * are null, so the borough's tiles would otherwise gain a key and change their bytes.
     */
    context?: boolean
  }
  | { kind: 'assets' }

export interface MvtOptions {
  /** MVT layer name */
  name: string
  extent: number
  buffer: number
  /** ST_Simplify tolerance in EPSG:3857 metres; 0 for none */
  simplifyMetres: number
  /** area layers: carry the name and indicator values (default), or the code only */
  values?: boolean
  /** area layers: read this generalised copy of the geometry (see prepareTileAreas), not the full one */
  geometry?: GeneralisedColumn['column']
}

export interface TileFeatureRow {
  id: number
  properties: Record<string, string | number | boolean>
  geometry: GeoJSON.Geometry
}

// The tile and its envelope in the stored CRS, computed once so the GiST index on `geom` does the
// filtering (ST_Intersects adds the && test itself).
const TILE_CTE = `tile AS MATERIALIZED (
  SELECT m, ST_Transform(m, 4326) AS g FROM (SELECT ST_TileEnvelope(?, ?, ?) AS m) e
)`

/**
 * The rows of one layer whose geometry intersects the tile (not just its buffer), each with a
 * numeric feature id, one jsonb of properties with no nulls, the stored geometry (WGS84) and its
 * web-mercator copy.
 *
 * Area rows come from tile_areas, prepared once per data version by prepareTileAreas; the tile
 * filter stays on areas.geom (the same GiST test as before), so a tile holds the same features.
 *
 * Reviewed plan (PostgreSQL 15, London LSOAs, z12): InitPlan on `tile` (one row, materialised);
 * Nested Loop -> Index Scan using areas_geom_gist (geom && g, then ST_Intersects) ->
 * Index Scan using tile_areas_pkey (level, code), one probe per feature. The per-feature
 * aggregate over indicator_values (Index Scan ... loops=N) and the per-feature ST_Transform are
 * gone from the request path.
 */
/** Whether a code-and-name tile carries the `context` column (see TileSource). */
const contextColumn = (source: TileSource): boolean => source.kind === 'areas' && !!source.context

function features(source: TileSource, values = true, geometry?: GeneralisedColumn['column'], plainColumns = false): string {
  if (source.kind === 'assets') {
    return `SELECT a.id, jsonb_build_object('id', a.id, 'category', a.category, 'name', a.name,
                                       'precision', a.precision, 'status', a.status) AS props,
              a.geom, ST_Transform(a.geom, 3857) AS geom_3857
       FROM tile t JOIN assets a ON a.verified AND ST_Intersects(a.geom, t.g)`
  }
  // Without values: the code only, the key the client joins values and names on (/api/areas?geometry=false).
  // Names were over a quarter of a low-zoom tile's bytes and time over a region (each one a distinct
  // string in the tile's value table). A context area's flag stays at every zoom: the client mutes it
  // before values are carried. For ST_AsMVT as text columns, not a jsonb: the same keys and values in
  // the same order (a null column is left out, as an absent key is), so the same bytes, without
  // ST_AsMVT parsing a jsonb per feature.
  const props = values ? 'p.props AS props'
    : plainColumns ? `p.code AS code${contextColumn(source) ? ", p.props ->> 'context' AS context" : ''}`
    : `jsonb_build_object('code', p.props -> 'code')
     || CASE WHEN p.props -> 'context' IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('context', p.props -> 'context') END AS props`
  // The level is the statement's one `?` here (bound after the tile address).
  // `a.geom @ t.g` (its box inside the tile's) answers the intersection test without GEOS for the
  // areas well inside a tile, most of them at low zooms: the tile in EPSG:4326 is an axis-aligned
  // rectangle, so an area inside its box is inside it. Only the ones crossing its edge pay for
  // ST_Intersects. (Boxes are rounded outward to float4, about 0.3 m here: only an area narrower
  // than that lying just outside a tile edge could be let in, and none is.)
  return `SELECT p.id, ${props}, a.geom, p.${geometry ?? 'geom_3857'} AS geom_3857
     FROM tile t
     JOIN areas a ON a.level = ? AND a.geom && t.g AND (a.geom @ t.g OR ST_Intersects(a.geom, t.g))
     JOIN tile_areas p ON p.level = a.level AND p.code = a.code`
}

// Read in the same statement as a tile, so the caller knows whether the rows it read are current.
const PREPARED_COLUMNS = `(SELECT areas_version FROM data_state) AS areas_version,
  (SELECT areas_version FROM tile_prepared) AS prepared_version, (SELECT layers_key FROM tile_prepared) AS prepared_key`

function preparedOf(row: { prepared_version: unknown; prepared_key: unknown } | undefined): TilePrepared | null {
  return row?.prepared_version == null ? null : { version: Number(row.prepared_version), key: String(row.prepared_key) }
}

/**
 * A tile statement: its SQL text built once per layer source, values on or off and simplification
 * on or off (the only things that change its text), with `?` placeholders for knex (PGlite) and
 * `$n` ones for a named prepared statement on the server.
 */
export interface TileStatement {
  name: string
  /** `$1`, `$2`... placeholders: what runs on the server backend */
  text: string
  /** the same text with `?` placeholders: what knex runs on PGlite */
  knexText: string
}

const statements = new Map<string, TileStatement>()

function tileStatement(key: string, build: () => string): TileStatement {
  let st = statements.get(key)
  if (!st) {
    const knexText = build()
    let n = 0
    const text = knexText.replace(/\?/g, () => `$${++n}`)
    st = { name: 'tile_' + createHash('sha1').update(text).digest('hex').slice(0, 20), text, knexText }
    statements.set(key, st)
  }
  return st
}

/**
 * The ST_AsMVT statement of a layer source. Its parameters are the tile address, the level, the
 * layer name, extent, buffer and tolerance, never the tile's contents: one plan serves every tile,
 * the reviewed one above (see `features`).
 */
function mvtStatement(source: TileSource, values: boolean, simplify: boolean, geometry?: GeneralisedColumn['column']): TileStatement {
  const key = `mvt/${source.kind === 'areas' ? `${source.level}/${!!source.context}` : 'assets'}/${values}/${simplify}/${geometry ?? ''}`
  return tileStatement(key, () => {
    const geom = simplify ? 'ST_Simplify(f.geom_3857, ?::float8, true)' : 'f.geom_3857'
    // OFFSET 0 keeps `m.geom IS NOT NULL` out of the subquery: pushed down, it became a join
    // filter and ST_AsMVTGeom (clipping every feature) ran twice per feature. Same rows, same bytes.
    const plain = source.kind === 'areas' && !values
    return `WITH ${TILE_CTE}, f AS (${features(source, values, geometry, plain)})
     SELECT (SELECT data_version FROM data_state) AS version, ${PREPARED_COLUMNS}, (
       SELECT ST_AsMVT(m, ?, ?, 'geom', 'id') FROM (
         SELECT f.id, ${plain ? `f.code${contextColumn(source) ? ', f.context' : ''}` : 'f.props'}, ST_AsMVTGeom(${geom}, t.m, ?, ?, true) AS geom FROM f, tile t ORDER BY f.id OFFSET 0
       ) m WHERE m.geom IS NOT NULL
     ) AS mvt`
  })
}

/** The statement and values of one PostGIS-encoded tile (mvtTile runs it; the benchmark times it alone). */
export function mvtQuery(source: TileSource, t: TileAddress, o: MvtOptions): { statement: TileStatement; values: unknown[] } {
  const simplify = o.simplifyMetres > 0
  return {
    statement: mvtStatement(source, o.values ?? true, simplify, source.kind === 'areas' ? o.geometry : undefined),
    values: [t.z, t.x, t.y, ...(source.kind === 'areas' ? [source.level] : []), o.name, o.extent, ...(simplify ? [o.simplifyMetres] : []), o.extent, o.buffer],
  }
}

/**
 * Runs a tile statement. On the server backend it is a named prepared statement on the tile
 * statements' own pool (preparedPool.ts: no knex acquisition or query building per tile), so
 * PostgreSQL parses and plans it once per connection. PGlite (one connection, in process) runs it
 * through knex as is.
 */
function runTileStatement(knex: Knex, st: TileStatement, values: unknown[]): Promise<{ rows: any[] }> {
  const run = preparedRunner(knex)
  if (run) return run({ name: st.name, text: st.text, values })
  return knex.raw(st.knexText, values as Knex.RawBinding[]) as unknown as Promise<{ rows: any[] }>
}

/** A tile's content with the data version it was read at (one statement, one snapshot). */
export interface Versioned<T> {
  version: number
  value: T
  /** what tile_areas held when the tile was read (null: never prepared) */
  prepared?: TilePrepared | null
  /** data_state's areas_version when the tile was read: tile_areas is current when it matches */
  areasVersion?: number
}

/**
 * One tile encoded by PostGIS as a Mapbox Vector Tile (empty bytes when no feature is in it), with
 * the data version read in the same statement, so a tile is never filed under a version it is not.
 */
export async function mvtTile(knex: Knex, source: TileSource, t: TileAddress, o: MvtOptions): Promise<Versioned<Uint8Array>> {
  const q = mvtQuery(source, t, o)
  const r = await runTileStatement(knex, q.statement, q.values)
  const bytes = r.rows[0].mvt as Uint8Array | null
  return {
    version: Number(r.rows[0].version),
    prepared: preparedOf(r.rows[0]),
    areasVersion: Number(r.rows[0].areas_version),
    value: bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(0),
  }
}

/** The same rows as mvtTile, as GeoJSON in WGS84 (7 decimals: about 1 cm) for the JS encoder. */
export async function tileFeatures(knex: Knex, source: TileSource, t: TileAddress, values = true): Promise<Versioned<TileFeatureRow[]>> {
  // LEFT JOIN from data_state: the version comes back even when no feature is in the tile.
  const st = tileStatement(`features/${source.kind === 'areas' ? source.level : 'assets'}/${values}`, () => `WITH ${TILE_CTE}, f AS (${features(source, values)})
     SELECT d.data_version AS version, ${PREPARED_COLUMNS}, f.id, jsonb_strip_nulls(f.props) AS props, ST_AsGeoJSON(f.geom, 7) AS geometry
     FROM data_state d LEFT JOIN f ON true ORDER BY f.id`)
  const r = await runTileStatement(knex, st, [t.z, t.x, t.y, ...(source.kind === 'areas' ? [source.level] : [])])
  const rows = r.rows as Array<{ version: number; areas_version: number; prepared_version: unknown; prepared_key: unknown; id: number | null; props: unknown; geometry: string | null }>
  return {
    version: Number(rows[0].version),
    prepared: preparedOf(rows[0]),
    areasVersion: Number(rows[0].areas_version),
    value: rows.filter((row) => row.id !== null).map((row) => ({
      id: Number(row.id),
      properties: (typeof row.props === 'string' ? JSON.parse(row.props) : row.props) as TileFeatureRow['properties'],
      geometry: JSON.parse(row.geometry!) as GeoJSON.Geometry,
    })),
  }
}

/**
 * Whether this PostGIS can encode vector tiles. PGlite's PostGIS is built without protobuf-c and
 * answers "Compiled without protobuf-c support"; that (or a missing function) means false. Any
 * other error (the database being down) is thrown, so the caller does not remember a wrong answer.
 */
export async function supportsMvt(knex: Knex): Promise<boolean> {
  try {
    await knex.raw(
      `SELECT ST_AsMVT(m, 'probe') FROM (SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(0, 0), 3857), ST_TileEnvelope(0, 0, 0)) AS geom) m`,
    )
    return true
  } catch (err) {
    if (/protobuf|function st_asmvt\S* does not exist/i.test((err as Error).message ?? '')) return false
    throw err
  }
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of the published assets (null when none). */
export async function assetsExtent(knex: Knex): Promise<[number, number, number, number] | null> {
  const r = await knex.raw(
    `SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom) e FROM assets WHERE verified) s`,
  )
  const e = r.rows[0]
  return e?.x0 == null ? null : ([e.x0, e.y0, e.x1, e.y1].map(Number) as [number, number, number, number])
}

/** Attribution texts of the datasets a layer's tiles draw on (boundaries, values or assets), deduplicated. */
export async function layerAttributions(knex: Knex, source: TileSource): Promise<string[]> {
  const used = source.kind === 'assets'
    ? knex.raw('SELECT DISTINCT dataset_id FROM assets WHERE verified')
    : knex.raw(
      `SELECT dataset_id FROM areas WHERE level = ?
       UNION SELECT DISTINCT dataset_id FROM indicator_values WHERE level = ? AND indicator_id = ANY(?)`,
      [source.level, source.level, source.indicators],
    )
  const r = await knex.raw('SELECT DISTINCT attribution FROM datasets WHERE id IN (?) ORDER BY attribution', [used])
  return r.rows.map((x: { attribution: string }) => x.attribution).filter(Boolean)
}
