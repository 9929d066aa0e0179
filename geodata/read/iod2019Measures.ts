import { intKind, kinds, type Kind, type Markers } from './statCells.js'

/**
 * The English Indices of Deprivation 2019 measures, keyed by stable snake_case names, with the
 * exact MHCLG column header text. The GLA "ID 2019 for London" workbook and the national File 7
 * CSV use the same header text, so both readers share this table. Ranks run 1..32,844 (1 = most
 * deprived LSOA in England); deciles 1..10 (1 = most deprived 10%).
 */
export interface IodMeasure {
  header: string
  kind: Kind
  /** GLA workbook sheet that holds the column. */
  sheet: 'IMD 2019' | 'IDACI and IDAOPI' | 'Sub domains' | 'Population figures' | 'Underlying indicators'
  /** Blank cells the publisher withholds on purpose, with the reason (otherwise blank = error). */
  markers?: Markers
}

const LSOAS_IN_ENGLAND = 32_844
const iodRank = intKind(1, LSOAS_IN_ENGLAND, `a rank 1-${LSOAS_IN_ENGLAND}`)
const RANK = ' Rank (where 1 is most deprived)'
const DECILE = ' Decile (where 1 is most deprived 10% of LSOAs)'

/** score/rank/decile triple for one index, domain or sub-domain. */
function triple<P extends string>(key: P, label: string, scoreHeader: string, sheet: IodMeasure['sheet']) {
  return {
    [`${key}_score`]: { header: scoreHeader, kind: kinds.number, sheet },
    [`${key}_rank`]: { header: label + RANK, kind: iodRank, sheet },
    [`${key}_decile`]: { header: label + DECILE, kind: kinds.decile, sheet },
  } as unknown as Record<`${P}_score` | `${P}_rank` | `${P}_decile`, IodMeasure>
}

/** Measures present in both the GLA workbook and File 7. */
export const IOD_CORE_MEASURES = {
  ...triple('imd', 'Index of Multiple Deprivation (IMD)', 'Index of Multiple Deprivation (IMD) Score', 'IMD 2019'),
  // Income and Employment scores are rates (share of the population income/employment deprived).
  ...triple('income', 'Income', 'Income Score (rate)', 'IMD 2019'),
  ...triple('employment', 'Employment', 'Employment Score (rate)', 'IMD 2019'),
  ...triple('education', 'Education, Skills and Training', 'Education, Skills and Training Score', 'IMD 2019'),
  ...triple('health', 'Health Deprivation and Disability', 'Health Deprivation and Disability Score', 'IMD 2019'),
  ...triple('crime', 'Crime', 'Crime Score', 'IMD 2019'),
  ...triple('barriers', 'Barriers to Housing and Services', 'Barriers to Housing and Services Score', 'IMD 2019'),
  ...triple('living_env', 'Living Environment', 'Living Environment Score', 'IMD 2019'),
  ...triple('idaci', 'Income Deprivation Affecting Children Index (IDACI)', 'Income Deprivation Affecting Children Index (IDACI) Score (rate)', 'IDACI and IDAOPI'),
  ...triple('idaopi', 'Income Deprivation Affecting Older People (IDAOPI)', 'Income Deprivation Affecting Older People (IDAOPI) Score (rate)', 'IDACI and IDAOPI'),
  ...triple('cyp', 'Children and Young People Sub-domain', 'Children and Young People Sub-domain Score', 'Sub domains'),
  ...triple('adult_skills', 'Adult Skills Sub-domain', 'Adult Skills Sub-domain Score', 'Sub domains'),
  ...triple('geographical_barriers', 'Geographical Barriers Sub-domain', 'Geographical Barriers Sub-domain Score', 'Sub domains'),
  ...triple('wider_barriers', 'Wider Barriers Sub-domain', 'Wider Barriers Sub-domain Score', 'Sub domains'),
  ...triple('indoors', 'Indoors Sub-domain', 'Indoors Sub-domain Score', 'Sub domains'),
  ...triple('outdoors', 'Outdoors Sub-domain', 'Outdoors Sub-domain Score', 'Sub domains'),
  // Denominators: mid-2015 "population at risk" (prisoners removed). Working age (women 18-59,
  // men 18-64) is a 0.75 x mid-2015 + 0.25 x mid-2016 blend, matching the Employment numerator.
  pop_total: { header: 'Total population: mid 2015 (excluding prisoners)', kind: kinds.count, sheet: 'Population figures' },
  pop_0_15: { header: 'Dependent Children aged 0-15: mid 2015 (excluding prisoners)', kind: kinds.count, sheet: 'Population figures' },
  pop_16_59: { header: 'Population aged 16-59: mid 2015 (excluding prisoners)', kind: kinds.count, sheet: 'Population figures' },
  pop_60_plus: { header: 'Older population aged 60 and over: mid 2015 (excluding prisoners)', kind: kinds.count, sheet: 'Population figures' },
  pop_working_age: { header: 'Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)', kind: kinds.count, sheet: 'Population figures' },
} satisfies Record<string, IodMeasure>

// IoD2019 technical report: numerators are rounded to the nearest 5 and counts under 10 are
// withheld at the data supplier's request; the GLA sheet leaves those cells blank.
const UNDER_10: Markers = { '': 'withheld by the data supplier: count under 10 (IoD2019 disclosure control)' }
const ui = (header: string, kind: Kind = kinds.number, markers?: Markers): IodMeasure => ({ header, kind, sheet: 'Underlying indicators', markers })

/** Underlying indicators: only in the GLA workbook (File 7 does not carry them). */
export const IOD_UNDERLYING_MEASURES = {
  income_numerator: ui('Income Domain numerator', kinds.count, UNDER_10),
  idaci_numerator: ui('Income Deprivation Affecting Children Index (IDACI) numerator', kinds.count, UNDER_10),
  idaopi_numerator: ui('Income Deprivation Affecting Older People Index (IDAOPI) numerator', kinds.count, UNDER_10),
  employment_numerator: ui('Employment Domain numerator', kinds.count, UNDER_10),
  staying_on_post16: ui('Staying on in education post 16 indicator'),
  entry_to_he: ui('Entry to higher education indicator', kinds.number, { '': 'withheld by HESA: population at risk below 23' }),
  adult_skills_english: ui('Adult skills and English language proficiency indicator'),
  years_potential_life_lost: ui('Years of potential life lost indicator'),
  illness_disability_ratio: ui('Comparative illness and disability ratio indicator'),
  acute_morbidity: ui('Acute morbidity indicator'),
  mood_anxiety: ui('Mood and anxiety disorders indicator'),
  dist_post_office_km: ui('Road distance to a post office indicator (km)', kinds.nonNegative),
  dist_primary_school_km: ui('Road distance to a primary school indicator (km)', kinds.nonNegative),
  dist_general_store_km: ui('Road distance to general store or supermarket indicator (km)', kinds.nonNegative),
  dist_gp_km: ui('Road distance to a GP surgery indicator (km)', kinds.nonNegative),
  overcrowding: ui('Household overcrowding indicator'),
  homelessness_per_1000: ui('Homelessness indicator (rate per 1000 households)'),
  owner_occupation_affordability: ui('Owner-occupation affordability (component of housing affordability indicator)'),
  private_rental_affordability: ui('Private rental affordability (component of housing affordability indicator)'),
  housing_affordability: ui('Housing affordability indicator'),
  housing_poor_condition: ui('Housing in poor condition indicator'),
  no_central_heating: ui('Houses without central heating indicator'),
  road_traffic_accidents: ui('Road traffic accidents indicator'),
  air_no2: ui('Nitrogen dioxide (component of air quality indicator)'),
  air_benzene: ui('Benzene (component of air quality indicator)'),
  air_so2: ui('Sulphur dioxide (component of air quality indicator)'),
  air_particulates: ui('Particulates (component of air quality indicator)'),
  air_quality: ui('Air quality indicator'),
} satisfies Record<string, IodMeasure>

export type IodCoreKey = keyof typeof IOD_CORE_MEASURES
export type IodUnderlyingKey = keyof typeof IOD_UNDERLYING_MEASURES
export type IodMeasureKey = IodCoreKey | IodUnderlyingKey

export const IOD_CORE_KEYS = Object.keys(IOD_CORE_MEASURES) as IodCoreKey[]
