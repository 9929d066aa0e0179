/**
 * The borough's position as the publisher states it: IoD 2025 File 10 local-authority summaries,
 * shown as published (ranks of 296 LADs), beside what locality-atlas computes from LSOAs with its
 * own weights, so the small difference is visible and explained rather than hidden.
 */
import { findIndicator } from '../catalogue/indicators'
import { listAreas } from '../db/areas'
import type { Database } from '../db/connect'
import * as store from '../db/published'
import { getCatalogue } from './catalogue'
import type { SourceInfo } from './catalogue'
import { NotFound } from './errors'

/** File 10 domain key -> the LSOA score indicator it summarises (IDACI/IDAOPI: the derived rates). */
const DOMAINS: Array<{ domain: string; title: string; computed: string | null }> = [
  { domain: 'imd', title: 'Index of Multiple Deprivation', computed: 'imd_score_2025' },
  { domain: 'income', title: 'Income', computed: 'income_score_2025' },
  { domain: 'employment', title: 'Employment', computed: 'employment_score_2025' },
  { domain: 'education', title: 'Education, skills and training', computed: 'education_score_2025' },
  { domain: 'health', title: 'Health deprivation and disability', computed: 'health_score_2025' },
  { domain: 'crime', title: 'Crime', computed: 'crime_score_2025' },
  { domain: 'barriers', title: 'Barriers to housing and services', computed: 'barriers_score_2025' },
  { domain: 'living_env', title: 'Living environment', computed: 'living_env_score_2025' },
  { domain: 'idaci', title: 'Income deprivation affecting children (IDACI)', computed: 'idaci_rate_2025' },
  { domain: 'idaopi', title: 'Income deprivation affecting older people (IDAOPI)', computed: 'idaopi_rate_2025' },
]
for (const d of DOMAINS) if (d.computed && !findIndicator(d.computed)) throw new Error(`published summary names unknown indicator ${d.computed}`)

export interface PublishedRow {
  domain: string
  title: string
  averageScore: number
  rankOfAverageScore: number
  averageRank: number
  rankOfAverageRank: number
  share10: number
  rankOfShare10: number
  londonRankOfAverageScore: number | null
  londonBoroughs: number | null
  lads: number
  /** what locality-atlas computes for the borough from LSOA values, and how */
  computed: { indicator: string; value: number | null; method: string } | null
}

export interface PublishedPosition {
  edition: '2025'
  area: { code: string; name: string }
  rows: PublishedRow[]
  sentence: string
  method: string
  source: SourceInfo | null
}

export async function getPublishedPosition(db: Database, la: string): Promise<PublishedPosition> {
  const rows = await store.ladSummaries(db.knex, '2025', la)
  if (!rows.length) throw new NotFound(`No IoD 2025 local authority summary for ${la} is imported (dataset iod2025_lad)`)
  const ids = DOMAINS.flatMap((d) => (d.computed ? [d.computed] : []))
  const boro = (await listAreas(db.knex, { level: 'borough', indicators: ids }))[0]
  const { value: catalogue } = await getCatalogue(db)
  const out: PublishedRow[] = DOMAINS.flatMap((d) => {
    const r = rows.find((x) => x.domain === d.domain)
    if (!r) return []
    const ind = d.computed ? findIndicator(d.computed)! : null
    return [{
      domain: d.domain, title: d.title, averageScore: r.average_score, rankOfAverageScore: r.rank_of_average_score,
      averageRank: r.average_rank, rankOfAverageRank: r.rank_of_average_rank, share10: r.share_10, rankOfShare10: r.rank_of_share_10,
      londonRankOfAverageScore: r.london_rank_of_average_score, londonBoroughs: r.london_lads, lads: r.lads,
      computed: ind ? { indicator: ind.id, value: boro?.values[ind.id] ?? null, method: ind.derived ?? 'population-weighted mean of LSOA scores, Census 2021 residents as weights' } : null,
    }]
  })
  const imd = out.find((r) => r.domain === 'imd')
  const income = out.find((r) => r.domain === 'income')
  const name = rows[0].lad_name
  const ord = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`
  const sentence = imd
    ? `${name} is ${ord(imd.rankOfAverageScore)} most deprived of England's ${imd.lads} local authorities by IMD 2025 average score (${imd.averageScore})` +
      `${imd.londonRankOfAverageScore ? `, ${ord(imd.londonRankOfAverageScore)} in London` : ''}, and ${ord(imd.rankOfAverageRank)} by rank of average rank` +
      (income ? `; ${ord(income.rankOfAverageRank)} for income deprivation by rank of average rank.` : '.')
    : `${name}: IoD 2025 summaries as published.`
  return {
    edition: '2025', area: { code: la, name }, rows: out, sentence,
    method: 'As published by MHCLG in IoD 2025 File 10 (ranks of 296 local authority districts, 2024 boundaries; 1 = most deprived). ' +
      'London positions count the 33 London boroughs (E09 codes) by average score. The computed column is locality-atlas\'s own ' +
      'population-weighted mean of the borough\'s LSOA scores with Census 2021 residents as weights (the IoD 2025 population denominators are ' +
      'not in hand), so it differs slightly from the published average (e.g. IMD 30.305 computed vs 30.266 published).',
    source: catalogue.sources.find((s) => s.dataset === 'iod2025_lad') ?? null,
  }
}
