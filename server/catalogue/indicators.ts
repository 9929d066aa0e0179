/**
 * The indicator catalogue: one descriptor per indicator. Routes, tiles, legends, exports and the
 * importers all read it. Builders below keep families (IoD domains, pollutants) consistent.
 */
import type { Aggregation, ClassMethod, IndicatorDescriptor, Level, SourceLevel } from './types'

const ALL: Level[] = ['lsoa21', 'ward', 'locality', 'borough']
const LSOA_ONLY: Level[] = ['lsoa21']
const AREAS_ABOVE_LSOA: Level[] = ['ward', 'locality', 'borough']
const CONTINUOUS: ClassMethod[] = ['quantile', 'jenks', 'equal']

const IOD = { dataset: 'iod2019', sourceLevel: 'lsoa11' as SourceLevel, vintage: 'IoD 2019 (indicators mostly 2015/16; LSOA 2011)' }

// IoD population denominators (mid-2015, excluding prisoners): the weights the IoD itself uses for
// local authority average scores.
const POP = {
  iod_pop_total: 'iod_pop_total',
  iod_pop_0_15: 'iod_pop_0_15',
  iod_pop_60_plus: 'iod_pop_60_plus',
  iod_pop_working_age: 'iod_pop_working_age',
}

function count(
  id: string, title: string, description: string, d: Pick<IndicatorDescriptor, 'dataset' | 'sourceKey' | 'sourceLevel' | 'vintage' | 'group'> & Partial<IndicatorDescriptor>,
): IndicatorDescriptor {
  return {
    id, title, description, unit: d.unit ?? 'people', polarity: 'neutral', kind: 'count',
    aggregate: { method: 'sum' }, levels: ALL, classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 },
    ramp: 'blues', decimals: 0, tile: false, ...d,
  }
}

/** An IoD domain or index: score (weighted mean), rank and decile (LSOA only), share of LSOAs in the most deprived 10%/20%. */
function iodFamily(
  prefix: string, title: string, what: string, opts: { weight?: string; unit?: string; decimals?: number; group?: IndicatorDescriptor['group']; tile?: boolean } = {},
): IndicatorDescriptor[] {
  const group = opts.group ?? 'deprivation'
  const base = { ...IOD, group, polarity: 'higher-worse' as const }
  const weight = opts.weight ?? POP.iod_pop_total
  return [
    {
      ...base, id: `${prefix}_score`, title: `${title}: score`, kind: 'score', sourceKey: `${prefix}_score`,
      description: `${what} Higher means more deprived. Areas above LSOA: population-weighted mean of LSOA scores (the IoD's own method for local authority averages).`,
      unit: opts.unit ?? 'score', aggregate: { method: 'weighted-mean', weight }, levels: ALL,
      classification: { default: 'quantile', allowed: [...CONTINUOUS], classes: 5 }, ramp: 'magma', decimals: opts.decimals ?? 1, tile: opts.tile ?? true,
    },
    {
      ...base, id: `${prefix}_rank`, title: `${title}: national rank`, kind: 'rank', sourceKey: `${prefix}_rank`,
      description: `Rank among England's 32,844 LSOAs (1 = most deprived). ${what}`, unit: 'rank (1 = most deprived)',
      polarity: 'higher-better', aggregate: { method: 'none' }, levels: LSOA_ONLY,
      classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 0, tile: false,
    },
    {
      ...base, id: `${prefix}_decile`, title: `${title}: national decile`, kind: 'decile', sourceKey: `${prefix}_decile`,
      description: `National decile (1 = England's most deprived 10% of LSOAs). ${what}`, unit: 'decile (1 = most deprived)',
      polarity: 'higher-better', aggregate: { method: 'none' }, levels: LSOA_ONLY,
      classification: { default: 'deciles', allowed: ['deciles'], classes: 10 }, ramp: 'magma', decimals: 0, tile: opts.tile ?? true,
    },
    {
      ...base, id: `${prefix}_share_10`, title: `${title}: LSOAs in England's most deprived 10%`, kind: 'rate', sourceKey: `${prefix}_decile`,
      description: `Share of the area's LSOAs in national decile 1. ${what}`, unit: '% of LSOAs',
      aggregate: { method: 'share-of-lsoas', decile: `${prefix}_decile`, maxDecile: 1 }, levels: AREAS_ABOVE_LSOA,
      classification: { default: 'equal', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 1, tile: false,
    },
    {
      ...base, id: `${prefix}_share_20`, title: `${title}: LSOAs in England's most deprived 20%`, kind: 'rate', sourceKey: `${prefix}_decile`,
      description: `Share of the area's LSOAs in national deciles 1-2. ${what}`, unit: '% of LSOAs',
      aggregate: { method: 'share-of-lsoas', decile: `${prefix}_decile`, maxDecile: 2 }, levels: AREAS_ABOVE_LSOA,
      classification: { default: 'equal', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals: 1, tile: false,
    },
  ]
}

/**
 * An IoD 2019 underlying indicator (GLA workbook only). Above LSOA: mean weighted by the IoD total
 * population, an approximation where the indicator's own denominator (households, births) differs.
 */
function underlying(
  key: string, title: string, unit: string, group: IndicatorDescriptor['group'], description: string, decimals = 2, polarity: IndicatorDescriptor['polarity'] = 'higher-worse',
): IndicatorDescriptor {
  return {
    ...IOD, id: `iod_${key}`, title, description: `${description} IoD 2019 underlying indicator. Above LSOA: weighted by IoD population (approximate where its own base differs).`,
    group, unit, polarity, kind: 'score', sourceKey: key, aggregate: { method: 'weighted-mean', weight: POP.iod_pop_total }, levels: ALL,
    classification: { default: 'quantile', allowed: CONTINUOUS, classes: 5 }, ramp: 'magma', decimals, tile: false,
  }
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

const CENSUS = { dataset: 'census2021', sourceLevel: 'lsoa21' as SourceLevel, vintage: 'Census 2021 (21 March 2021)' }
const pct = { classification: { default: 'quantile' as ClassMethod, allowed: CONTINUOUS, classes: 5 }, decimals: 1 }

export const indicators: IndicatorDescriptor[] = [
  ...iodFamily('imd', 'Index of Multiple Deprivation', 'The IoD 2019 combined index of seven weighted domains.', { decimals: 1 }),
  ...iodFamily('income', 'Income deprivation', 'Share of residents on low income (income-related benefits and tax credits).', { unit: 'rate (share of residents)', decimals: 3 }),
  ...iodFamily('employment', 'Employment deprivation', 'Share of working-age residents involuntarily out of work.', { unit: 'rate (share of working-age residents)', decimals: 3, weight: POP.iod_pop_working_age, group: 'work-skills' }),
  ...iodFamily('education', 'Education, skills and training deprivation', 'Lack of attainment and skills among children, young people and adults.', { group: 'work-skills' }),
  ...iodFamily('health', 'Health deprivation and disability', 'Risk of premature death and impaired quality of life through poor health.', { decimals: 2, group: 'health' }),
  ...iodFamily('crime', 'Crime', 'Risk of personal and material victimisation.', { decimals: 2 }),
  ...iodFamily('barriers', 'Barriers to housing and services', 'Physical and financial accessibility of housing and local services.'),
  ...iodFamily('living_env', 'Living environment deprivation', 'Quality of the indoor and outdoor local environment.'),
  ...iodFamily('idaci', 'Income deprivation affecting children (IDACI)', 'Share of children aged 0-15 living in income-deprived families.', { unit: 'rate (share of children 0-15)', decimals: 3, weight: POP.iod_pop_0_15, group: 'children' }),
  ...iodFamily('idaopi', 'Income deprivation affecting older people (IDAOPI)', 'Share of people aged 60+ who are income deprived.', { unit: 'rate (share of people 60+)', decimals: 3, weight: POP.iod_pop_60_plus, group: 'older-people' }),

  ...iodFamily('cyp', 'Children and young people sub-domain', 'Attainment and progression of children and young people (Education domain).', { group: 'children', decimals: 2, tile: false }),
  ...iodFamily('adult_skills', 'Adult skills sub-domain', 'Adults with no or low qualifications or poor English (Education domain).', { group: 'work-skills', decimals: 3, tile: false }),
  ...iodFamily('geographical_barriers', 'Geographical barriers sub-domain', 'Road distance to key local services (Barriers domain).', { group: 'access', decimals: 2, tile: false }),
  ...iodFamily('wider_barriers', 'Wider barriers sub-domain', 'Overcrowding, homelessness and housing affordability (Barriers domain).', { group: 'housing', decimals: 2, tile: false }),
  ...iodFamily('indoors', 'Indoors living environment sub-domain', 'Housing in poor condition and without central heating (Living environment domain).', { group: 'housing', decimals: 2, tile: false }),
  ...iodFamily('outdoors', 'Outdoors living environment sub-domain', 'Air quality and road traffic accidents (Living environment domain).', { group: 'air-quality', decimals: 2, tile: false }),

  underlying('years_potential_life_lost', 'Years of potential life lost', 'age-sex standardised rate', 'health', 'Premature death: years of life lost before 75.', 1),
  underlying('illness_disability_ratio', 'Comparative illness and disability ratio', 'ratio (100 = England)', 'health', 'Work-limiting illness and disability.', 1),
  underlying('mood_anxiety', 'Mood and anxiety disorders', 'score', 'health', 'Mood and anxiety disorders (prescribing, hospital episodes, suicides, benefits).', 2),
  underlying('overcrowding', 'Household overcrowding', 'share of households', 'housing', 'Households with too few rooms for their size.', 3),
  underlying('homelessness_per_1000', 'Homelessness (IoD)', 'per 1,000 households', 'housing', 'Households found statutorily homeless.', 2),
  underlying('housing_affordability', 'Housing affordability', 'score', 'housing', 'Inability to afford to enter owner-occupation or the private rental market.', 2),
  underlying('no_central_heating', 'Houses without central heating', 'share of households', 'housing', 'Households without central heating.', 3),
  underlying('dist_gp_km', 'Road distance to a GP surgery', 'km', 'access', 'Mean road distance to the nearest GP surgery.', 2),
  underlying('dist_primary_school_km', 'Road distance to a primary school', 'km', 'access', 'Mean road distance to the nearest primary school.', 2),

  count(POP.iod_pop_total, 'IoD population (mid-2015)', 'Mid-2015 population excluding prisoners: the IoD 2019 denominator.', { ...IOD, group: 'population', sourceKey: 'pop_total' }),
  count(POP.iod_pop_0_15, 'IoD children 0-15 (mid-2015)', 'Dependent children aged 0-15, mid-2015: the IDACI denominator.', { ...IOD, group: 'population', sourceKey: 'pop_0_15' }),
  count(POP.iod_pop_60_plus, 'IoD people 60+ (mid-2015)', 'People aged 60 and over, mid-2015: the IDAOPI denominator.', { ...IOD, group: 'population', sourceKey: 'pop_60_plus' }),
  count(POP.iod_pop_working_age, 'IoD working-age population (mid-2015)', 'People aged 18-59/64, mid-2015: the Employment domain denominator.', { ...IOD, group: 'population', sourceKey: 'pop_working_age' }),

  count('census_pop_total', 'Residents (Census 2021)', 'Usual residents.', { ...CENSUS, group: 'population', sourceKey: 'age_total', tile: true }),
  count('census_pop_0_4', 'Children aged 0-4 (Census 2021)', 'Usual residents aged 4 and under: the default demand for Family Hubs.', { ...CENSUS, group: 'children', sourceKey: 'age_0_4', tile: true }),
  count('census_pop_0_19', 'Children and young people 0-19 (Census 2021)', 'Usual residents aged 0-19.', { ...CENSUS, group: 'children', sourceKey: 'age_0_19', tile: true }),
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

  count('fp_households', 'Households (fuel poverty base)', 'Households in the DESNZ 2021 fuel poverty estimates.', { dataset: 'desnz_fuel_poverty', sourceKey: 'households', sourceLevel: 'lsoa21', vintage: '2021 (published 2023)', group: 'fuel-poverty', unit: 'households' }),
  count('fp_fuel_poor', 'Fuel-poor households', 'Households in fuel poverty (Low Income Low Energy Efficiency).', { dataset: 'desnz_fuel_poverty', sourceKey: 'fuel_poor_households', sourceLevel: 'lsoa21', vintage: '2021 (published 2023)', group: 'fuel-poverty', unit: 'households' }),
  {
    id: 'fp_pct', title: 'Fuel poverty', group: 'fuel-poverty', kind: 'rate', unit: '% of households', polarity: 'higher-worse',
    description: 'Share of households in fuel poverty (LILEE). Above LSOA: fuel-poor households / households, from summed counts.',
    dataset: 'desnz_fuel_poverty', sourceKey: 'fuel_poor_pct', sourceLevel: 'lsoa21', vintage: '2021 (published 2023)',
    aggregate: rate('fp_fuel_poor', 'fp_households'), levels: ALL, ...pct, ramp: 'viridis', tile: true,
  },

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
    aggregate: { method: 'weighted-mean', weight: POP.iod_pop_total }, levels: ALL,
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
export const DEFAULT_INDICATOR = 'imd_score'

/** The few figures a plain-words summary of a locality leads with, in order. */
export const HEADLINE_INDICATORS = ['imd_score', 'imd_share_20', 'idaci_score', 'fp_pct', 'census_bad_health_pct', 'no2_2019']
