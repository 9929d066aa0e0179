/**
 * The context around the focus authority (e.g. the rest of London around Barking and Dagenham):
 * areas stored at levels of their own (`context_lsoa21` beside `lsoa21`), so every query of the
 * focus levels is unchanged and a query sees the context only when it asks for it.
 */
import type { Knex } from 'knex'

export { CONTEXTS, type ContextName } from '../catalogue/contexts'

export const CONTEXT_PREFIX = 'context_'

/** The stored level of `level` for the context's areas (`context_lsoa21`). */
export const contextLevel = (level: string): string => `${CONTEXT_PREFIX}${level}`

/** The stored levels a query of `level` reads: the focus's, and the context's when asked. */
export const levelsRead = (level: string, context: boolean): string[] => (context ? [level, contextLevel(level)] : [level])

/** The level as served: a context level is served under its own name (with attrs.context set). */
export const servedLevel = (stored: string): string => (stored.startsWith(CONTEXT_PREFIX) ? stored.slice(CONTEXT_PREFIX.length) : stored)

/** How many areas the context holds at `level` (0: not imported). */
/** The contexts held, by name, with the LSOAs each holds (none imported: an empty list). */
export async function heldContexts(knex: Knex): Promise<Array<{ name: string; lsoas: number }>> {
  const r = await knex.raw(`SELECT attrs->>'context' AS name, count(*)::int AS n FROM areas WHERE level = ? GROUP BY 1 ORDER BY 1`, [contextLevel('lsoa21')])
  return r.rows.filter((x: { name: string | null }) => x.name).map((x: { name: string; n: number }) => ({ name: x.name, lsoas: Number(x.n) }))
}

export async function contextAreaCount(knex: Knex, level: string): Promise<number> {
  const r = await knex('areas').where({ level: contextLevel(level) }).count<{ n: number }[]>({ n: '*' })
  return Number(r[0].n)
}

export interface ComparatorJob {
  id: string
  method: 'sum' | 'weighted-mean'
  /** weight indicator (weighted mean) */
  weight: string | null
  source_level: string
}

/**
 * Comparator values for a region (London) from every LSOA held, the focus's and the context's: a sum
 * or a weighted mean per indicator, only where every LSOA held has the value (and its weight): an
 * indicator the context files lack (e.g. the borough-only Census tables) gets none. An indicator that already
 * has a value for the region (a published one, or one computed the publisher's way at import) keeps
 * it: nothing is overwritten. Returns the indicators written.
 */
export async function insertRegionComparators(
  trx: Knex.Transaction, datasetId: string, region: string, lsoaLevel: string, jobs: ComparatorJob[],
): Promise<string[]> {
  if (!jobs.length) return []
  const r = await trx.raw(
    `INSERT INTO indicator_values (indicator_id, level, code, value, denominator, method, source_level, dataset_id)
     SELECT d.id, 'region', ?, CASE WHEN d.method = 'sum' THEN sum(v.value) ELSE sum(v.value * w.value) / NULLIF(sum(w.value), 0) END,
            CASE WHEN d.method = 'sum' THEN NULL ELSE sum(w.value) END,
            'comparator-' || d.method || '-of-' || count(*) || '-lsoas-held', d.source_level, ?
     FROM json_to_recordset(?::json) AS d(id text, method text, weight text, source_level text)
     JOIN indicator_values v ON v.indicator_id = d.id AND v.level IN (?, ?) AND v.value IS NOT NULL AND NOT v.suppressed
     LEFT JOIN indicator_values w ON w.indicator_id = d.weight AND w.level = v.level AND w.code = v.code
     WHERE (d.method = 'sum' OR w.value IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM indicator_values x WHERE x.indicator_id = d.id AND x.level = 'region' AND x.code = ?)
     GROUP BY d.id, d.method, d.source_level
     HAVING count(*) = (SELECT count(*) FROM areas WHERE level IN (?, ?))
     RETURNING indicator_id`,
    [region, datasetId, JSON.stringify(jobs), lsoaLevel, contextLevel(lsoaLevel), region, lsoaLevel, contextLevel(lsoaLevel)],
  )
  return r.rows.map((x: { indicator_id: string }) => x.indicator_id)
}
