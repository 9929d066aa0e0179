import type { Knex } from 'knex'

export interface LadSummary {
  lad_code: string
  lad_name: string
  domain: string
  average_rank: number
  rank_of_average_rank: number
  average_score: number
  rank_of_average_score: number
  share_10: number
  rank_of_share_10: number
  /** position among London's boroughs by average score (1 = most deprived); null outside London */
  london_rank_of_average_score: number | null
  london_lads: number | null
  lads: number
}

/** One authority's published File 10 rows, with its position among London boroughs (E09 codes) by average score. */
export async function ladSummaries(knex: Knex, edition: string, lad: string): Promise<LadSummary[]> {
  const r = await knex.raw(
    `WITH ranked AS (
       SELECT s.*, count(*) OVER (PARTITION BY s.domain) AS lads,
              CASE WHEN s.lad_code LIKE 'E09%' THEN rank() OVER (PARTITION BY s.domain, s.lad_code LIKE 'E09%' ORDER BY s.average_score DESC) END AS london_rank,
              count(*) FILTER (WHERE s.lad_code LIKE 'E09%') OVER (PARTITION BY s.domain) AS london_lads
       FROM lad_summaries s WHERE s.edition = ?
     )
     SELECT lad_code, lad_name, domain, average_rank, rank_of_average_rank, average_score, rank_of_average_score, share_10, rank_of_share_10,
            london_rank AS london_rank_of_average_score, london_lads, lads
     FROM ranked WHERE lad_code = ? ORDER BY domain`,
    [edition, lad],
  )
  return r.rows.map((x: LadSummary) => ({
    ...x, london_rank_of_average_score: x.london_rank_of_average_score === null ? null : Number(x.london_rank_of_average_score),
    london_lads: x.london_rank_of_average_score === null ? null : Number(x.london_lads), lads: Number(x.lads),
  }))
}
