/**
 * What an export is, whatever its format: a tidy table (one header of machine-safe column names,
 * one row per record in the order the user saw) whose columns carry their provenance, and for GIS
 * formats the same records as a GeoJSON FeatureCollection. The domain builds these; the writers in
 * this folder turn them into files; `sendExport` (server/http/export.ts) sends them.
 */
import type { FeatureCollection } from 'geojson'

export type Cell = string | number | boolean | null

export interface ExportColumn {
  /** machine-safe: lower case, digits and _ (an indicator column is the indicator id, which holds its edition) */
  name: string
  title: string
  datatype: 'string' | 'number' | 'integer' | 'boolean' | 'datetime'
  /** numbers are written rounded to this many decimals (the indicator's declared precision) */
  decimals?: number
  unit?: string
  description?: string
  source?: string
  publisher?: string
  vintage?: string
  licence?: string
  attribution?: string
  url?: string
  /** how the figure was made (aggregation, derivation, normalisation) */
  method?: string
  /** when a value is left empty on purpose (e.g. counts of 1-4) */
  suppression?: string
}

export interface ExportDataset {
  /** file stem, e.g. "ward-imd_score_2025" (the extension comes from the format) */
  name: string
  title: string
  description?: string
  columns: ExportColumn[]
  rows: Cell[][]
  /** the same records with geometry, for GeoJSON and GeoPackage (absent: no GIS formats) */
  features?: FeatureCollection
  /** dataset-level notes (method, weighting, scenario summary): in the metadata, never in the CSV */
  notes?: string[]
}

/** Rounds to the column's declared precision (half away from zero, as published tables do). */
export function roundCell(v: Cell, c: ExportColumn): Cell {
  if (typeof v !== 'number' || !Number.isFinite(v)) return typeof v === 'number' ? null : v
  if (c.datatype === 'integer') return Math.round(v)
  if (c.decimals === undefined) return v
  const f = 10 ** c.decimals
  return Math.sign(v) * Math.round(Math.abs(v) * f + Number.EPSILON * f) / f
}

/** The rows as written: each value rounded to its column's precision. */
export function tidyRows(d: ExportDataset): Cell[][] {
  return d.rows.map((r) => d.columns.map((c, i) => roundCell(r[i] ?? null, c)))
}

/** One provenance layout for every format: a row per column (CSVW columns, the Sources sheet, the GeoPackage sources table). */
export const PROVENANCE_FIELDS = ['column', 'title', 'unit', 'datatype', 'decimals', 'source', 'publisher', 'vintage', 'licence', 'attribution', 'url', 'method', 'suppression'] as const

export function provenanceRows(d: ExportDataset): Cell[][] {
  return d.columns.map((c) => [c.name, c.title, c.unit ?? null, c.datatype, c.decimals ?? null, c.source ?? null, c.publisher ?? null, c.vintage ?? null,
    c.licence ?? null, c.attribution ?? null, c.url ?? null, c.method ?? null, c.suppression ?? null])
}

/** A safe file stem: letters, digits, _ and -; at most 100 characters. */
export const fileStem = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'export'
