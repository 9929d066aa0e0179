/**
 * The indicator catalogue: one descriptor per indicator. Routes, tiles, legends, exports and the
 * importers all read it. Builders below keep families (IoD domains, pollutants) consistent.
 */
import { ALL, CENSUS, CONTINUOUS, count, editionChange, editionOf, fuelPoverty, IOD19, IOD2019, IOD2025, iodFamily, iodIndices, pct, pollutant, rate, underlying } from './indicatorBuilders'
import type { IndicatorDescriptor } from './types'

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
