/**
 * The locality profile: every indicator for a locality beside the borough, London and England (the
 * layout of the strategy's own table), its LSOAs ranked on a chosen indicator, and a plain-words
 * summary of where need is greatest. Each figure keeps its vintage and source.
 */
import { findIndicator, HEADLINE_INDICATORS } from '../catalogue/indicators'
import type { IndicatorDescriptor } from '../catalogue/types'
import { listAreas, localityWards, parentNames, valuesWithComparators } from '../db/areas'
import type { Database } from '../db/connect'
import { getCatalogue, type Catalogue, type CatalogueIndicator } from './catalogue'
import { NotFound } from './errors'
import { resolveIndicators } from './areas'

export const LONDON_CODE = 'E12000007'
export const ENGLAND_CODE = 'E92000001'

export interface ProfileRow {
  indicator: Pick<CatalogueIndicator, 'id' | 'title' | 'unit' | 'polarity' | 'decimals' | 'group' | 'vintage' | 'kind'> & {
    source: string | null
    licence: string | null
  }
  locality: number | null
  borough: number | null
  london: number | null
  /**
   * How the London figure was made: published (e.g. official-table-2, DESNZ), computed the
   * publisher's way at import (comparator-lad-summaries-population-weighted, comparator-weighted-mean-of-N-lsoas),
   * or from the LSOAs held with the London context (comparator-sum-of-4994-lsoas-held); null when none.
   */
  londonMethod: string | null
  england: number | null
  /** 1 = the locality with the greatest need on this indicator, among all localities */
  rankAmongLocalities: number | null
  localityCount: number
}

export interface RankedLsoa {
  code: string
  name: string
  value: number | null
  /** 1 = greatest need within the locality (by the indicator's polarity) */
  rank: number | null
  ward: string | null
}

export interface LocalityProfile {
  dataVersion: number
  locality: { code: string; name: string; provisional: boolean; wards: Array<{ code: string; name: string }> }
  rows: ProfileRow[]
  ranking: { indicator: string; lsoas: RankedLsoa[] }
  summary: string
}

/** Sort so that the greatest need comes first; nulls last. */
export function needOrder(d: Pick<IndicatorDescriptor, 'polarity'>) {
  const sign = d.polarity === 'higher-better' ? 1 : -1
  return (a: number | null, b: number | null) => (a === null ? 1 : b === null ? -1 : sign * (a - b))
}

export const fmt = (v: number | null, d: Pick<IndicatorDescriptor, 'decimals' | 'unit'>) =>
  v === null ? 'n/a' : d.unit.startsWith('%') ? `${v.toFixed(d.decimals)}%` : v.toFixed(d.decimals)

export async function getLocalityProfile(db: Database, code: string, rankBy: string): Promise<LocalityProfile> {
  const { value: catalogue, version } = await getCatalogue(db)
  const loc = catalogue.localities.find((l) => l.code === code)
  if (!loc) throw new NotFound(`Unknown locality "${code}" (localities: ${catalogue.localities.map((l) => l.code).join(', ')})`)
  const [rankIndicator] = resolveIndicators([rankBy], 'lsoa21')

  const allLocalities = catalogue.localities.map((l) => l.code)
  // Sequential: the embedded database has one connection, so parallel queries only queue.
  const values = await valuesWithComparators(db.knex, 'locality', allLocalities)
  const wards = await localityWards(db.knex, code)
  const lsoas = await listAreas(db.knex, { level: 'lsoa21', locality: code, indicators: [rankIndicator.id] })
  const wardOf = await parentNames(db.knex, 'lsoa21', 'ward')
  const lookup = (id: string, level: string, c?: string) =>
    values.find((v) => v.indicator_id === id && v.level === level && (c === undefined || v.code === c))?.value ?? null

  const rows: ProfileRow[] = catalogue.indicators
    .filter((d) => d.available.includes('locality'))
    .map((d) => {
      const mine = lookup(d.id, 'locality', code)
      const others = allLocalities.map((c) => lookup(d.id, 'locality', c)).filter((v): v is number => v !== null)
      const sorted = [...others].sort(needOrder(d))
      return {
        indicator: {
          id: d.id, title: d.title, unit: d.unit, polarity: d.polarity, decimals: d.decimals, group: d.group, vintage: d.vintage, kind: d.kind,
          source: d.source?.title ?? null, licence: d.source?.licence ?? null,
        },
        locality: mine,
        borough: lookup(d.id, 'borough'),
        london: lookup(d.id, 'region', LONDON_CODE),
        londonMethod: values.find((v) => v.indicator_id === d.id && v.level === 'region' && v.code === LONDON_CODE)?.method ?? null,
        england: lookup(d.id, 'country', ENGLAND_CODE),
        rankAmongLocalities: mine === null || d.polarity === 'neutral' ? null : sorted.indexOf(mine) + 1,
        localityCount: allLocalities.length,
      }
    })

  const ranked = lsoas
    .map((a) => ({ code: a.code, name: a.name, value: a.values[rankIndicator.id] ?? null, rank: null as number | null, ward: wardOf.get(a.code) ?? null }))
    .sort((a, b) => needOrder(rankIndicator)(a.value, b.value))
  ranked.forEach((r, i) => (r.rank = r.value === null ? null : i + 1))

  return {
    dataVersion: version,
    locality: { code: loc.code, name: loc.name, provisional: loc.provisional, wards },
    rows,
    ranking: { indicator: rankIndicator.id, lsoas: ranked },
    summary: summarise(catalogue, loc.name, loc.provisional, rows, ranked, rankIndicator),
  }
}

/** A few plain sentences: headline figures against the borough, and the LSOAs in greatest need. */
function summarise(
  catalogue: Catalogue, name: string, provisional: boolean, rows: ProfileRow[], ranked: RankedLsoa[], rankBy: IndicatorDescriptor,
): string {
  const parts: string[] = []
  for (const id of HEADLINE_INDICATORS) {
    const row = rows.find((r) => r.indicator.id === id)
    const d = findIndicator(id)
    if (!row || !d || row.locality === null) continue
    const cmp = row.borough !== null ? ` (borough ${fmt(row.borough, d)}${row.london !== null ? `, London ${fmt(row.london, d)}` : ''})` : ''
    const rank = row.rankAmongLocalities !== null ? `, ${ordinal(row.rankAmongLocalities)} highest need of ${row.localityCount} localities` : ''
    parts.push(`${d.title}: ${fmt(row.locality, d)}${cmp}${rank}.`)
  }
  const top = ranked.filter((r) => r.value !== null).slice(0, 3)
  if (top.length) {
    parts.push(`Greatest need on ${rankBy.title.toLowerCase()}: ${top.map((t) => `${t.name} (${fmt(t.value, rankBy)})`).join(', ')}.`)
  }
  const lead = `${name}${provisional ? ' (provisional locality)' : ''}: ${ranked.length} LSOAs.`
  void catalogue
  return [lead, ...parts].join(' ')
}

const ordinal = (n: number) => (n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`)
