/**
 * The first screen's story: the localities, worst first on an indicator, each with its figure,
 * the borough's, and how many of its LSOAs are among England's most deprived 20%.
 */
import { findIndicator } from '../catalogue/indicators'
import { listAreas } from '../db/areas'
import type { Database } from '../db/connect'
import { resolveIndicators } from './areas'
import { getCatalogue } from './catalogue'
import { fmt, needOrder } from './profile'

export interface LocalityOverview {
  indicator: { id: string; title: string; unit: string; vintage: string; source: string | null }
  borough: { code: string; name: string; value: number | null } | null
  localities: Array<{ code: string; name: string; provisional: boolean; value: number | null; share20: number | null; sentence: string }>
  headline: string
}

const SHARE20 = 'imd_share_20_2025'

/** A title inside a sentence: a plain first word is lower-cased; names and editions keep their capitals ("Index of Multiple Deprivation", "IoD 2025"). */
const inSentence = (t: string) => (/^[A-Z][a-z]+ (?:[a-z]|\()/.test(t) && !/^Index of Multiple/.test(t) ? t[0].toLowerCase() + t.slice(1) : t)

export async function getLocalityOverview(db: Database, indicatorId: string): Promise<LocalityOverview> {
  const [d] = resolveIndicators([indicatorId], 'locality')
  const { value: catalogue } = await getCatalogue(db)
  const share = findIndicator(SHARE20)
  const ids = share ? [d.id, share.id] : [d.id]
  const locs = await listAreas(db.knex, { level: 'locality', indicators: ids })
  const boro = (await listAreas(db.knex, { level: 'borough', indicators: ids }))[0]
  const src = catalogue.indicators.find((c) => c.id === d.id)?.source
  const rows = locs
    .map((l) => ({
      code: l.code, name: l.name, provisional: l.attrs.provisional === true,
      value: l.values[d.id] ?? null, share20: share ? (l.values[share.id] ?? null) : null,
    }))
    .sort((a, b) => needOrder(d)(a.value, b.value))
    .map((l, i) => ({
      ...l,
      sentence:
        `${i + 1}. ${l.name}: ${inSentence(d.title)} ${fmt(l.value, d)}` +
        (boro ? ` (borough ${fmt(boro.values[d.id] ?? null, d)})` : '') +
        (l.share20 !== null ? `; ${l.share20.toFixed(0)}% of its LSOAs are in England's most deprived 20%` : '') + '.',
    }))
  const worst = rows[0]
  const headline = worst
    ? `${rows.length} localities${rows.some((r) => r.provisional) ? ' (provisional grouping of wards)' : ''}. Need is greatest in ${worst.name} on ${inSentence(d.title)} (${fmt(worst.value, d)}).`
    : 'No localities are defined yet.'
  return {
    indicator: { id: d.id, title: d.title, unit: d.unit, vintage: d.vintage, source: src?.title ?? null },
    borough: boro ? { code: boro.code, name: boro.name, value: boro.values[d.id] ?? null } : null,
    localities: rows,
    headline,
  }
}
