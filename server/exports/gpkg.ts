/**
 * GeoPackage 1.3 (OGC 12-128r18) for QGIS users: one feature table per export in EPSG:4326, plus
 * the export's provenance twice over, as a plain `<layer>_sources` attribute table (a row per
 * column, the layout of the CSVW metadata and the Sources sheet) and as the CSVW document in
 * gpkg_metadata, referenced from the layer (the Metadata extension). Written with sql.js (SQLite in
 * WASM), the library that already reads GeoPackages at import.
 */
import { createRequire } from 'node:module'
import type { Feature } from 'geojson'
import initSqlJs from 'sql.js'
import { csvwMetadata } from './csv'
import { PROVENANCE_FIELDS, provenanceRows, type ExportDataset } from './table'
import { envelope, toWkb } from './wkb'

const sqlJs = initSqlJs({ locateFile: (f: string) => createRequire(import.meta.url).resolve(`sql.js/dist/${f}`) })

/** Standard GeoPackage binary header (version 0, little endian, xy envelope) then WKB. */
function gpkgGeometry(g: Feature['geometry']): Uint8Array | null {
  if (!g) return null
  const h = Buffer.alloc(8 + 32)
  h.write('GP', 0, 'ascii')
  h.writeUInt8(0, 2)
  h.writeUInt8(0b0000_0011, 3) // envelope [minx,maxx,miny,maxy], little endian
  h.writeInt32LE(4326, 4)
  envelope(g).forEach((v, i) => h.writeDoubleLE(v, 8 + 8 * i))
  return Buffer.concat([h, toWkb(g)])
}

type SqlType = 'INTEGER' | 'REAL' | 'TEXT'
const q = (id: string) => `"${id.replace(/"/g, '""')}"`
const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'field'

/** Property columns in first-seen order, each typed by the values it holds. */
function fields(features: Feature[]): Array<{ key: string; name: string; type: SqlType }> {
  const seen = new Map<string, SqlType | null>()
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const t: SqlType | null = v === null || v === undefined ? null
        : typeof v === 'number' ? (Number.isInteger(v) ? 'INTEGER' : 'REAL') : typeof v === 'boolean' ? 'INTEGER' : 'TEXT'
      const was = seen.get(k)
      if (was === undefined) seen.set(k, t)
      else if (t && was !== t) seen.set(k, was === null ? t : was === 'INTEGER' && t === 'REAL' ? 'REAL' : was === 'REAL' && t === 'INTEGER' ? 'REAL' : 'TEXT')
    }
  }
  const used = new Set(['fid', 'geom'])
  return [...seen].map(([key, t]) => {
    let name = safe(key)
    while (used.has(name)) name += '_'
    used.add(name)
    return { key, name, type: t ?? 'TEXT' }
  })
}

const value = (v: unknown, t: SqlType) =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : t === 'TEXT' ? (typeof v === 'object' ? JSON.stringify(v) : String(v)) : (v as number)

export async function writeGpkg(d: ExportDataset): Promise<Buffer> {
  if (!d.features) throw new Error(`${d.name} has no features`)
  const SQL = await sqlJs
  const db = new SQL.Database()
  try {
    const layer = safe(d.name)
    const feats = d.features.features
    const cols = fields(feats)
    const types = new Set(feats.map((f) => f.geometry?.type).filter(Boolean))
    const gtype = types.size === 1 ? [...types][0]!.toUpperCase() : 'GEOMETRY'
    const ext = feats.filter((f) => f.geometry).map((f) => envelope(f.geometry!))
    const bbox = ext.length ? [Math.min(...ext.map((e) => e[0])), Math.min(...ext.map((e) => e[2])), Math.max(...ext.map((e) => e[1])), Math.max(...ext.map((e) => e[3]))] : [null, null, null, null]
    db.run(`PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
      CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
      CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
      CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));`)
    db.run(`INSERT INTO gpkg_spatial_ref_sys VALUES
      ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
      ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
      ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`)
    db.run(`CREATE TABLE ${q(layer)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${gtype}${cols.map((c) => `, ${q(c.name)} ${c.type}`).join('')})`)
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 4326)',
      [layer, 'features', d.title.slice(0, 200), d.description ?? '', ...bbox])
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)', [layer, 'geom', gtype])
    const ins = db.prepare(`INSERT INTO ${q(layer)} (geom${cols.map((c) => `, ${q(c.name)}`).join('')}) VALUES (?${', ?'.repeat(cols.length)})`)
    for (const f of feats) ins.run([gpkgGeometry(f.geometry), ...cols.map((c) => value(f.properties?.[c.key], c.type))])
    ins.free()

    const sources = `${layer}_sources`
    db.run(`CREATE TABLE ${q(sources)} (id INTEGER PRIMARY KEY AUTOINCREMENT${PROVENANCE_FIELDS.map((f) => `, ${q(f)} TEXT`).join('')})`)
    db.run("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)",
      [sources, `${d.title.slice(0, 180)}: sources`, 'Title, unit, source, vintage, licence, method and suppression rule of each column'])
    const si = db.prepare(`INSERT INTO ${q(sources)} (${PROVENANCE_FIELDS.map(q).join(', ')}) VALUES (${PROVENANCE_FIELDS.map(() => '?').join(', ')})`)
    for (const r of provenanceRows(d)) si.run(r.map((v) => (v === null ? null : String(v))))
    si.free()

    db.run("INSERT INTO gpkg_extensions VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write'), ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata', 'read-write')")
    db.run("INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (1, 'dataset', 'http://www.w3.org/ns/csvw', 'application/csvm+json', ?)",
      [JSON.stringify(csvwMetadata(d, `${d.name}.csv`))])
    db.run("INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) VALUES ('table', ?, 1)", [layer])
    return Buffer.from(db.export())
  } finally {
    db.close()
  }
}
