/**
 * Helpers for import robustness tests: a temp folder laid out like GEODATA_DIR holding one dataset's
 * files (copied from the real data, then one broken), and a fingerprint of everything a dataset
 * loaded, so a test can prove a failed import left the earlier data exactly as it was.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Knex } from 'knex'
import { source } from '../../../geodata/manifest'
import { plan } from '../../../server/import/plan'
import type { ImportFn } from '../../../server/import/runner'
import { geodataDir } from '../../support/env'

/** A new temp folder; the caller removes it (see removeDir). */
export function makeTempDir(prefix = 'atlas-geodata-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Copies the files of manifest source `id` into `dir` at their GEODATA_DIR-relative paths, plus
 * every other file in the same folders: some readers open sibling files the manifest does not list
 * (the Census reader reads six Nomis tables, the manifest names four).
 */
export function copyDataset(id: string, dir: string, from = geodataDir): void {
  const folders = new Set(source(id).files.map((f) => path.dirname(f.path)))
  for (const folder of folders) {
    mkdirSync(path.join(dir, folder), { recursive: true })
    for (const name of readdirSync(path.join(from, folder))) {
      const src = path.join(from, folder, name)
      if (statSync(src).isFile()) copyFileSync(src, path.join(dir, folder, name))
    }
  }
  for (const f of source(id).files) {
    if (!existsSync(path.join(dir, f.path))) throw new Error(`copyDataset: ${f.path} was not copied`)
  }
}

/** Absolute path of a manifest file of `id` inside a copied folder. */
export function fileOf(dir: string, id: string, n: number): string {
  return path.join(dir, source(id).files[n].path)
}

/** The importer the plan uses for a source. */
export function stepRun(id: string): ImportFn {
  const step = plan.find((p) => p.source === id)
  if (!step) throw new Error(`no plan step for ${id}`)
  return step.run(id)
}

export interface DatasetFingerprint {
  /** the provenance row: checksum and import time change whenever the dataset is replaced */
  dataset: { checksum: string; imported_at: string; rows_loaded: number } | null
  areas: { n: number; areaM2: number; md5: string | null }
  values: { n: number; sum: number; md5: string | null }
  postcodes: { n: number; md5: string | null }
  assets: { n: number; md5: string | null }
  series: { n: number; sum: number; md5: string | null }
  lookup: { n: number; md5: string | null }
}

/**
 * Counts, sums and an md5 over every row a dataset owns, in key order with values rounded (so the
 * same data re-inserted in another physical order gives the same fingerprint).
 */
export async function fingerprint(knex: Knex, datasetId: string): Promise<DatasetFingerprint> {
  const one = async <T>(sql: string): Promise<T> => ((await knex.raw(sql, [datasetId])).rows[0] as T)
  const ds = await knex('datasets').where({ id: datasetId }).first('checksum', 'imported_at', 'rows_loaded')
  const areas = await one<{ n: number; area: number; md5: string | null }>(
    `SELECT count(*)::int AS n, coalesce(round(sum(ST_Area(geom_bng))::numeric, 1), 0)::float8 AS area,
            md5(string_agg(level || ':' || code || ':' || name || ':' || coalesce(round(ST_Area(geom_bng)::numeric, 3)::text, '-')
                           || ':' || coalesce(md5(ST_AsBinary(geom_bng)), '-'), ',' ORDER BY level, code))
     FROM areas WHERE dataset_id = ?`,
  )
  const values = await one<{ n: number; sum: number; md5: string | null }>(
    `SELECT count(*)::int AS n, coalesce(round(sum(value)::numeric, 6), 0)::float8 AS sum,
            md5(string_agg(indicator_id || ':' || level || ':' || code || ':' || coalesce(round(value::numeric, 9)::text, 'null')
                           || ':' || suppressed::text || ':' || method, ',' ORDER BY indicator_id, level, code))
     FROM indicator_values WHERE dataset_id = ?`,
  )
  const postcodes = await one<{ n: number; md5: string | null }>(
    `SELECT count(*)::int AS n, md5(string_agg(postcode || ':' || ST_AsText(geom_bng), ',' ORDER BY postcode))
     FROM postcodes WHERE dataset_id = ?`,
  )
  const assets = await one<{ n: number; md5: string | null }>(
    `SELECT count(*)::int AS n, md5(string_agg(source_ref || ':' || category || ':' || name || ':' || ST_AsText(geom_bng), ',' ORDER BY source_ref))
     FROM assets WHERE dataset_id = ?`,
  )
  const series = await one<{ n: number; sum: number; md5: string | null }>(
    `SELECT count(*)::int AS n, coalesce(round(sum(value)::numeric, 6), 0)::float8 AS sum,
            md5(string_agg(indicator_id || ':' || area_code || ':' || period || ':' || coalesce(value::text, 'null'), ',' ORDER BY indicator_id, area_code, period))
     FROM series_values WHERE dataset_id = ?`,
  )
  const lookup = await one<{ n: number; md5: string | null }>(
    `SELECT count(*)::int AS n, md5(string_agg(lsoa11cd || ':' || lsoa21cd || ':' || chgind, ',' ORDER BY lsoa11cd, lsoa21cd))
     FROM lsoa_lookup WHERE dataset_id = ?`,
  )
  return {
    dataset: ds ? { checksum: ds.checksum, imported_at: new Date(ds.imported_at).toISOString(), rows_loaded: Number(ds.rows_loaded) } : null,
    areas: { n: areas.n, areaM2: Number(areas.area), md5: areas.md5 },
    values: { n: values.n, sum: Number(values.sum), md5: values.md5 },
    postcodes,
    assets,
    series: { n: series.n, sum: Number(series.sum), md5: series.md5 },
    lookup,
  }
}

/** md5 over every indicator value of every dataset (source and derived): "the figures". */
export async function allFigures(knex: Knex): Promise<{ n: number; md5: string }> {
  const r = await knex.raw(
    `SELECT count(*)::int AS n,
            md5(string_agg(indicator_id || ':' || level || ':' || code || ':' || coalesce(round(value::numeric, 9)::text, 'null')
                           || ':' || coalesce(round(numerator::numeric, 6)::text, '-') || ':' || coalesce(round(denominator::numeric, 6)::text, '-')
                           || ':' || suppressed::text || ':' || method, ',' ORDER BY indicator_id, level, code)) AS md5
     FROM indicator_values`,
  )
  return r.rows[0]
}
