/**
 * Derived data, recomputed in one transaction whenever an import changes anything:
 * 1. best-fit LSOA 2021 -> ward links (no official lookup exists for wards 2022),
 * 2. locality outlines from their wards,
 * 3. IoD and other LSOA 2011 figures carried over to LSOA 2021 through the ONS lookup,
 * 4. aggregates to ward, locality and borough by each descriptor's own statistic.
 * Every row written here belongs to the 'derived' dataset and says how it was made in `method`.
 */
import type { Knex } from 'knex'
import type { IndicatorDescriptor, Level } from '../catalogue/types'

export const DERIVED = 'derived'

/**
 * Decimal places every computed value is stored with. A floating-point sum depends on the order
 * rows arrive in, so the same files could give 1435 on one import and 1434.9999999999998 on the
 * next, changing ETags and exports for identical inputs. Nine places is far below any precision a
 * publisher states and far above float noise.
 */
export const STORED_DECIMALS = 9

/** SQL for an expression rounded to STORED_DECIMALS, back as double precision. */
const stored = (expr: string) => `round((${expr})::numeric, ${STORED_DECIMALS})::double precision`

/** LSOA 2021 -> ward 2022: the ward containing the LSOA's point on surface; else the largest overlap. */
export async function deriveWardLinks(trx: Knex.Transaction): Promise<number> {
  const r = await trx.raw(
    `INSERT INTO area_links (child_level, child_code, parent_level, parent_code, method, dataset_id)
     SELECT 'lsoa21', l.code, 'ward', COALESCE(
         (SELECT w.code FROM areas w WHERE w.level = 'ward' AND ST_Contains(w.geom_bng, l.point_bng) LIMIT 1),
         (SELECT w.code FROM areas w WHERE w.level = 'ward' AND ST_Intersects(w.geom_bng, l.geom_bng)
            ORDER BY ST_Area(ST_Intersection(w.geom_bng, l.geom_bng)) DESC LIMIT 1),
         (SELECT w.code FROM areas w WHERE w.level = 'ward' ORDER BY w.geom_bng <-> l.point_bng LIMIT 1)),
       'best-fit', ?
     FROM areas l WHERE l.level = 'lsoa21' AND EXISTS (SELECT 1 FROM areas w WHERE w.level = 'ward')
     RETURNING 1`,
    [DERIVED],
  )
  return r.rows.length
}

/** Locality outlines are the union of their wards; recomputed because wards may have been re-imported. */
export async function deriveLocalityGeometry(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `UPDATE areas loc SET geom_bng = u.g, geom = ST_ForcePolygonCCW(ST_Transform(u.g, 4326)), point_bng = ST_PointOnSurface(u.g)
     FROM (SELECT k.parent_code, ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(w.geom_bng)), 3)) AS g
           FROM area_links k JOIN areas w ON w.level = 'ward' AND w.code = k.child_code
           WHERE k.child_level = 'ward' AND k.parent_level = 'locality' GROUP BY k.parent_code) u
     WHERE loc.level = 'locality' AND loc.code = u.parent_code`,
  )
}

/**
 * LSOA 2011 -> 2021 (ONS lookup, CHGIND):
 * - U (unchanged) and S (split): scores, rates, ranks and deciles are the parent's; counts are shared
 *   among the split children in proportion to their Census 2021 residents.
 * - M (merged) and X (irregular): scores and rates are the mean of the parents weighted by their IoD
 *   mid-2015 population; counts are summed; ranks and deciles cannot be recomputed from a subset of
 *   England, so they are the most populous parent's, flagged by method 'merged-dominant-parent'.
 */
export async function carryOverLsoa11(trx: Knex.Transaction, ds: IndicatorDescriptor[], weight: string, share: string): Promise<void> {
  const ids = (kinds: string[]) => ds.filter((d) => d.sourceLevel === 'lsoa11' && kinds.includes(d.kind)).map((d) => d.id)
  const intensive = ids(['score', 'rate'])
  const ordinal = ids(['rank', 'decile'])
  const counts = ids(['count'])
  const whole = [...intensive, ...ordinal]
  // Unchanged and split: the parent's value.
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, method, source_level, dataset_id)
     SELECT v.indicator_id, 'lsoa21', k.lsoa21cd, v.value, CASE k.chgind WHEN 'U' THEN 'carried-unchanged' ELSE 'carried-split' END, 'lsoa11', ?
     FROM lsoa_lookup k JOIN indicator_values v ON v.level = 'lsoa11' AND v.code = k.lsoa11cd
     WHERE k.chgind IN ('U', 'S') AND v.indicator_id = ANY(?)`,
    [DERIVED, whole],
  )
  // Merged (and irregular): population-weighted mean of scores and rates.
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, denominator, method, source_level, dataset_id)
     SELECT v.indicator_id, 'lsoa21', k.lsoa21cd, ${stored('sum(v.value * w.value) / NULLIF(sum(w.value), 0)')}, ${stored('sum(w.value)')}, 'merged-population-weighted', 'lsoa11', ?
     FROM lsoa_lookup k
     JOIN indicator_values v ON v.level = 'lsoa11' AND v.code = k.lsoa11cd
     JOIN indicator_values w ON w.level = 'lsoa11' AND w.code = k.lsoa11cd AND w.indicator_id = ?
     WHERE k.chgind IN ('M', 'X') AND v.indicator_id = ANY(?) AND v.value IS NOT NULL
     GROUP BY v.indicator_id, k.lsoa21cd`,
    [DERIVED, weight, intensive],
  )
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, method, source_level, dataset_id)
     SELECT DISTINCT ON (v.indicator_id, k.lsoa21cd) v.indicator_id, 'lsoa21', k.lsoa21cd, v.value, 'merged-dominant-parent', 'lsoa11', ?
     FROM lsoa_lookup k
     JOIN indicator_values v ON v.level = 'lsoa11' AND v.code = k.lsoa11cd
     LEFT JOIN indicator_values w ON w.level = 'lsoa11' AND w.code = k.lsoa11cd AND w.indicator_id = ?
     WHERE k.chgind IN ('M', 'X') AND v.indicator_id = ANY(?)
     ORDER BY v.indicator_id, k.lsoa21cd, w.value DESC NULLS LAST`,
    [DERIVED, weight, ordinal],
  )
  // Counts: unchanged and merged sum their parents; split children share by Census 2021 residents.
  await trx.raw(
    `WITH child_share AS (
       SELECT k.lsoa11cd, k.lsoa21cd, k.chgind,
              CASE WHEN k.chgind = 'S'
                   THEN s.value / NULLIF(sum(s.value) OVER (PARTITION BY k.lsoa11cd), 0)
                   ELSE 1 END AS share
       FROM lsoa_lookup k
       LEFT JOIN indicator_values s ON s.level = 'lsoa21' AND s.code = k.lsoa21cd AND s.indicator_id = ?
     )
     INSERT INTO indicator_values (indicator_id, level, code, value, method, source_level, dataset_id)
     SELECT v.indicator_id, 'lsoa21', c.lsoa21cd, ${stored('sum(v.value * c.share)')},
            CASE WHEN bool_or(c.chgind = 'S') THEN 'split-by-census-2021-residents'
                 WHEN bool_or(c.chgind IN ('M', 'X')) THEN 'merged-sum' ELSE 'carried-unchanged' END, 'lsoa11', ?
     FROM child_share c JOIN indicator_values v ON v.level = 'lsoa11' AND v.code = c.lsoa11cd
     WHERE v.indicator_id = ANY(?)
     GROUP BY v.indicator_id, c.lsoa21cd`,
    [share, DERIVED, counts],
  )
}

/**
 * Members of each aggregate area. Wards and localities are built from LSOA 2021 (best-fit links);
 * the borough from the indicator's own source geography, so borough figures reproduce the
 * publisher's local-authority figures exactly.
 */
async function buildMembers(trx: Knex.Transaction, la: string): Promise<void> {
  await trx.raw(`CREATE TEMP TABLE IF NOT EXISTS agg_members (level text, code text, member_level text, member_code text) ON COMMIT DROP`)
  await trx.raw(`DELETE FROM agg_members`)
  await trx.raw(
    `INSERT INTO agg_members
     SELECT 'ward', k.parent_code, 'lsoa21', k.child_code FROM area_links k WHERE k.child_level = 'lsoa21' AND k.parent_level = 'ward'
     UNION ALL
     SELECT 'locality', c.parent_code, 'lsoa21', k.child_code FROM area_links k
       JOIN area_links c ON c.child_level = 'ward' AND c.child_code = k.parent_code AND c.parent_level = 'locality'
       WHERE k.child_level = 'lsoa21' AND k.parent_level = 'ward'
     UNION ALL
     SELECT 'borough', ?, a.level, a.code FROM areas a WHERE a.level IN ('lsoa21', 'lsoa11')`,
    [la],
  )
}

const memberLevel = (d: IndicatorDescriptor, level: Level) =>
  level === 'borough' && d.sourceLevel !== 'borough' ? d.sourceLevel : 'lsoa21'

/** One aggregate to compute: a descriptor at one level, from its members at `member_level`. */
interface AggregateJob {
  id: string
  method: string
  level: Level
  member_level: string
  source_level: string
  suppress: boolean
  numerator: string | null
  denominator: string | null
  per: number | null
  weight: string | null
  decile: string | null
  max_decile: number | null
}

function aggregateJobs(ds: IndicatorDescriptor[]): AggregateJob[] {
  return ds.flatMap((d) => {
    const a = d.aggregate
    if (!['sum', 'ratio', 'weighted-mean', 'share-of-lsoas'].includes(a.method)) return []
    return d.levels.filter((level) => level !== 'lsoa21').map((level) => ({
      id: d.id, method: a.method, level, member_level: memberLevel(d, level), source_level: d.sourceLevel, suppress: d.suppressSmall === true,
      numerator: a.method === 'ratio' ? a.numerator : null, denominator: a.method === 'ratio' ? a.denominator : null, per: a.method === 'ratio' ? a.per : null,
      weight: a.method === 'weighted-mean' ? a.weight : null,
      decile: a.method === 'share-of-lsoas' ? a.decile : null, max_decile: a.method === 'share-of-lsoas' ? a.maxDecile : null,
    }))
  })
}

/**
 * Aggregates every descriptor to ward, locality and borough with the statistic it declares: one
 * statement per statistic for all descriptors and levels (each reads member values only, never
 * another aggregate), not one per descriptor and level: on the embedded database those 480 small
 * statements took 12 s of a first start. The jobs, one row per descriptor, level and member, go
 * into an analysed temporary table so the planner sees their real number and joins the values
 * through their primary key.
 */
export async function aggregate(trx: Knex.Transaction, ds: IndicatorDescriptor[], la: string): Promise<void> {
  await buildMembers(trx, la)
  await deriveLsoa(trx, ds)
  await trx.raw(`DROP TABLE IF EXISTS agg_jobs`)
  await trx.raw(
    `CREATE TEMP TABLE agg_jobs ON COMMIT DROP AS
     SELECT d.*, m.code, m.member_code
     FROM json_to_recordset(?::json) AS d(id text, method text, level text, member_level text, source_level text, suppress boolean,
       numerator text, denominator text, per float8, weight text, decile text, max_decile float8)
     JOIN agg_members m ON m.level = d.level AND m.member_level = d.member_level`,
    [JSON.stringify(aggregateJobs(ds))],
  )
  await trx.raw(`ANALYZE agg_jobs`)
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, suppressed, method, source_level, dataset_id)
     SELECT d.id, d.level, d.code, ${stored('sum(v.value)')}, d.suppress AND ${stored('sum(v.value)')} BETWEEN 1 AND 4, 'aggregate-sum', d.source_level, ?
     FROM agg_jobs d
     JOIN indicator_values v ON v.level = d.member_level AND v.code = d.member_code AND v.indicator_id = d.id
     WHERE d.method = 'sum'
     GROUP BY d.id, d.level, d.code, d.suppress, d.source_level`,
    [DERIVED],
  )
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, numerator, denominator, method, source_level, dataset_id)
     SELECT d.id, d.level, d.code, ${stored('d.per * sum(n.value) / NULLIF(sum(dn.value), 0)')}, ${stored('sum(n.value)')}, ${stored('sum(dn.value)')}, 'aggregate-ratio', d.source_level, ?
     FROM agg_jobs d
     JOIN indicator_values n ON n.level = d.member_level AND n.code = d.member_code AND n.indicator_id = d.numerator
     JOIN indicator_values dn ON dn.level = d.member_level AND dn.code = d.member_code AND dn.indicator_id = d.denominator
     WHERE d.method = 'ratio'
     GROUP BY d.id, d.level, d.code, d.per, d.source_level`,
    [DERIVED],
  )
  // For borough figures from LSOA 2011 the weight is the LSOA 2011 denominator itself.
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, denominator, method, source_level, dataset_id)
     SELECT d.id, d.level, d.code, ${stored('sum(v.value * w.value) / NULLIF(sum(w.value), 0)')}, ${stored('sum(w.value)')}, 'aggregate-weighted-mean', d.source_level, ?
     FROM agg_jobs d
     JOIN indicator_values v ON v.level = d.member_level AND v.code = d.member_code AND v.indicator_id = d.id
     JOIN indicator_values w ON w.level = d.member_level AND w.code = d.member_code AND w.indicator_id = d.weight
     WHERE d.method = 'weighted-mean' AND v.value IS NOT NULL AND w.value IS NOT NULL
     GROUP BY d.id, d.level, d.code, d.source_level`,
    [DERIVED],
  )
  await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, numerator, denominator, method, source_level, dataset_id)
     SELECT d.id, d.level, d.code, ${stored('100.0 * count(*) FILTER (WHERE v.value <= d.max_decile) / count(*)')},
            count(*) FILTER (WHERE v.value <= d.max_decile), count(*), 'aggregate-share-of-lsoas', d.source_level, ?
     FROM agg_jobs d
     JOIN indicator_values v ON v.level = d.member_level AND v.code = d.member_code AND v.indicator_id = d.decile
     WHERE d.method = 'share-of-lsoas'
     GROUP BY d.id, d.level, d.code, d.max_decile, d.source_level`,
    [DERIVED],
  )
}

/**
 * LSOA 2021 values locality-atlas computes rather than reads: rates over another dataset's
 * denominator (descriptors with `derived`) and differences between editions. Run after carry-over,
 * so IoD 2019 values are on LSOA 2021 by then.
 */
async function deriveLsoa(trx: Knex.Transaction, ds: IndicatorDescriptor[]): Promise<void> {
  for (const d of ds) {
    const a = d.aggregate
    if (a.method === 'ratio' && d.derived) {
      await trx.raw(
        `INSERT INTO indicator_values (indicator_id, level, code, value, numerator, denominator, method, source_level, dataset_id)
         SELECT ?, 'lsoa21', n.code, ${stored('?::double precision * n.value / NULLIF(dn.value, 0)')}, n.value, dn.value, 'derived-ratio', 'lsoa21', ?
         FROM indicator_values n
         JOIN indicator_values dn ON dn.level = 'lsoa21' AND dn.code = n.code AND dn.indicator_id = ?
         WHERE n.level = 'lsoa21' AND n.indicator_id = ?`,
        [d.id, a.per, DERIVED, a.denominator, a.numerator],
      )
    } else if (a.method === 'difference') {
      const [p, q] = a.outOf ?? [0, 0]
      const expr = a.outOf ? `100.0 * f.value / ${Number(p)} - 100.0 * t.value / ${Number(q)}` : 'f.value - t.value'
      await trx.raw(
        `INSERT INTO indicator_values (indicator_id, level, code, value, method, source_level, dataset_id)
         SELECT ?, 'lsoa21', t.code, ${stored(expr)}, 'derived-difference-between-editions', 'lsoa21', ?
         FROM indicator_values t
         JOIN indicator_values f ON f.level = 'lsoa21' AND f.code = t.code AND f.indicator_id = ?
         WHERE t.level = 'lsoa21' AND t.indicator_id = ? AND f.value IS NOT NULL AND t.value IS NOT NULL`,
        [d.id, DERIVED, a.from, a.to],
      )
    }
  }
}

/** Removes everything the previous derivation wrote. */
export async function clearDerived(trx: Knex.Transaction): Promise<void> {
  await trx('indicator_values').where({ dataset_id: DERIVED }).delete()
  await trx('area_links').where({ dataset_id: DERIVED }).delete()
}
