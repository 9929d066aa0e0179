/**
 * What a planner asks of a siting run (SitingParams), the populations and need measures it may
 * weight demand by, and the checks of its parameters that need no database.
 */
import type { ContextName } from '../../catalogue/contexts'
import { assetCategoryIds } from '../../catalogue/assetCategories'
import { findIndicator } from '../../catalogue/indicators'
import type { MatrixRow } from '../../siting/matrix'
import type { Objective } from '../../siting/objectives'
import { InvalidParameter } from '../errors'
import type { MissingRule } from '../targeting'

/** A pseudo-category: open schools whose phase is Primary or All Through. */
export const PRIMARY_SCHOOLS = 'primary_school'
export const SITING_CATEGORIES = [...assetCategoryIds, PRIMARY_SCHOOLS]
/** The candidate categories a run uses when it names none (the API's default, and the form's). */
export const DEFAULT_CANDIDATE_CATEGORIES = ['library', 'community_hub', PRIMARY_SCHOOLS]

// Demand populations (Census 2021 counts at LSOA 2021) and the IDACI measures used for need.
export const POPULATION = {
  // words: in the explanation; label: the form's choice; who: in an objective's name ("Most {who} within 15 minutes")
  '0-4': { indicator: 'census_pop_0_4', words: 'children aged 0-4', label: 'Children under 5', who: 'children under 5' },
  '0-19': { indicator: 'census_pop_0_19', words: 'children and young people aged 0-19', label: 'Children and young people 0-19', who: 'children and young people' },
  all: { indicator: 'census_pop_total', words: 'all residents', label: 'All residents', who: 'residents' },
} as const
export const POPULATION_IDS = Object.keys(POPULATION) as [keyof typeof POPULATION, ...Array<keyof typeof POPULATION>]
export const IDACI_SCORE = 'idaci_score_2019'
export const IDACI_DECILE = 'idaci_decile_2019'
for (const id of [...Object.values(POPULATION).map((p) => p.indicator), IDACI_SCORE, IDACI_DECILE]) {
  if (!findIndicator(id)) throw new Error(`siting needs indicator ${id} in the catalogue`)
}

/** The need weightings the form offers, in its words (the API also takes { kind: 'indicator', id }). */
export const NEED_CHOICES = [
  { id: 'idaci-score', label: 'IDACI score (income-deprived children)' },
  { id: 'idaci-decile', label: 'IDACI decile (2.0 most deprived to 1.0)' },
  { id: 'index', label: 'Need index (choose indicators)' },
  { id: 'none', label: 'None: everyone counts the same' },
] as const

/** The scales a siting run's need index may use, in the form's words. */
export const SITING_INDEX_METHODS = [
  { id: 'rank', label: 'Ranks (0-1)' },
  { id: 'exponential', label: 'IoD exponential (0-100)' },
] as const
export const SITING_INDEX_METHOD_IDS = SITING_INDEX_METHODS.map((m) => m.id) as ['rank', 'exponential']

/** A composite need index from the targeting feature: rank (0-1] or the IoD exponential scale (0-100]. */
export interface NeedIndex {
  kind: 'index'
  indicators: Array<{ id: string; weight: number }>
  method: (typeof SITING_INDEX_METHODS)[number]['id']
  /** LSOAs missing a component: left out of the index (weight 0, listed as missing) or given the mean */
  missing: MissingRule
}

export type Need = { kind: 'none' } | { kind: 'idaci-score' } | { kind: 'idaci-decile' } | { kind: 'indicator'; id: string } | NeedIndex

export interface SitingParams {
  objective: Objective
  /** 'one-per-locality' (p = number of localities, one hub inside each) or a number of hubs anywhere */
  hubs: 'one-per-locality' | number
  population: keyof typeof POPULATION
  need: Need
  candidates: { categories: string[]; points: Array<{ id?: string; name?: string; lon: number; lat: number }>; demandPoints: boolean }
  /** let demand cross the boundary: the LSOAs held as this context near the borough (asked for; default off) */
  demandContext?: ContextName
  /** site ids: asset:<id>, point:<id>, lsoa:<code> */
  fixed: string[]
  excluded: string[]
  travel: { detourFactor: number; speedKmh: number; matrix?: string | MatrixRow[] }
  /** minutes: the coverage threshold and the threshold of the "within" metrics */
  threshold: number
  capacities?: unknown
  baseline: { kind: 'fixed' } | { kind: 'none' } | { kind: 'assets'; ids: number[] }
  lines: boolean
  seed: number
  timeLimitMs: number
}

export const invalid = (message: string, path = 'body') => new InvalidParameter(message, [{ path, message }])

/** Which LSOA-level indicators may weight need: scores and rates where higher means more need. */
export function needIndicatorProblem(id: string): string | null {
  const d = findIndicator(id)
  if (!d) return `unknown indicator "${id}"`
  if (!d.levels.includes('lsoa21')) return `indicator "${id}" has no LSOA 2021 values`
  if (d.polarity !== 'higher-worse' || !(d.kind === 'score' || d.kind === 'rate')) return `indicator "${id}" is not a score or rate where higher means more need`
  return null
}

/** An index component's problem, if any: the index orients polarity itself, so any LSOA 2021 indicator will do. */
export function indexIndicatorProblem(id: string): string | null {
  const d = findIndicator(id)
  if (!d) return `unknown indicator "${id}" (GET /api/catalogue lists them)`
  if (!d.levels.includes('lsoa21')) return `indicator "${id}" has no LSOA 2021 values`
  return null
}

export const parseSiteId = (id: string) => {
  const m = /^(asset|point|lsoa):(.+)$/.exec(id)
  if (!m) throw invalid(`site id "${id}" must look like asset:<id>, point:<id> or lsoa:<code>`, 'body.fixed')
  return { kind: m[1], key: m[2] }
}

/** Checks what needs no database; returns the asset ids the run must read besides the categories. */
export function checkParams(params: SitingParams): { fixedAssetIds: number[]; baselineIds: number[] } {
  if (params.capacities !== undefined) {
    throw invalid('capacities are not yet supported: sites are uncapacitated (each area goes to its nearest hub)', 'body.capacities')
  }
  const unknown = params.candidates.categories.filter((c) => !SITING_CATEGORIES.includes(c))
  if (unknown.length) throw invalid(`unknown candidate categor${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.join(', ')} (known: ${SITING_CATEGORIES.join(', ')})`, 'body.candidates.categories')
  if (params.need.kind === 'indicator') {
    const problem = needIndicatorProblem(params.need.id)
    if (problem) throw invalid(`need: ${problem}`, 'body.need.id')
  }
  if (params.need.kind === 'index') {
    params.need.indicators.forEach((c, t) => {
      const problem = indexIndicatorProblem(c.id)
      if (problem) throw invalid(`need index: ${problem}`, `body.need.indicators.${t}.id`)
    })
  }
  const fixedAssetIds: number[] = []
  for (const id of params.fixed) {
    const s = parseSiteId(id)
    if (s.kind === 'asset') {
      if (!/^\d{1,15}$/.test(s.key)) throw invalid(`fixed site "${id}": asset ids are whole numbers`, 'body.fixed')
      fixedAssetIds.push(Number(s.key))
    }
  }
  params.excluded.forEach(parseSiteId)
  return { fixedAssetIds, baselineIds: params.baseline.kind === 'assets' ? params.baseline.ids : [] }
}
