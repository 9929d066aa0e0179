/**
 * IoD 2025: LSOA 2021 values for the authority (File 7 indices and sub-domains, File 8 underlying
 * indicators), and the File 10 local-authority summaries kept as published, from which London and
 * England comparators are computed the IoD's way (population-weighted means of the LAD averages).
 */
import { readIod2025LadSummary, readIod2025Lsoa, type LadSummaryRow } from '../../geodata/read/iod2025'
import { readLsoaCentroids } from '../../geodata/read/centroids'
import { SourceFormatError } from '../../geodata/read/errors'
import { ensureComparatorArea, insertCentroids, insertLadSummaries } from '../db/importStore'
import type { ImportFn } from './runner'
import { descriptorsOf, lsoa21Codes, storeValues, type SourceRow } from './values'
import { ENGLAND, LONDON } from './iod'


export const importIod2025 =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const codes = await lsoa21Codes(ctx, ctx.file(0))
    const byCode = new Map<string, Record<string, number | null>>()
    let read = 0
    for (const file of ctx.files) {
      const rows = await readIod2025Lsoa(file, { lsoaCodes: codes })
      read += rows.length
      for (const r of rows) byCode.set(r.lsoa21cd, { ...byCode.get(r.lsoa21cd), ...r.values })
    }
    const missing = [...codes].filter((c) => !byCode.has(c))
    // IoD 2025 is on LSOA 2021, the serving geography: every LSOA must have its row.
    if (missing.length) throw new SourceFormatError(ctx.file(0), `${missing.length} of the authority's ${codes.size} LSOAs 2021 have no IoD 2025 row (e.g. ${missing.slice(0, 3).join(', ')})`)
    const rows: SourceRow[] = [...byCode].map(([code, values]) => ({ code, values }))
    const loaded = await storeValues(ctx, datasetId, 'lsoa21', rows)
    ctx.note(`${rows.length} LSOAs 2021 for ${ctx.la} from ${ctx.files.length} file(s)`)
    return { read, loaded, rejected: 0 }
  }

/**
 * Population of a LAD implied by File 10: the income scale (income-deprived people) over the income
 * average score (their population-weighted share) is the IoD population denominator.
 */
function impliedPopulation(rows: LadSummaryRow[], scale: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of rows) {
    if (r.domain !== 'income' || !r.averageScore) continue
    const s = scale.get(r.ladCode)
    if (s) out.set(r.ladCode, s / r.averageScore)
  }
  return out
}

export const importIod2025Lad =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const all: LadSummaryRow[] = []
    const seen = new Set<string>()
    let read = 0
    for (const file of ctx.files) {
      const rows = await readIod2025LadSummary(file)
      read += rows.length
      // The wide table (all LADs) comes first; the tidy extract adds what it lacks (IDACI, IDAOPI).
      for (const r of rows) {
        const k = `${r.ladCode}|${r.domain}`
        if (seen.has(k)) continue
        seen.add(k)
        all.push(r)
      }
    }
    const mine = all.filter((r) => r.ladCode === ctx.la)
    if (!mine.some((r) => r.domain === 'imd')) throw new SourceFormatError(ctx.file(0), `no IMD summary for local authority ${ctx.la}`)
    await insertLadSummaries(ctx.trx, datasetId, all.map((r) => ({
      edition: '2025', lad_code: r.ladCode, lad_name: r.ladName, domain: r.domain, average_rank: r.averageRank, rank_of_average_rank: r.rankOfAverageRank,
      average_score: r.averageScore, rank_of_average_score: r.rankOfAverageScore, share_10: r.share10, rank_of_share_10: r.rankOfShare10,
    })))

    // Comparators: London and England average scores, population-weighted means of LAD averages (a
    // LAD average is itself the population-weighted mean of its LSOA scores), with each LAD's
    // population implied by its income scale.
    const scale = new Map(all.filter((r) => r.domain === 'income' && r.scale !== null && r.scale > 0).map((r) => [r.ladCode, r.scale!]))
    const pop = impliedPopulation(all, scale)
    const lads = new Set(all.map((r) => r.ladCode))
    let loaded = all.length
    if (pop.size === lads.size && lads.size > 250) {
      for (const c of [{ level: 'region' as const, area: LONDON, keep: (code: string) => code.startsWith('E09') }, { level: 'country' as const, area: ENGLAND, keep: () => true }]) {
        const values: Record<string, number> = {}
        for (const domain of new Set(all.map((r) => r.domain))) {
          const rs = all.filter((r) => r.domain === domain && c.keep(r.ladCode) && pop.has(r.ladCode))
          const w = rs.reduce((s, r) => s + pop.get(r.ladCode)!, 0)
          if (rs.length) values[`${domain}_score`] = rs.reduce((s, r) => s + r.averageScore * pop.get(r.ladCode)!, 0) / w
        }
        await ensureComparatorArea(ctx.trx, c.level, c.area.code, c.area.name)
        const ds = descriptorsOf('iod2025', (d) => d.kind === 'score' && d.aggregate.method === 'weighted-mean' && !d.id.startsWith('iod_'))
        loaded += await storeValues(ctx, 'iod2025_lad', c.level, [{ code: c.area.code, values }], ds, 'comparator-lad-summaries-population-weighted')
      }
      ctx.note(`${lads.size} LADs; London and England comparators from File 10 weighted by implied population (income scale / income average score)`)
    } else {
      ctx.note(`${lads.size} LADs; no comparators: the wide File 10 table with income scale for every LAD is needed`)
    }
    return { read, loaded, rejected: 0 }
  }

export const importCentroids =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const codes = await lsoa21Codes(ctx, ctx.file(0))
    const rows = await readLsoaCentroids(ctx.file(0), { lsoaCodes: codes })
    const missing = [...codes].filter((c) => !rows.some((r) => r.code === c))
    if (missing.length) ctx.note(`${missing.length} LSOAs have no population-weighted centroid: their point on surface stands in`)
    await insertCentroids(ctx.trx, datasetId, rows)
    return { read: rows.length, loaded: rows.length, rejected: 0 }
  }
