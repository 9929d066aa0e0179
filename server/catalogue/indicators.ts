/**
 * The indicator catalogue: one descriptor per indicator. Routes, tiles, legends, exports and the
 * importers all read it. Builders below keep families (IoD domains, pollutants) consistent.
 */
import type { Aggregation, ClassMethod, IndicatorDescriptor, Level, SourceLevel } from './types'

const ALL: Level[] = ['lsoa21', 'ward', 'locality', 'borough']
const LSOA_ONLY: Level[] = ['lsoa21']
const AREAS_ABOVE_LSOA: Level[] = ['ward', 'locality', 'borough']
const CONTINUOUS: ClassMethod[] = ['quantile', 'jenks', 'equal']

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

const IOD2019: IodEdition = {
  year: '2019', dataset: 'iod2019', sourceLevel: 'lsoa11', vintage: 'IoD 2019 (indicators mostly 2015/16; LSOA 2011)',
  lsoasRanked: 32_844, geography: 'LSOA 2011',
  // IoD population denominators (mid-2015, excluding prisoners): the weights the IoD itself uses
  // for local authority average scores.
  weight: { total: 'iod_pop_total_2019', workingAge: 'iod_pop_working_age_2019', children: 'iod_pop_0_15_2019', older: 'iod_pop_60_plus_2019' },
  weightNote: 'population-weighted mean of LSOA scores with the IoD 2019 mid-2015 denominators (the IoD\'s own method for local authority averages)',
}

const IOD2025: IodEdition = {
  year: '2025', dataset: 'iod2025', sourceLevel: 'lsoa21', vintage: 'IoD 2025 (published 30 Oct 2025; indicators mostly 2021-23; LSOA 2021)',
  lsoasRanked: 33_755, geography: 'LSOA 2021',
  // The IoD 2025 population denominators (File 6) are not in hand: Census 2021 residents stand in,
  // so borough figures differ slightly from the published File 10 averages (30.305 vs 30.266 for the IMD).
  weight: { total: 'census_pop_total', workingAge: 'census_pop_15_64', children: 'census_children_0_15', older: 'census_pop_60_plus' },
  weightNote: 'population-weighted mean of LSOA scores weighted by Census 2021 residents (the IoD\'s method, with Census 2021 weights standing in for the IoD 2025 denominators, which are not in hand; the published File 10 borough average differs slightly)',
}

const editionOf = (e: IodEdition, family: string) => ({ family, year: e.year, label: `IoD ${e.year}` })

function count(
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
function iodFamily(
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
function iodIndices(e: IodEdition): IndicatorDescriptor[] {
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
function underlying(
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
function editionChange(prefix: string, title: string, group: IndicatorDescriptor['group'] = 'deprivation'): IndicatorDescriptor[] {
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
function fuelPoverty(year: '2021' | '2022', dataset: string, vintage: string): IndicatorDescriptor[] {
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

const rate = (numerator: string, denominator: string, per = 100): Aggregation => ({ method: 'ratio', numerator, denominator, per })

function pollutant(key: string, title: string, unit: string, year: number, opts: { decimals?: number } = {}): IndicatorDescriptor {
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

const IOD19 = { dataset: IOD2019.dataset, sourceLevel: IOD2019.sourceLevel, vintage: IOD2019.vintage, edition: undefined }
const CENSUS = { dataset: 'census2021', sourceLevel: 'lsoa21' as SourceLevel, vintage: 'Census 2021 (21 March 2021)' }
const pct = { classification: { default: 'quantile' as ClassMethod, allowed: CONTINUOUS, classes: 5 }, decimals: 1 }

export const indicators: IndicatorDescriptor[] = [
  ...iodIndices(IOD2025),
  ...iodIndices(IOD2019),
  ...iodFamily(IOD2019, 'idaci', 'Income deprivation affecting children (IDACI)', 'Share of children aged 0-15 living in income-deprived families.', { unit: 'rate (share of children 0-15)', decimals: 3, weight: 'children', group: 'children' }),
  ...iodFamily(IOD2019, 'idaopi', 'Income deprivation affecting older people (IDAOPI)', 'Share of people aged 60+ who are income deprived.', { unit: 'rate (share of people 60+)', decimals: 3, weight: 'older', group: 'older-people' }),

  // IoD 2025 IDACI and IDAOPI: the published LSOA scores (File 3) are not in hand, only the official
  // numerators (File 8). The rates below are labelled approximations over Census 2021 ages, never
  // the published score (for the borough they give 0.519 against File 10's 0.518).
  count('idaci_children_2025', 'Income-deprived children 0-15 (IDACI numerator, IoD 2025)', 'Children aged 0-15 in income-deprived families: the official IDACI 2025 numerator (File 8).', {
    dataset: 'iod2025', sourceKey: 'idaci_numerator', sourceLevel: 'lsoa21', vintage: IOD2025.vintage, group: 'children', edition: editionOf(IOD2025, 'idaci_numerator'),
  }),
  count('idaopi_people_2025', 'Income-deprived people 60+ (IDAOPI numerator, IoD 2025)', 'People aged 60 and over who are income deprived: the official IDAOPI 2025 numerator (File 8).', {
    dataset: 'iod2025', sourceKey: 'idaopi_numerator', sourceLevel: 'lsoa21', vintage: IOD2025.vintage, group: 'older-people', edition: editionOf(IOD2025, 'idaopi_numerator'),
  }),
  count('income_deprived_2025', 'Income-deprived people (Income domain numerator, IoD 2025)', 'People in income-deprived households: the official Income domain 2025 numerator (File 8).', {
    dataset: 'iod2025', sourceKey: 'income_numerator', sourceLevel: 'lsoa21', vintage: IOD2025.vintage, group: 'deprivation', edition: editionOf(IOD2025, 'income_numerator'),
  }),
  count('employment_deprived_2025', 'Employment-deprived people (Employment domain numerator, IoD 2025)', 'Working-age people involuntarily out of work: the official Employment domain 2025 numerator (File 8).', {
    dataset: 'iod2025', sourceKey: 'employment_numerator', sourceLevel: 'lsoa21', vintage: IOD2025.vintage, group: 'work-skills', edition: editionOf(IOD2025, 'employment_numerator'),
  }),
  {
    id: 'idaci_rate_2025', title: 'IDACI 2025, derived approximation: income-deprived children / Census 2021 children 0-15', group: 'children', kind: 'rate',
    unit: 'rate (share of children 0-15)', polarity: 'higher-worse', dataset: 'iod2025', sourceKey: 'derived:idaci_rate', sourceLevel: 'lsoa21', vintage: IOD2025.vintage,
    edition: { family: 'idaci_score', year: '2025', label: 'IoD 2025 (derived approximation)' },
    description: 'The official IDACI 2025 numerator over Census 2021 children aged 0-15 (0-14 plus a fifth of 15-19). Not the published IDACI score (File 3 is not in hand); for the borough it gives 0.519 against the published 0.518.',
    derived: 'official IDACI 2025 numerator (File 8) divided by Census 2021 children 0-15 (0-14 plus one fifth of 15-19); an approximation of the IDACI, not the published score',
    aggregate: { method: 'ratio', numerator: 'idaci_children_2025', denominator: 'census_children_0_15', per: 1 }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 3, tile: true,
  },
  {
    id: 'idaopi_rate_2025', title: 'IDAOPI 2025, derived approximation: income-deprived people 60+ / Census 2021 residents 60+', group: 'older-people', kind: 'rate',
    unit: 'rate (share of people 60+)', polarity: 'higher-worse', dataset: 'iod2025', sourceKey: 'derived:idaopi_rate', sourceLevel: 'lsoa21', vintage: IOD2025.vintage,
    edition: { family: 'idaopi_score', year: '2025', label: 'IoD 2025 (derived approximation)' },
    description: 'The official IDAOPI 2025 numerator over Census 2021 residents aged 60 and over. Not the published IDAOPI score (File 3 is not in hand).',
    derived: 'official IDAOPI 2025 numerator (File 8) divided by Census 2021 residents aged 60+; an approximation of the IDAOPI, not the published score',
    aggregate: { method: 'ratio', numerator: 'idaopi_people_2025', denominator: 'census_pop_60_plus', per: 1 }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 3, tile: false,
  },

  ...editionChange('imd', 'Index of Multiple Deprivation'),
  ...editionChange('income', 'Income deprivation'),
  ...editionChange('employment', 'Employment deprivation', 'work-skills'),
  ...editionChange('education', 'Education, skills and training', 'work-skills'),
  ...editionChange('health', 'Health deprivation and disability', 'health'),
  ...editionChange('crime', 'Crime'),
  ...editionChange('barriers', 'Barriers to housing and services'),
  ...editionChange('living_env', 'Living environment'),

  underlying(IOD2025, 'years_potential_life_lost', 'years_potential_life_lost', 'Years of potential life lost', 'age-sex standardised rate', 'health', 'Premature death: years of life lost before 75.', 1),
  underlying(IOD2025, 'illness_disability_ratio', 'illness_disability_ratio', 'Comparative illness and disability ratio', 'ratio (100 = England)', 'health', 'Work-limiting illness and disability.', 1),
  underlying(IOD2025, 'mental_health', 'mental_health', 'Mental health indicator', 'score', 'health', 'Mental health (prescribing, hospital episodes, suicides, benefits); replaces 2019\'s mood and anxiety indicator.', 2),
  underlying(IOD2025, 'acute_morbidity', 'acute_morbidity', 'Acute morbidity', 'standardised ratio', 'health', 'Emergency hospital admissions, age-sex standardised.', 1),
  underlying(IOD2025, 'overcrowding', 'overcrowding', 'Household overcrowding (rooms)', 'share of households', 'housing', 'Households with too few rooms for their size.', 3),
  underlying(IOD2025, 'homelessness_per_1000', 'homelessness_per_1000', 'Homelessness (IoD)', 'per 1,000 households', 'housing', 'Households owed a homelessness duty.', 2),
  underlying(IOD2025, 'core_homelessness_pct', 'core_homelessness_pct', 'Core homelessness', '% of households', 'housing', 'Households in core homelessness (new in IoD 2025).', 2),
  underlying(IOD2025, 'housing_affordability', 'housing_affordability', 'Housing affordability', 'score', 'housing', 'Inability to afford to enter owner-occupation or the private rental market.', 2),
  underlying(IOD2025, 'patient_gp_ratio', 'patient_gp_ratio', 'Patients per GP', 'patients per full-time GP', 'access', 'Registered patients per full-time-equivalent GP (new in IoD 2025).', 0),
  underlying(IOD2025, 'digital_connectivity', 'digital_connectivity', 'Digital connectivity (broadband speeds)', 'score', 'access', 'Broadband download and upload speeds (new in IoD 2025; higher is worse).', 2),

  underlying(IOD2019, 'years_potential_life_lost', 'years_potential_life_lost', 'Years of potential life lost', 'age-sex standardised rate', 'health', 'Premature death: years of life lost before 75.', 1),
  underlying(IOD2019, 'illness_disability_ratio', 'illness_disability_ratio', 'Comparative illness and disability ratio', 'ratio (100 = England)', 'health', 'Work-limiting illness and disability.', 1),
  underlying(IOD2019, 'mood_anxiety', 'mood_anxiety', 'Mood and anxiety disorders', 'score', 'health', 'Mood and anxiety disorders (prescribing, hospital episodes, suicides, benefits).', 2),
  underlying(IOD2019, 'overcrowding', 'overcrowding', 'Household overcrowding', 'share of households', 'housing', 'Households with too few rooms for their size.', 3),
  underlying(IOD2019, 'homelessness_per_1000', 'homelessness_per_1000', 'Homelessness (IoD)', 'per 1,000 households', 'housing', 'Households found statutorily homeless.', 2),
  underlying(IOD2019, 'housing_affordability', 'housing_affordability', 'Housing affordability', 'score', 'housing', 'Inability to afford to enter owner-occupation or the private rental market.', 2),
  underlying(IOD2019, 'no_central_heating', 'no_central_heating', 'Houses without central heating', 'share of households', 'housing', 'Households without central heating.', 3),
  underlying(IOD2019, 'dist_gp_km', 'dist_gp_km', 'Road distance to a GP surgery', 'km', 'access', 'Mean road distance to the nearest GP surgery.', 2),
  underlying(IOD2019, 'dist_primary_school_km', 'dist_primary_school_km', 'Road distance to a primary school', 'km', 'access', 'Mean road distance to the nearest primary school.', 2),

  count(IOD2019.weight.total, 'IoD population (mid-2015, IoD 2019)', 'Mid-2015 population excluding prisoners: the IoD 2019 denominator.', { ...IOD19, group: 'population', sourceKey: 'pop_total' }),
  count(IOD2019.weight.children, 'IoD children 0-15 (mid-2015, IoD 2019)', 'Dependent children aged 0-15, mid-2015: the IDACI 2019 denominator.', { ...IOD19, group: 'population', sourceKey: 'pop_0_15' }),
  count(IOD2019.weight.older, 'IoD people 60+ (mid-2015, IoD 2019)', 'People aged 60 and over, mid-2015: the IDAOPI 2019 denominator.', { ...IOD19, group: 'population', sourceKey: 'pop_60_plus' }),
  count(IOD2019.weight.workingAge, 'IoD working-age population (mid-2015, IoD 2019)', 'People aged 18-59/64, mid-2015: the Employment domain 2019 denominator.', { ...IOD19, group: 'population', sourceKey: 'pop_working_age' }),

  count('census_pop_total', 'Residents (Census 2021)', 'Usual residents.', { ...CENSUS, group: 'population', sourceKey: 'age_total', tile: true }),
  count('census_pop_0_4', 'Children aged 0-4 (Census 2021)', 'Usual residents aged 4 and under: the default demand for Family Hubs.', { ...CENSUS, group: 'children', sourceKey: 'age_0_4', tile: true }),
  count('census_pop_0_19', 'Children and young people 0-19 (Census 2021)', 'Usual residents aged 0-19.', { ...CENSUS, group: 'children', sourceKey: 'age_0_19', tile: true }),
  count('census_children_0_15', 'Children aged 0-15 (Census 2021, estimated)', 'Usual residents aged 0-14 plus one fifth of those aged 15-19: the nearest the five-year bands come to 0-15 (the IDACI age range).', { ...CENSUS, group: 'children', sourceKey: 'age_0_15_est', decimals: 0 }),
  count('census_pop_60_plus', 'Residents aged 60+ (Census 2021)', 'Usual residents aged 60 and over (the IDAOPI age range).', { ...CENSUS, group: 'older-people', sourceKey: 'age_60_plus' }),
  count('census_pop_15_64', 'Residents aged 15-64 (Census 2021)', 'Usual residents aged 15-64: the working-age denominator the five-year bands give exactly (16-64 would need the 15-19 band split).', { ...CENSUS, group: 'work-skills', sourceKey: 'age_15_64' }),
  count('census_pop_16_plus', 'Residents aged 16+ (Census 2021)', 'Usual residents aged 16 and over: the qualifications denominator.', { ...CENSUS, group: 'population', sourceKey: 'qual_residents_16_plus' }),
  count('census_health_residents', 'Residents (Census 2021 general health table)', 'Usual residents as counted in TS037: the denominator of the bad-health share (ONS perturbation makes table totals differ slightly).', { ...CENSUS, group: 'health', sourceKey: 'health_residents' }),
  count('census_bad_health', 'Bad or very bad health (count)', 'Residents reporting bad or very bad general health.', { ...CENSUS, group: 'health', sourceKey: 'health_bad_or_very_bad' }),
  {
    ...CENSUS, ...pct, id: 'census_bad_health_pct', title: 'Bad or very bad health', group: 'health', kind: 'rate', unit: '% of residents', polarity: 'higher-worse',
    description: 'Share of usual residents reporting bad or very bad general health (TS037). Above LSOA: recomputed from summed counts.',
    sourceKey: 'bad_health_pct', aggregate: rate('census_bad_health', 'census_health_residents'), levels: ALL, ramp: 'purples', tile: true,
  },
  count('census_no_quals', 'No qualifications (count)', 'Residents aged 16+ with no qualifications.', { ...CENSUS, group: 'work-skills', sourceKey: 'qual_none' }),
  {
    ...CENSUS, ...pct, id: 'census_no_quals_pct', title: 'No qualifications', group: 'work-skills', kind: 'rate', unit: '% of residents 16+', polarity: 'higher-worse',
    description: 'Share of usual residents aged 16+ with no qualifications (TS067). Above LSOA: recomputed from summed counts.',
    sourceKey: 'no_quals_pct', aggregate: rate('census_no_quals', 'census_pop_16_plus'), levels: ALL, ramp: 'purples', tile: true,
  },
  count('census_never_worked', 'Never worked (count)', 'Residents aged 16+ not in employment who have never worked (TS065).', { ...CENSUS, group: 'work-skills', sourceKey: 'unemp_never_worked' }),
  {
    ...CENSUS, ...pct, id: 'census_never_worked_pct', title: 'Never worked', group: 'work-skills', kind: 'rate', unit: '% of residents 16+', polarity: 'higher-worse',
    description: 'Share of residents aged 16+ who are not in employment and have never worked (TS065; the Census has no long-term-unemployed count by LSOA in this table). Above LSOA: recomputed from summed counts.',
    sourceKey: 'never_worked_pct', aggregate: rate('census_never_worked', 'census_pop_16_plus'), levels: ALL, ramp: 'purples', tile: true,
  },

  ...fuelPoverty('2022', 'desnz_fuel_poverty_2022', '2022 data (published 2024)'),
  ...fuelPoverty('2021', 'desnz_fuel_poverty', '2021 data (published 2023)'),

  ...[2019, 2016, 2013].flatMap((y) => [
    pollutant('no2', 'nitrogen dioxide (NO2)', 'µg/m³', y),
    pollutant('pm25', 'fine particulates (PM2.5)', 'µg/m³', y, { decimals: 2 }),
    pollutant('pm10', 'particulates (PM10)', 'µg/m³', y),
    pollutant('pm10d', 'days PM10 over 50 µg/m³', 'days', y),
  ]),

  {
    id: 'ptai', title: 'Public transport access (PTAI)', group: 'access', kind: 'score', unit: 'access index', polarity: 'higher-better',
    description: 'TfL average Public Transport Accessibility Index 2015 (higher = better access). Above LSOA: weighted by IoD population.',
    dataset: 'tfl_ptal', sourceKey: 'av_ptai', sourceLevel: 'lsoa11', vintage: '2015',
    aggregate: { method: 'weighted-mean', weight: IOD2019.weight.total }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'greens', decimals: 1, tile: true,
  },

  count('ta_local_households', 'Households in temporary accommodation (council data)', 'Households placed in temporary accommodation, from the council\'s own placements data when loaded. Counts 1-4 are suppressed.', {
    dataset: 'local_ta', sourceKey: 'households_in_ta', sourceLevel: 'lsoa21', vintage: 'as supplied by the council', group: 'housing', unit: 'households', suppressSmall: true, tile: true,
  }),
]

const byId = new Map(indicators.map((d) => [d.id, d]))
if (byId.size !== indicators.length) throw new Error('duplicate indicator id in catalogue')

export function findIndicator(id: string): IndicatorDescriptor | undefined {
  return byId.get(id)
}

/** The default layer a user first sees. */
export const DEFAULT_INDICATOR = 'imd_score_2025'

/** The few figures a plain-words summary of a locality leads with, in order. */
export const HEADLINE_INDICATORS = ['imd_score_2025', 'imd_share_20_2025', 'idaci_rate_2025', 'fp_pct_2022', 'census_bad_health_pct', 'no2_2019']

/** Every edition of a family, newest first (the first is the default). */
export function editionsOf(family: string): IndicatorDescriptor[] {
  return indicators.filter((d) => d.edition?.family === family).sort((a, b) => b.edition!.year.localeCompare(a.edition!.year))
}
