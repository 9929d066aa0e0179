/**
 * Layer families: the catalogue lists each IoD domain five times (score, national rank, national
 * decile, share of LSOAs in England's most deprived 10% and 20%) and each air-quality pollutant once
 * per year. The layer list shows a family once, by its main measure, with the other measures as a
 * secondary choice. Families are read from the descriptors, never from a list of ids:
 *   - indicators sharing a `series.id` differ only by period (main: the latest period);
 *   - a `share-of-lsoas` indicator names its decile indicator; the ids' shared prefix ("imd_") then
 *     gathers the decile, the shares and the prefix's one-word score and rank (main: the score),
 *     within one edition (IoD 2025 and IoD 2019 are separate families, newest first in the catalogue).
 */
import type { CatalogueIndicator, Level } from './api'

type Ind = Pick<CatalogueIndicator, 'id' | 'title' | 'kind' | 'group' | 'available' | 'aggregate' | 'series'> & {
  edition?: { family: string; year: string; label: string }
}

/** "imd_share_10_2025" -> "imd_share_10": families are found on ids without their edition year. */
const withoutYear = (i: Ind) => (i.edition ? i.id.replace(new RegExp(`_${i.edition.year}$`), '') : i.id)
/** "Index of Multiple Deprivation: score (IoD 2025)" -> "... : score" */
const withoutEdition = (i: Ind, t: string) => (i.edition ? t.replace(` (${i.edition.label})`, '') : t)

export interface Measure<I extends Ind = Ind> {
  indicator: I
  /** the measure in words: "score", "national decile", "2016" */
  label: string
}

export interface LayerFamily<I extends Ind = Ind> {
  /** the main measure's id (stable: used for element ids) */
  key: string
  title: string
  group: I['group']
  main: I
  /** main first, then the others in a fixed order of kinds (or newest period first) */
  measures: Array<Measure<I>>
}

const KIND_ORDER: Record<string, number> = { score: 0, decile: 1, rank: 2, rate: 3, count: 4 }

function commonPrefix(a: string, b: string): string {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return a.slice(0, i)
}

/** "Index of Multiple Deprivation: national rank" -> ["Index of Multiple Deprivation", "national rank"] */
function splitTitle(t: string): [string, string] {
  const k = t.lastIndexOf(': ')
  return k < 0 ? [t, t] : [t.slice(0, k), t.slice(k + 2)]
}

const shareOrder = (i: Ind) => (i.aggregate.method === 'share-of-lsoas' ? i.aggregate.maxDecile : 0)

/** Groups the catalogue into families, keeping the catalogue's order of first appearance. */
export function layerFamilies<I extends Ind>(indicators: I[]): Array<LayerFamily<I>> {
  const familyOf = new Map<string, string>() // indicator id -> family id
  // 1. series: same series id, different periods
  for (const i of indicators) if (i.series) familyOf.set(i.id, `series:${i.series.id}`)
  // 2. IoD-style: decile + shares linked by aggregate.decile, plus score and rank with the same prefix
  const byId = new Map(indicators.map((i) => [i.id, i]))
  for (const s of indicators) {
    if (s.aggregate.method !== 'share-of-lsoas' || familyOf.has(s.id)) continue
    const decile = byId.get(s.aggregate.decile)
    if (!decile) continue
    const common = commonPrefix(withoutYear(s), withoutYear(decile))
    const prefix = common.slice(0, common.lastIndexOf('_') + 1)
    if (!prefix) continue
    const year = s.edition?.year
    const fam = `prefix:${prefix}:${year ?? ''}`
    familyOf.set(s.id, fam)
    familyOf.set(decile.id, fam)
    for (const i of indicators) {
      const base = withoutYear(i)
      const rest = base.slice(prefix.length)
      if (i.edition?.year !== year || !base.startsWith(prefix) || rest.includes('_')) continue
      if ((i.kind === 'score' || i.kind === 'rank') && !familyOf.has(i.id)) familyOf.set(i.id, fam)
    }
  }

  const members = new Map<string, I[]>()
  for (const i of indicators) {
    const f = familyOf.get(i.id) ?? `single:${i.id}`
    members.set(f, [...(members.get(f) ?? []), i])
  }
  return [...members.entries()].map(([f, ms]) => {
    if (f.startsWith('series:')) {
      const sorted = [...ms].sort((a, b) => (b.series!.period > a.series!.period ? 1 : -1))
      const main = sorted[0]
      return {
        key: main.id, group: main.group, main,
        title: main.title.replace(` (${main.series!.period})`, ''),
        measures: sorted.map((i) => ({ indicator: i, label: i.series!.period })),
      }
    }
    const sorted = [...ms].sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || shareOrder(a) - shareOrder(b))
    const main = sorted[0]
    const edition = main.edition && ms.length > 1 ? ` (${main.edition.label})` : ''
    return {
      key: main.id, group: main.group, main,
      title: ms.length > 1 ? splitTitle(withoutEdition(main, main.title))[0] + edition : main.title,
      measures: sorted.map((i) => ({ indicator: i, label: ms.length > 1 ? splitTitle(withoutEdition(i, i.title))[1] : i.title })),
    }
  })
}

export function familyOf<I extends Ind>(families: Array<LayerFamily<I>>, id: string): LayerFamily<I> | undefined {
  return families.find((f) => f.measures.some((m) => m.indicator.id === id))
}

/** Why a measure has no values at a level, in words taken from how it aggregates. */
export function unavailableReason(i: Ind, level: Level): string | null {
  if (i.available.includes(level)) return null
  if (!i.available.length) return 'no values imported yet'
  if (i.aggregate.method === 'none') return 'LSOAs only: a national rank or decile cannot be recomputed for a larger area'
  if (i.aggregate.method === 'share-of-lsoas') return 'wards and localities only: a share of LSOAs needs more than one LSOA'
  return `not available at this geography`
}

/**
 * The measure to show when the geography changes: the current one if it has values there, else
 * the family's first measure that has (so a ward share becomes the LSOA score, not an empty map).
 */
export function measureAtLevel<I extends Ind>(families: Array<LayerFamily<I>>, id: string, level: Level): string {
  const fam = familyOf(families, id)
  if (!fam) return id
  const cur = fam.measures.find((m) => m.indicator.id === id)!.indicator
  if (cur.available.includes(level)) return id
  return fam.measures.find((m) => m.indicator.available.includes(level))?.indicator.id ?? id
}
