import { z } from 'zod'
import { readCsv, type CsvTable } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, intKind, kinds, type Kind } from './statCells.js'

/**
 * The English Indices of Deprivation 2025 (MHCLG, 30 Oct 2025), native on LSOA 2021, as written by
 * the humaniverse/IMD R package (File 7 scores, ranks and deciles; File 8 underlying indicators)
 * and File 10 local-authority summaries. Columns are the package's names (PROVENANCE §13), mapped
 * here to the same measure keys as the 2019 readers, so the catalogue describes both editions alike.
 * Ranks run 1..33,755 (1 = most deprived LSOA 2021 in England).
 */
export const LSOAS_IN_ENGLAND_2025 = 33_755
const rank = intKind(1, LSOAS_IN_ENGLAND_2025, `a rank 1-${LSOAS_IN_ENGLAND_2025}`)

/** measure key prefix -> the package's column prefix in the File 7 extracts */
const INDICES = {
  imd: 'IMD', income: 'Income', employment: 'Employment', education: 'Education', health: 'Health', crime: 'Crime',
  barriers: 'Housing_and_Services', living_env: 'Environment',
} as const
const SUBDOMAINS = {
  cyp: 'children_and_young_people', adult_skills: 'adult_skills', geographical_barriers: 'geographical_barriers',
  wider_barriers: 'wider_barriers', indoors: 'indoors', outdoors: 'outdoors',
} as const
/**
 * File 8 publishes an indicator as "NA" where MHCLG suppressed it (small numerators; 1,386 rows of
 * the England file, none in B&D): read as a missing value, never as 0.
 */
const orNA = (kind: Kind): Kind => ({
  schema: z.string().transform((s, ctx) => {
    if (s.trim() === 'NA') return null
    const r = kind.schema.safeParse(s)
    if (r.success) return r.data
    ctx.addIssue({ code: 'custom', message: kind.expected })
    return z.NEVER
  }),
  expected: `${kind.expected} or NA (suppressed)`,
})

/** File 8 underlying indicators kept, measure key -> column (janitor-cleaned names). */
const UNDERLYING: Record<string, [string, Kind]> = {
  income_numerator: ['income_domain_numerator', kinds.count],
  employment_numerator: ['employment_domain_numerator', kinds.count],
  idaci_numerator: ['income_deprivation_affecting_children_index_idaci_numerator', kinds.count],
  idaopi_numerator: ['income_deprivation_affecting_older_people_index_idaopi_numerator', kinds.count],
  years_potential_life_lost: ['years_of_potential_life_lost_indicator', kinds.number],
  illness_disability_ratio: ['comparative_illness_and_disability_ratio_indicator', kinds.number],
  mental_health: ['mental_health_indicator', kinds.number],
  acute_morbidity: ['acute_morbidity_indicator', kinds.number],
  overcrowding: ['household_overcrowding_indicator_rooms', kinds.number],
  homelessness_per_1000: ['homelessness_indicator_rate_per_1_000_households', kinds.nonNegative],
  core_homelessness_pct: ['core_homelessness_rate_percent_of_households', kinds.nonNegative],
  housing_affordability: ['housing_affordability_indicator', kinds.number],
  patient_gp_ratio: ['patient_to_gp_ratio', kinds.nonNegative],
  digital_connectivity: ['digital_connectivity_broadband_download_and_upload_speeds', kinds.number],
}

export interface Iod2025Row {
  lsoa21cd: string
  /** null only where the publisher suppressed the value (File 8 numerators "NA") */
  values: Record<string, number | null>
}

function columnsOf(kind: 'indices' | 'subdomains' | 'indicators'): Array<[string, string, Kind]> {
  if (kind === 'indicators') return Object.entries(UNDERLYING).map(([key, [col, k]]) => [key, col, orNA(k)])
  const families: Record<string, string> = kind === 'indices' ? INDICES : SUBDOMAINS
  return Object.entries(families).flatMap(([key, col]): Array<[string, string, Kind]> => [
    [`${key}_score`, `${col}_score`, kinds.number],
    [`${key}_rank`, `${col}_rank`, rank],
    [`${key}_decile`, `${col}_decile`, kinds.decile],
  ])
}

function kindOf(table: CsvTable): 'indices' | 'subdomains' | 'indicators' {
  if (table.columns.includes('IMD_score')) return 'indices'
  if (table.columns.includes('children_and_young_people_score')) return 'subdomains'
  if (table.columns.includes('income_domain_numerator')) return 'indicators'
  throw new SourceFormatError(table.file, 'not an IoD 2025 LSOA file this reader knows (expected IMD_score, children_and_young_people_score or income_domain_numerator)')
}

/**
 * Reads one IoD 2025 LSOA file (indices, sub-domains or underlying indicators, told apart by their
 * columns), optionally keeping only `lsoaCodes`. Every kept cell is checked; a blank is an error.
 *
 * @example
 * (await readIod2025Lsoa('bd_imd2025_lsoa21.csv')).find((r) => r.lsoa21cd === 'E01000061')!.values.imd_score // 55.406
 */
export async function readIod2025Lsoa(file: string, options: { lsoaCodes?: Set<string> } = {}): Promise<Iod2025Row[]> {
  const codeCol = 'lsoa21_code'
  const probe = await readCsv(file, { required: [codeCol] })
  const cols = columnsOf(kindOf(probe))
  const missing = cols.filter(([, c]) => !probe.columns.includes(c)).map(([, c]) => c)
  if (missing.length) throw new SourceFormatError(file, `missing column(s) ${missing.join(', ')}`)
  const seen = new Set<string>()
  const out: Iod2025Row[] = []
  for (const rec of probe.records) {
    const code = cell(kinds.lsoaCode, rec.values[codeCol], { file, row: rec.row, column: codeCol })
    if (options.lsoaCodes && !options.lsoaCodes.has(code)) continue
    if (seen.has(code)) throw new SourceFormatError(file, `LSOA ${code} appears twice`, rec.row, codeCol)
    seen.add(code)
    const values: Record<string, number | null> = {}
    for (const [key, col, k] of cols) values[key] = cell(k, rec.values[col], { file, row: rec.row, column: col }) as number | null
    out.push({ lsoa21cd: code, values })
  }
  return out
}

/** One local authority district's File 10 summary of one index or domain. */
export interface LadSummaryRow {
  ladCode: string
  ladName: string
  /** measure key prefix: imd, income, employment, education, health, crime, barriers, living_env, idaci, idaopi */
  domain: string
  averageRank: number
  rankOfAverageRank: number
  averageScore: number
  rankOfAverageScore: number
  /** proportion (0-1) of the LAD's LSOAs in England's most deprived 10% */
  share10: number
  rankOfShare10: number
  /** income and employment only, wide layout only: the number of deprived people (File 10 "scale"; employment's is fractional) */
  scale: number | null
}

/** File 10 column prefixes (humaniverse names) per measure key. */
const LAD_DOMAINS: Record<string, string> = {
  imd: 'imd', income: 'income', employment: 'employment', education: 'education_skills_and_training',
  health: 'health_deprivation_and_disability', crime: 'crime', barriers: 'barriers_to_housing_and_services', living_env: 'living_environment',
}
/** File 10 index_domain names (Trafford Data Lab tidy extract) per measure key. */
const TIDY_DOMAINS: Record<string, string> = {
  'Index of Multiple Deprivation': 'imd', 'Income Deprivation': 'income', 'Employment Deprivation': 'employment',
  'Education, Skills and Training Deprivation': 'education', 'Health Deprivation and Disability': 'health', Crime: 'crime',
  'Barriers to Housing and Services': 'barriers', 'Living Environment Deprivation': 'living_env',
  'Income Deprivation Affecting Children': 'idaci', 'Income Deprivation Affecting Older People': 'idaopi',
}
const LADS_2024 = 296
const ladRank = intKind(1, LADS_2024, `a rank 1-${LADS_2024}`)

/**
 * Reads File 10 (local authority district summaries, 296 LADs as at 2024) in either layout: the
 * humaniverse wide table (all LADs, IMD and the 7 domains) or the Trafford tidy extract (one row
 * per LAD and index, including IDACI and IDAOPI). Ranks: 1 = most deprived.
 */
export async function readIod2025LadSummary(file: string): Promise<LadSummaryRow[]> {
  const t = await readCsv(file)
  const out: LadSummaryRow[] = []
  const num = (rec: (typeof t.records)[number], col: string, k: Kind = kinds.number) => cell(k, rec.values[col], { file, row: rec.row, column: col }) as number
  if (t.columns.includes('ltla24_code')) {
    for (const rec of t.records) {
      const ladCode = cell(kinds.ladCode, rec.values.ltla24_code, { file, row: rec.row, column: 'ltla24_code' })
      for (const [domain, p] of Object.entries(LAD_DOMAINS)) {
        out.push({
          ladCode, ladName: rec.values.ltla24_name, domain,
          averageRank: num(rec, `${p}_average_rank`), rankOfAverageRank: num(rec, `${p}_rank_of_average_rank`, ladRank),
          averageScore: num(rec, `${p}_average_score`), rankOfAverageScore: num(rec, `${p}_rank_of_average_score`, ladRank),
          share10: num(rec, `${p}_proportion_of_lso_as_in_most_deprived_10_percent_nationally`, kinds.proportion),
          rankOfShare10: num(rec, `${p}_rank_of_proportion_of_lso_as_in_most_deprived_10_percent_nationally`, ladRank),
          scale: t.columns.includes(`${p}_scale`) ? num(rec, `${p}_scale`, kinds.nonNegative) : null,
        })
      }
    }
  } else if (t.columns.includes('index_domain')) {
    for (const rec of t.records) {
      const domain = TIDY_DOMAINS[rec.values.index_domain]
      if (!domain) throw new SourceFormatError(file, `unknown index_domain ${JSON.stringify(rec.values.index_domain)}`, rec.row, 'index_domain')
      out.push({
        ladCode: cell(kinds.ladCode, rec.values.area_code, { file, row: rec.row, column: 'area_code' }), ladName: rec.values.area_name, domain,
        averageRank: num(rec, 'average_rank'), rankOfAverageRank: num(rec, 'rank_average_rank', ladRank),
        averageScore: num(rec, 'average_score'), rankOfAverageScore: num(rec, 'rank_average_score', ladRank),
        share10: num(rec, 'proportion_bottom_decile', kinds.proportion), rankOfShare10: num(rec, 'rank_proportion_bottom_decile', ladRank),
        scale: null,
      })
    }
  } else {
    throw new SourceFormatError(file, 'not a File 10 summary this reader knows (expected ltla24_code or index_domain columns)')
  }
  return out
}
