/**
 * The catalogue a client needs to draw any layer: each indicator's descriptor, its source and
 * licence as imported, its class breaks per level, plus localities and asset categories.
 */
import { assetCategories } from '../catalogue/assetCategories'
import { DEFAULT_INDICATOR, indicators } from '../catalogue/indicators'
import { LEVELS, type ClassMethod, type IndicatorDescriptor, type Level } from '../catalogue/types'
import { CONTEXT_DEMAND_WITHIN_M, CONTEXT_TITLES, CONTEXTS, type ContextName } from '../catalogue/contexts'
import * as store from '../db/catalogue'
import { heldContexts } from '../db/context'
import type { Database } from '../db/connect'
import { breaks } from './classify'
import { byDataVersion } from './versioned'
import { vocabulary, type Vocabulary } from './vocabulary'

export interface SourceInfo {
  dataset: string
  title: string
  publisher: string
  licence: string
  attribution: string
  url: string
  vintage: string
  importedAt: string
}

export interface CatalogueIndicator extends IndicatorDescriptor {
  source: SourceInfo | null
  /** levels that hold values now (a subset of `levels` until every dataset is imported) */
  available: Level[]
  /** inner class breaks per level and method */
  breaks: Partial<Record<Level, Partial<Record<ClassMethod, number[]>>>>
}

export interface Catalogue {
  dataVersion: number
  defaultIndicator: string
  levels: readonly Level[]
  indicators: CatalogueIndicator[]
  localities: Array<{ code: string; name: string; provisional: boolean; wards: number }>
  borough: { code: string; name: string } | null
  /**
   * the areas held as context around the borough (npm run geodata -- context london), which a
   * request may ask for with context=<name>; empty when none is held
   */
  contexts: Array<{ name: ContextName; title: string; lsoas: number; sitingDemandWithinM: number }>
  assetCategories: Array<(typeof assetCategories)[number] & { count: number }>
  sources: SourceInfo[]
  /** the words and choices the UI offers (vocabulary.ts) */
  vocabulary: Vocabulary
}

const toSource = (d: store.DatasetRow): SourceInfo => ({
  dataset: d.id, title: d.title, publisher: d.publisher, licence: d.licence, attribution: d.attribution,
  url: d.source_url, vintage: d.vintage, importedAt: d.imported_at,
})

export const getCatalogue = byDataVersion(async (db: Database, version: number): Promise<Catalogue> => {
  const [ds, dist, locs, counts, boro, held] = await Promise.all([
    store.datasets(db.knex),
    store.valueDistributions(db.knex, [...LEVELS]),
    store.localities(db.knex),
    store.assetCounts(db.knex),
    store.borough(db.knex),
    heldContexts(db.knex),
  ])
  const sources = new Map(ds.map((d) => [d.id, toSource(d)]))
  return {
    dataVersion: version,
    defaultIndicator: DEFAULT_INDICATOR,
    levels: LEVELS,
    indicators: indicators.map((d) => {
      const b: CatalogueIndicator['breaks'] = {}
      const available: Level[] = []
      for (const level of d.levels) {
        const values = dist.get(`${d.id}|${level}`)
        if (!values?.length) continue
        available.push(level)
        b[level] = Object.fromEntries(d.classification.allowed.map((m) => [m, breaks(m, values, d.classification.classes)]))
      }
      return { ...d, source: sources.get(d.dataset) ?? null, available, breaks: b }
    }),
    localities: locs,
    borough: boro,
    contexts: held.filter((c): c is { name: ContextName; lsoas: number } => (CONTEXTS as readonly string[]).includes(c.name))
      .map((c) => ({ ...c, title: CONTEXT_TITLES[c.name], sitingDemandWithinM: CONTEXT_DEMAND_WITHIN_M })),
    assetCategories: assetCategories.map((c) => ({ ...c, count: counts.get(c.id) ?? 0 })),
    sources: [...sources.values()],
    vocabulary,
  }
})
