/** Queries behind an import's invariants: what a dataset loaded, and how far it covers the areas. */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

/** Areas a dataset loaded, per level (for its import's invariants). */
export async function areaCountOfDataset(db: Db, datasetId: string): Promise<Array<{ level: string; n: number }>> {
  const rows = await db('areas').where({ dataset_id: datasetId }).groupBy('level').select('level').count<Array<{ level: string; n: number }>>({ n: '*' })
  return rows.map((r) => ({ level: r.level, n: Number(r.n) }))
}

export async function areaCount(db: Db, level: string): Promise<number> {
  const [r] = await db('areas').where({ level }).count<{ n: number }[]>({ n: '*' })
  return Number(r.n)
}

/**
 * Per indicator and level, how many of the stored areas have a row (a value, or one marked
 * suppressed or missing) from the dataset; the least covered first.
 */
export async function valueCoverage(db: Db, datasetId: string, levels: string[]): Promise<Array<{ indicator: string; level: string; covered: number; areas: number }>> {
  const r = await db.raw(
    `SELECT v.indicator_id AS indicator, v.level, count(DISTINCT v.code)::int AS covered,
            (SELECT count(*)::int FROM areas a WHERE a.level = v.level) AS areas
     FROM indicator_values v
     WHERE v.dataset_id = ? AND v.level = ANY(?) AND EXISTS (SELECT 1 FROM areas a WHERE a.level = v.level AND a.code = v.code)
     GROUP BY v.indicator_id, v.level
     ORDER BY covered, v.indicator_id`,
    [datasetId, levels],
  )
  return r.rows.map((x: { indicator: string; level: string; covered: number; areas: number }) => ({ ...x, covered: Number(x.covered), areas: Number(x.areas) }))
}

/** Distinct LSOA 2021 and 2011 codes in a dataset's lookup rows; null when it loaded none. */
export async function lookupCoverage(db: Db, datasetId: string): Promise<{ lsoa21: number; lsoa11: number } | null> {
  const r = await db.raw(
    `SELECT count(*)::int AS n, count(DISTINCT lsoa21cd)::int AS lsoa21, count(DISTINCT lsoa11cd)::int AS lsoa11 FROM lsoa_lookup WHERE dataset_id = ?`,
    [datasetId],
  )
  const x = r.rows[0]
  return Number(x.n) ? { lsoa21: Number(x.lsoa21), lsoa11: Number(x.lsoa11) } : null
}

/**
 * Per IoD domain with a published local-authority summary (lad_summaries) and LSOA deciles, the
 * share of the authority's LSOAs in decile 1 beside the published share, when the dataset being
 * imported is either side of the comparison.
 */
export async function publishedDecileShares(
  db: Db, datasetId: string, la: string,
): Promise<Array<{ domain: string; published: number; lsoas: number; lsoasInDecile1: number; lsoaShare: number }>> {
  const r = await db.raw(
    `SELECT s.domain, s.share_10 AS published, count(*)::int AS lsoas, count(*) FILTER (WHERE v.value = 1)::int AS d1
     FROM lad_summaries s
     JOIN indicator_values v ON v.indicator_id = s.domain || '_decile_' || s.edition AND v.level = 'lsoa21'
     JOIN areas a ON a.level = 'lsoa21' AND a.code = v.code
     WHERE s.lad_code = ? AND (s.dataset_id = ? OR v.dataset_id = ?)
     GROUP BY s.domain, s.share_10
     ORDER BY s.domain`,
    [la, datasetId, datasetId],
  )
  return r.rows.map((x: { domain: string; published: number; lsoas: number; d1: number }) => ({
    domain: x.domain, published: Number(x.published), lsoas: Number(x.lsoas), lsoasInDecile1: Number(x.d1),
    lsoaShare: Number(x.d1) / Number(x.lsoas),
  }))
}
