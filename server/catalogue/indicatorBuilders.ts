/**
 * Builders of indicator descriptors: IoD editions and their domain families, counts, rates,
 * fuel poverty and pollutants, so that a family's descriptors stay consistent.
 */
import type { Aggregation, ClassMethod, IndicatorDescriptor, Level, SourceLevel } from './types'

export const ALL: Level[] = ['lsoa21', 'ward', 'locality', 'borough']
const LSOA_ONLY: Level[] = ['lsoa21']
const AREAS_ABOVE_LSOA: Level[] = ['ward', 'locality', 'borough']
export const CONTINUOUS: ClassMethod[] = ['quantile', 'jenks', 'equal']

/**
 * An edition of the English Indices of Deprivation. Ids carry the edition year (imd_score_2025,
 * imd_score_2019) so that every export, tile and OGC property explains itself.
 */
interface IodEdition {
  year: '2019' | '2025'
  dataset: string
  sourceLevel: SourceLevel
  vintage: string
  /** LSOAs in England that the edition ranks (rank 1 = most deprived, rank lsoasRanked = least) */
  lsoasRanked: number
  geography: string
  /** weights of the population-weighted means above LSOA */
  weight: { total: string; workingAge: string; children: string; older: string }
  weightNote: string
}

export const IOD2019: IodEdition = {
  year: '2019', dataset: 'iod2019', sourceLevel: 'lsoa11', vintage: 'IoD 2019 (indicators mostly 2015/16; LSOA 2011)',
  lsoasRanked: 32_844, geography: 'LSOA 2011',
  // IoD population denominators (mid-2015, excluding prisoners): the weights the IoD itself uses
  // for local authority average scores.
  weight: { total: 'iod_pop_total_2019', workingAge: 'iod_pop_working_age_2019', children: 'iod_pop_0_15_2019', older: 'iod_pop_60_plus_2019' },
  weightNote: 'population-weighted mean of LSOA scores with the IoD 2019 mid-2015 denominators (the IoD\'s own method for local authority averages)',
}

export const IOD2025: IodEdition = {
  year: '2025', dataset: 'iod2025', sourceLevel: 'lsoa21', vintage: 'IoD 2025 (published 30 Oct 2025; indicators mostly 2021-23; LSOA 2021)',
  lsoasRanked: 33_755, geography: 'LSOA 2021',
  // The IoD 2025 population denominators (File 6) are not in hand: Census 2021 residents stand in,
  // so borough figures differ slightly from the published File 10 averages (30.305 vs 30.266 for the IMD).
  weight: { total: 'census_pop_total', workingAge: 'census_pop_15_64', children: 'census_children_0_15', older: 'census_pop_60_plus' },
  weightNote: 'population-weighted mean of LSOA scores weighted by Census 2021 residents (the IoD\'s method, with Census 2021 weights standing in for the IoD 2025 denominators, which are not in hand; the published File 10 borough average differs slightly)',
}

export const editionOf = (e: IodEdition, family: string) => ({ family, year: e.year, label: `IoD ${e.year}` })

export function count(
  id: string, title: string, description: string, d: Pick<IndicatorDescriptor, 'dataset' | 'sourceKey' | 'sourceLevel' | 'vintage' | 'group'> & Partial<IndicatorDescriptor>,
): IndicatorDescriptor {
  return {
    id, title, description, unit: d.unit ?? 'people', polarity: 'neutral', kind: 'count',
    aggregate: { method: 'sum' }, levels: ALL, classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 },
    ramp: 'blues', decimals: 0, tile: false, ...d,
  }
}

type Weight = keyof IodEdition['weight']

/** An IoD domain or index: score (weighted mean), rank and decile (LSOA only), share of LSOAs in the most deprived 10%/20%. */
export function iodFamily(
  e: IodEdition, prefix: string, title: string, what: string,
  opts: { weight?: Weight; unit?: string; decimals?: number; group?: IndicatorDescriptor['group']; tile?: boolean } = {},
): IndicatorDescriptor[] {
  const group = opts.group ?? 'deprivation'
  const base = { dataset: e.dataset, sourceLevel: e.sourceLevel, vintage: e.vintage, group, polarity: 'higher-worse' as const }
  const weight = e.weight[opts.weight ?? 'total']
  const t = (what: string) => `${title}: ${what} (IoD ${e.year})`
  const y = e.year
  return [
    {
      ...base, id: `${prefix}_score_${y}`, title: t('score'), kind: 'score', sourceKey: `${prefix}_score`, edition: editionOf(e, `${prefix}_score`),
      description: `${what} Higher means more deprived. Areas above LSOA: ${e.weightNote}.`,
      unit: opts.unit ?? 'score', aggregate: { method: 'weighted-mean', weight }, levels: ALL,
      classification: { default: 'quantile', allowed: [...CONTINUOUS], classes: 5 }, ramp: 'magma', decimals: opts.decimals ?? 1, tile: opts.tile ?? true,
    },
    {
      ...base, id: `${prefix}_rank_${y}`, title: t('national rank'), kind: 'rank', sourceKey: `${prefix}_rank`, edition: editionOf(e, `${prefix}_rank`),
      description: `Rank among England's ${e.lsoasRanked.toLocaleString('en-GB')} LSOAs (${e.geography}; 1 = most deprived). ${what}`, unit: 'rank (1 = most deprived)',
      polarity: 'higher-better', aggregate: { method: 'none' }, levels: LSOA_ONLY,
      classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 0, tile: false,
    },
    {
      ...base, id: `${prefix}_decile_${y}`, title: t('national decile'), kind: 'decile', sourceKey: `${prefix}_decile`, edition: editionOf(e, `${prefix}_decile`),
      description: `National decile (1 = England's most deprived 10% of ${e.geography}s). ${what}`, unit: 'decile (1 = most deprived)',
      polarity: 'higher-better', aggregate: { method: 'none' }, levels: LSOA_ONLY,
      classification: { default: 'deciles', allowed: ['deciles'], classes: 10 }, ramp: 'magma', decimals: 0, tile: opts.tile ?? true,
    },
    {
      ...base, id: `${prefix}_share_10_${y}`, title: t("LSOAs in England's most deprived 10%"), kind: 'rate', sourceKey: `${prefix}_decile`,
      edition: editionOf(e, `${prefix}_share_10`),
      description: `Share of the area's LSOAs in national decile 1. ${what}`, unit: '% of LSOAs',
      aggregate: { method: 'share-of-lsoas', decile: `${prefix}_decile_${y}`, maxDecile: 1 }, levels: AREAS_ABOVE_LSOA,
      classification: { default: 'equal', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 1, tile: false,
    },
    {
      ...base, id: `${prefix}_share_20_${y}`, title: t("LSOAs in England's most deprived 20%"), kind: 'rate', sourceKey: `${prefix}_decile`,
      edition: editionOf(e, `${prefix}_share_20`),
      description: `Share of the area's LSOAs in national deciles 1-2. ${what}`, unit: '% of LSOAs',
      aggregate: { method: 'share-of-lsoas', decile: `${prefix}_decile_${y}`, maxDecile: 2 }, levels: AREAS_ABOVE_LSOA,
      classification: { default: 'equal', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 1, tile: false,
    },
  ]
}

/** The IMD, its seven domains and the six sub-domains, in one edition. */
export function iodIndices(e: IodEdition): IndicatorDescriptor[] {
  return [
    ...iodFamily(e, 'imd', 'Index of Multiple Deprivation', `The IoD ${e.year} combined index of seven weighted domains.`, { decimals: 1 }),
    ...iodFamily(e, 'income', 'Income deprivation', 'Share of residents on low income (income-related benefits and tax credits).', { unit: 'rate (share of residents)', decimals: 3 }),
    ...iodFamily(e, 'employment', 'Employment deprivation', 'Share of working-age residents involuntarily out of work.', { unit: 'rate (share of working-age residents)', decimals: 3, weight: 'workingAge', group: 'work-skills' }),
    ...iodFamily(e, 'education', 'Education, skills and training deprivation', 'Lack of attainment and skills among children, young people and adults.', { group: 'work-skills' }),
    ...iodFamily(e, 'health', 'Health deprivation and disability', 'Risk of premature death and impaired quality of life through poor health.', { decimals: 2, group: 'health' }),
    ...iodFamily(e, 'crime', 'Crime', 'Risk of personal and material victimisation.', { decimals: 2 }),
    ...iodFamily(e, 'barriers', 'Barriers to housing and services', `Physical and financial accessibility of housing and local services${e.year === '2025' ? ' (IoD 2025 changed its indicators: compare ranks and deciles between editions, not scores)' : ''}.`),
    ...iodFamily(e, 'living_env', 'Living environment deprivation', 'Quality of the indoor and outdoor local environment.'),
    ...iodFamily(e, 'cyp', 'Children and young people sub-domain', 'Attainment and progression of children and young people (Education domain).', { group: 'children', decimals: 2, tile: false }),
    ...iodFamily(e, 'adult_skills', 'Adult skills sub-domain', 'Adults with no or low qualifications or poor English (Education domain).', { group: 'work-skills', decimals: 3, tile: false }),
    ...iodFamily(e, 'geographical_barriers', 'Geographical barriers sub-domain', 'Road distance to key local services (Barriers domain).', { group: 'access', decimals: 2, tile: false }),
    ...iodFamily(e, 'wider_barriers', 'Wider barriers sub-domain', 'Overcrowding, homelessness and housing affordability (Barriers domain).', { group: 'housing', decimals: 2, tile: false }),
    ...iodFamily(e, 'indoors', 'Indoors living environment sub-domain', 'Housing in poor condition and without central heating (Living environment domain).', { group: 'housing', decimals: 2, tile: false }),
    ...iodFamily(e, 'outdoors', 'Outdoors living environment sub-domain', 'Air quality and road traffic accidents (Living environment domain).', { group: 'air-quality', decimals: 2, tile: false }),
  ]
}

/**
 * An IoD underlying indicator. Above LSOA: mean weighted by the edition's total population, an
 * approximation where the indicator's own denominator (households, births) differs.
 */
export function underlying(
  e: IodEdition, key: string, sourceKey: string, title: string, unit: string, group: IndicatorDescriptor['group'], description: string, decimals = 2,
  polarity: IndicatorDescriptor['polarity'] = 'higher-worse',
): IndicatorDescriptor {
  return {
    dataset: e.dataset, sourceLevel: e.sourceLevel, vintage: e.vintage, id: `iod_${key}_${e.year}`, title: `${title} (IoD ${e.year})`,
    edition: editionOf(e, `iod_${key}`),
    description: `${description} IoD ${e.year} underlying indicator. Above LSOA: weighted by ${e.year === '2019' ? 'IoD 2019 population' : 'Census 2021 residents'} (approximate where its own base differs).`,
    group, unit, polarity, kind: 'score', sourceKey, aggregate: { method: 'weighted-mean', weight: e.weight.total }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals, tile: false,
  }
}

/**
 * Change between editions per LSOA 2021 (MHCLG: compare ranks and deciles, not scores). Deciles:
 * 2019 minus 2025, so +1 = one decile more deprived. Ranks: the move in national percentile (rank
 * over the LSOAs ranked, since 2019 ranks 32,844 LSOA 2011 and 2025 33,755 LSOA 2021), in
 * percentile points, positive = relatively more deprived in 2025.
 */
export function editionChange(prefix: string, title: string, group: IndicatorDescriptor['group'] = 'deprivation'): IndicatorDescriptor[] {
  const base = {
    dataset: 'iod2025', sourceLevel: 'lsoa21' as SourceLevel, vintage: 'IoD 2019 to IoD 2025 (LSOA 2021; 2019 carried over from LSOA 2011)', group,
    polarity: 'higher-worse' as const, levels: LSOA_ONLY, tile: false,
    derived: 'computed by locality-atlas from the published ranks and deciles of both editions; IoD 2019 values are carried over to LSOA 2021 through the ONS lookup',
    caveat: 'MHCLG: compare ranks and deciles between editions, not scores; domain definitions changed (e.g. Barriers to Housing and Services).',
  }
  return [
    {
      ...base, id: `${prefix}_decile_move_2019_2025`, title: `${title}: decile move 2019 to 2025`, kind: 'score', sourceKey: `derived:${prefix}_decile_move`,
      description: `National decile in IoD 2019 minus decile in IoD 2025: +1 means one decile more deprived (relative to England) in 2025, -1 one decile less.`,
      unit: 'deciles (+ = more deprived in 2025)', aggregate: { method: 'difference', from: `${prefix}_decile_2019`, to: `${prefix}_decile_2025` },
      classification: { default: 'equal', allowed: ['equal'], classes: 5 }, ramp: 'cividis', decimals: 0,
    },
    {
      ...base, id: `${prefix}_rank_move_2019_2025`, title: `${title}: rank move 2019 to 2025`, kind: 'score', sourceKey: `derived:${prefix}_rank_move`,
      description: `Move in national rank, as percentile points of England's LSOAs (rank / LSOAs ranked x 100, 2019 minus 2025): positive means relatively more deprived in 2025.`,
      unit: 'percentile points (+ = more deprived in 2025)', aggregate: { method: 'difference', from: `${prefix}_rank_2019`, to: `${prefix}_rank_2025`, outOf: [IOD2019.lsoasRanked, IOD2025.lsoasRanked] },
      classification: { default: 'equal', allowed: ['equal', 'quantile'], classes: 5 }, ramp: 'cividis', decimals: 1,
    },
  ]
}

/** DESNZ sub-regional fuel poverty (LILEE), one edition. */
export function fuelPoverty(year: '2021' | '2022', dataset: string, vintage: string): IndicatorDescriptor[] {
  const src = { dataset, sourceLevel: 'lsoa21' as SourceLevel, vintage, group: 'fuel-poverty' as const, unit: 'households' }
  const edition = (family: string) => ({ family, year, label: `${year} data` })
  const caveat = 'DESNZ: LSOA estimates should not be used to identify trends over time within an LSOA.'
  return [
    count(`fp_households_${year}`, `Households (fuel poverty base, ${year})`, `Households in the DESNZ ${year} fuel poverty estimates.`, { ...src, sourceKey: 'households', edition: edition('fp_households'), caveat }),
    count(`fp_fuel_poor_${year}`, `Fuel-poor households (${year})`, 'Households in fuel poverty (Low Income Low Energy Efficiency).', { ...src, sourceKey: 'fuel_poor_households', edition: edition('fp_fuel_poor'), caveat }),
    {
      id: `fp_pct_${year}`, title: `Fuel poverty (${year})`, group: 'fuel-poverty', kind: 'rate', unit: '% of households', polarity: 'higher-worse',
      description: `Share of households in fuel poverty (LILEE), ${year} data. Above LSOA: fuel-poor households / households, from summed counts.`,
      dataset, sourceKey: 'fuel_poor_pct', sourceLevel: 'lsoa21', vintage, edition: edition('fp_pct'), caveat,
      aggregate: rate(`fp_fuel_poor_${year}`, `fp_households_${year}`), levels: ALL, ...pct, ramp: 'viridis', tile: true,
    },
  ]
}

export const rate = (numerator: string, denominator: string, per = 100): Aggregation => ({ method: 'ratio', numerator, denominator, per })

export function pollutant(key: string, title: string, unit: string, year: number, opts: { decimals?: number } = {}): IndicatorDescriptor {
  const id = `${key}_${year}`
  return {
    id, title: `${title} (${year})`, group: 'air-quality', kind: 'score', unit, polarity: 'higher-worse',
    description: `LAEI ${year} modelled annual ${title}, mean of the 20 m grid cells in each LSOA 2021. Above LSOA: mean weighted by Census 2021 residents (exposure where people live).`,
    dataset: `laei${year}`, sourceKey: `${key}_mean`, sourceLevel: 'lsoa21', vintage: `LAEI ${year} (modelled ${year})`,
    aggregate: { method: 'weighted-mean', weight: 'census_pop_total' }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'cividis', decimals: opts.decimals ?? 1,
    tile: year === 2019, series: { id: key, period: String(year) },
  }
}

export const IOD19 = { dataset: IOD2019.dataset, sourceLevel: IOD2019.sourceLevel, vintage: IOD2019.vintage, edition: undefined }
export const CENSUS = { dataset: 'census2021', sourceLevel: 'lsoa21' as SourceLevel, vintage: 'Census 2021 (21 March 2021)' }
export const pct = { classification: { default: 'quantile' as ClassMethod, allowed: CONTINUOUS, classes: 5 }, decimals: 1 }
