import { SourceFormatError } from './errors.js'
import { cell, intKind, kinds, type CellAt, type Kind } from './statCells.js'
import { columnRef, findHeaderRow, headerColumns, isBlankRow, openWorkbook, type Sheet } from './workbook.js'

/*
 * IoD2019 local authority summaries (MHCLG File 10 measures, as copied by the GLA). How MHCLG
 * builds them (IoD2019 technical report, ch. 3.8), all population-weighted over the LA's LSOAs:
 *  - average rank / average score: mean of LSOA ranks / scores weighted by population;
 *  - proportion of LSOAs in the most deprived 10% nationally (unweighted share of LSOAs);
 *  - extent: share of the population living in the most deprived 30% of LSOAs (sliding weights
 *    from 10% to 30%);
 *  - local concentration: population-weighted average rank of the LA's most deprived LSOAs that
 *    hold 10% of its population;
 *  - scale (Income, Employment only): number of people income / employment deprived.
 * Each has a "rank of" among the 317 LAs of 2019, where 1 is the most deprived.
 */

const LADS_2019 = 317
const ladRank = intKind(1, LADS_2019, `a rank 1-${LADS_2019}`)
const STATS = {
  avg_rank: ['Average rank', { schema: kinds.number.schema, expected: 'an average rank' } as Kind],
  rank_of_avg_rank: ['Rank of average rank', ladRank],
  avg_score: ['Average score', kinds.number],
  rank_of_avg_score: ['Rank of average score', ladRank],
  prop_most_deprived_10pc: ['Proportion of LSOAs in most deprived 10% nationally', kinds.proportion],
  rank_of_prop_most_deprived_10pc: ['Rank of proportion of LSOAs in most deprived 10% nationally', ladRank],
} as const
type Stat = keyof typeof STATS

type Measure = { header: string; kind: Kind }
type Family<P extends string, S extends string = Stat> = Record<`${P}_${S}`, Measure>

function family<P extends string>(key: P, label: string): Family<P> {
  return Object.fromEntries(Object.entries(STATS).map(([stat, [header, kind]]) => [`${key}_${stat}`, { header: `${label} - ${header}`, kind }])) as Family<P>
}
/** Income and Employment also have "Scale": the number of people deprived, and its rank. */
function scaled<P extends string>(key: P, label: string): Family<P, Stat | 'scale' | 'rank_of_scale'> {
  return {
    ...family(key, label),
    [`${key}_scale`]: { header: `${label} - Scale`, kind: kinds.nonNegative },
    [`${key}_rank_of_scale`]: { header: `${label} - Rank of scale`, kind: ladRank },
  } as Family<P, Stat | 'scale' | 'rank_of_scale'>
}

/** Columns per sheet. Header text is matched case-insensitively after trimming (the GLA mixes both). */
const SHEETS = {
  'Borough summary measures': {
    ...family('imd', 'IMD'),
    imd_extent: { header: 'IMD 2019 - Extent', kind: kinds.proportion },
    imd_rank_of_extent: { header: 'IMD 2019 - Rank of extent', kind: ladRank },
    imd_local_concentration: { header: 'IMD 2019 - Local concentration', kind: kinds.number },
    imd_rank_of_local_concentration: { header: 'IMD 2019 - Rank of local concentration', kind: ladRank },
  },
  'Borough domain summaries': {
    ...scaled('income', 'Income'),
    ...scaled('employment', 'Employment'),
    ...family('education', 'Education, Skills and Training'),
    ...family('health', 'Health Deprivation and Disability'),
    ...family('crime', 'Crime'),
    ...family('barriers', 'Barriers to Housing and Services'),
    ...family('living_env', 'Living Environment'),
  },
  'Borough IDACI IDAOPI': { ...family('idaci', 'IDACI'), ...family('idaopi', 'IDAOPI') },
}
type SheetName = keyof typeof SHEETS
export type IodBoroughKey = { [S in SheetName]: keyof (typeof SHEETS)[S] }[SheetName]

/** One local authority's IoD2019 summary measures (no suppression in these sheets). */
export interface IodBoroughRow {
  ladcd: string
  ladnm: string
  values: Record<IodBoroughKey, number>
}

const CODE = 'Local Authority District code (2019)'
const NAME = 'Local Authority District name (2019)'

function readSheet(sheet: Sheet, measures: Record<string, Measure>) {
  const headerRow = findHeaderRow(sheet, (cells) => cells[0]?.toLowerCase() === CODE.toLowerCase(), `"${CODE}" in column A`)
  const wanted: Record<string, string> = { code: CODE, name: NAME, ...Object.fromEntries(Object.entries(measures).map(([k, m]) => [k, m.header])) }
  const cols = headerColumns(sheet, headerRow, wanted)
  const out = new Map<string, IodBoroughRow & { row: number }>()
  // The sheets' used range runs to row 4,836 (copied from the LSOA sheets); only 33 rows hold data.
  for (let i = headerRow + 1; i < sheet.rows.length; i++) {
    const row = sheet.rows[i]
    if (isBlankRow(Object.values(cols).map((c) => row[c]))) continue
    const at = (key: string): CellAt => ({ file: sheet.file, row: i + 1, column: columnRef(sheet, cols[key], wanted[key]) })
    const ladcd = cell(kinds.ladCode, row[cols.code], at('code'))
    const values = Object.fromEntries(Object.entries(measures).map(([k, m]) => [k, cell(m.kind, row[cols[k]], at(k)) as number]))
    if (out.has(ladcd)) throw new SourceFormatError(sheet.file, `local authority ${ladcd} appears twice in sheet "${sheet.name}"`, i + 1, columnRef(sheet, cols.code))
    out.set(ladcd, { ladcd, ladnm: cell(kinds.text, row[cols.name], at('name')), values: values as IodBoroughRow['values'], row: i + 1 })
  }
  if (out.size === 0) throw new SourceFormatError(sheet.file, `sheet "${sheet.name}" has a header but no local authority rows`, headerRow + 2)
  return out
}

/**
 * Reads the three borough summary sheets of the GLA workbook, joined on the LA code.
 *
 * @example
 * const [bd] = await readIodGlaBoroughSummaries(file, { ladCode: 'E09000002' })
 * bd.values.imd_avg_score // 32.768 (rank of average score 21 of 317)
 */
export async function readIodGlaBoroughSummaries(path: string, options: { ladCode?: string } = {}): Promise<IodBoroughRow[]> {
  const names = Object.keys(SHEETS) as SheetName[]
  const book = await openWorkbook(path, names)
  const [base, ...others] = names.map((n) => readSheet(book.get(n)!, SHEETS[n]))
  others.forEach((rows, n) => {
    for (const code of new Set([...base.keys(), ...rows.keys()])) {
      if (!base.has(code) || !rows.has(code)) {
        throw new SourceFormatError(path, `local authority ${code} is in only one of sheets "${names[0]}" and "${names[n + 1]}"`)
      }
    }
  })
  const out = [...base.values()].map(({ row: _row, ...r }) => {
    for (const rows of others) Object.assign(r.values, rows.get(r.ladcd)!.values)
    return r
  })
  if (options.ladCode === undefined) return out
  const kept = out.filter((r) => r.ladcd === options.ladCode)
  if (kept.length === 0) throw new SourceFormatError(path, `no rows for local authority ${options.ladCode}`, undefined, `'${names[0]}'!A "${CODE}"`)
  return kept
}
