import { SourceFormatError } from './errors.js'
import { cell, kinds, type CellAt } from './statCells.js'
import { columnRef, findHeaderRow, headerColumns, isBlankRow, normalizeHeader, openWorkbook, type Sheet } from './workbook.js'

/*
 * DESNZ "Sub-regional fuel poverty 2023 (2021 data)" workbook. Fuel poverty here is the LILEE
 * measure (Low Income Low Energy Efficiency): a household is fuel poor if it lives in a home of
 * EPC band D or below and its residual income after housing and energy costs is below the poverty
 * line. Sub-regional figures are modelled; DESNZ warns LSOA estimates show only broad patterns.
 * Geography codes are those of April 2023. Percentages are kept as published (0-100, unrounded).
 */

export interface FuelPovertyCounts {
  households: number
  fuel_poor_households: number
  /** Proportion of households fuel poor, in percent (0-100). */
  fuel_poor_pct: number
}

export interface FuelPovertyLsoa extends FuelPovertyCounts {
  lsoa21cd: string
  lsoa21nm: string
  ladcd: string
  ladnm: string
  region: string
}

export interface FuelPovertyArea extends FuelPovertyCounts {
  code: string
  name: string
  /**
   * From the GSS code: E92 country, E12 region, E10/E11/E13 groups of authorities (county,
   * metropolitan county, Inner/Outer London), E06-E09 local authority (unitary, district,
   * metropolitan district, London borough). The sheet's indentation (name in column B, C or D)
   * does not say this: unitary authorities sit in column C beside counties.
   */
  level: 'country' | 'region' | 'group' | 'authority'
}

const COUNTS = {
  households: 'Number of households',
  fuel_poor_households: 'Number of households in fuel poverty',
  fuel_poor_pct: 'Proportion of households fuel poor (%)',
} as const

function readCounts(sheet: Sheet, row: unknown[], i: number, cols: Record<keyof typeof COUNTS, number>): FuelPovertyCounts {
  const at = (k: keyof typeof COUNTS): CellAt => ({ file: sheet.file, row: i + 1, column: columnRef(sheet, cols[k], COUNTS[k]) })
  const counts = {
    households: cell(kinds.count, row[cols.households], at('households')),
    fuel_poor_households: cell(kinds.count, row[cols.fuel_poor_households], at('fuel_poor_households')),
    fuel_poor_pct: cell(kinds.percent, row[cols.fuel_poor_pct], at('fuel_poor_pct')),
  }
  if (counts.fuel_poor_households > counts.households) {
    throw new SourceFormatError(sheet.file, 'more fuel-poor households than households', i + 1, columnRef(sheet, cols.fuel_poor_households, COUNTS.fuel_poor_households))
  }
  return counts
}

const LEVELS: Record<string, FuelPovertyArea['level']> = {
  E92: 'country', E12: 'region', E10: 'group', E11: 'group', E13: 'group',
  E06: 'authority', E07: 'authority', E08: 'authority', E09: 'authority',
}
const levelOf = (code: string): FuelPovertyArea['level'] | undefined => LEVELS[code.slice(0, 3)]

/** Data rows after the header, stopping at the "Back to contents" link that ends each table. */
function* dataRows(sheet: Sheet, headerRow: number) {
  for (let i = headerRow + 1; i < sheet.rows.length; i++) {
    const row = sheet.rows[i]
    if (normalizeHeader(row[0]).toLowerCase() === 'back to contents') return
    if (isBlankRow(row)) continue
    // The 2024 (2022 data) workbook ends Tables 2 and 3 with a stray "England" label in a far column
    // and no code: a row with no code and no figure is a label, not a data row with a missing code.
    if (normalizeHeader(row[0]) === '' && !row.some((c) => typeof c === 'number')) continue
    yield [row, i] as const
  }
}

/**
 * Reads Table 3 (LSOA 2021), optionally one local authority's LSOAs (115 for B&D).
 *
 * @example
 * const rows = await readFuelPovertyLsoa(file, { ladCode: 'E09000002' })
 */
export async function readFuelPovertyLsoa(path: string, options: { ladCode?: string } = {}): Promise<FuelPovertyLsoa[]> {
  // one authority's rows: only those are parsed of the 33,755 (see openWorkbook's rowsWith)
  const sheet = (await openWorkbook(path, ['Table 3'], { rowsWith: options.ladCode })).get('Table 3')!
  const headerRow = findHeaderRow(sheet, (c) => c[0].toLowerCase() === 'lsoa code', '"LSOA Code" in column A')
  const ids = { lsoa21cd: 'LSOA Code', lsoa21nm: 'LSOA Name', ladcd: 'LA Code', ladnm: 'LA Name', region: 'Region' } as const
  const cols = headerColumns(sheet, headerRow, { ...ids, ...COUNTS })
  const out: FuelPovertyLsoa[] = []
  for (const [row, i] of dataRows(sheet, headerRow)) {
    const at = (k: keyof typeof ids): CellAt => ({ file: path, row: i + 1, column: columnRef(sheet, cols[k], ids[k]) })
    const r: FuelPovertyLsoa = {
      lsoa21cd: cell(kinds.lsoaCode, row[cols.lsoa21cd], at('lsoa21cd')),
      lsoa21nm: cell(kinds.text, row[cols.lsoa21nm], at('lsoa21nm')),
      ladcd: cell(kinds.ladCode, row[cols.ladcd], at('ladcd')),
      ladnm: cell(kinds.text, row[cols.ladnm], at('ladnm')),
      region: cell(kinds.text, row[cols.region], at('region')),
      ...readCounts(sheet, row, i, cols),
    }
    if (options.ladCode === undefined || r.ladcd === options.ladCode) out.push(r)
  }
  if (out.length === 0) {
    const detail = options.ladCode ? `no LSOA rows for local authority ${options.ladCode}` : 'no LSOA rows under the header'
    throw new SourceFormatError(path, detail, undefined, columnRef(sheet, cols.ladcd, ids.ladcd))
  }
  return out
}

/**
 * Reads Table 2 (England, regions, counties/sub-regions, local authorities), in sheet order.
 * Local authorities follow their region, so each row's region is the last region row above it.
 */
export async function readFuelPovertyAreas(path: string): Promise<(FuelPovertyArea & { regionCode: string | null })[]> {
  const sheet = (await openWorkbook(path, ['Table 2'])).get('Table 2')!
  const headerRow = findHeaderRow(sheet, (c) => c[0].toLowerCase().startsWith('area codes'), '"Area Codes" in column A')
  const cols = headerColumns(sheet, headerRow, COUNTS)
  if (!normalizeHeader(sheet.rows[headerRow][1]).toLowerCase().startsWith('area names')) {
    throw new SourceFormatError(path, 'expected "Area names" (spanning B-D) beside "Area Codes"', headerRow + 1, columnRef(sheet, 1))
  }
  const out: (FuelPovertyArea & { regionCode: string | null })[] = []
  let regionCode: string | null = null
  for (const [row, i] of dataRows(sheet, headerRow)) {
    const at = (c: number): CellAt => ({ file: path, row: i + 1, column: columnRef(sheet, c) })
    const code = cell({ schema: kinds.text.schema.regex(/^[EW]\d{8}$/), expected: 'a GSS area code' }, row[0], at(0))
    const nameCol = [1, 2, 3].find((c) => normalizeHeader(row[c]) !== '')
    if (nameCol === undefined) throw new SourceFormatError(path, 'no area name in columns B-D', i + 1, columnRef(sheet, 1))
    const level = levelOf(code)
    if (!level) throw new SourceFormatError(path, `unexpected area code ${code} (expected E92, E12, E10, E11, E13 or E06-E09)`, i + 1, columnRef(sheet, 0))
    if (level === 'region') regionCode = code
    out.push({ code, name: normalizeHeader(row[nameCol]), level, regionCode: level === 'country' ? null : regionCode, ...readCounts(sheet, row, i, cols) })
  }
  return out
}

/**
 * One local authority's Table 2 row with its region's and England's rows as comparators.
 *
 * @example
 * const { authority, region, england } = await readFuelPovertyAuthority(file, 'E09000002')
 * authority.fuel_poor_pct // 15.278... (11,925 of 78,052 households)
 */
export async function readFuelPovertyAuthority(path: string, ladCode: string) {
  const areas = await readFuelPovertyAreas(path)
  const authority = areas.find((a) => a.code === ladCode && a.level === 'authority')
  if (!authority) throw new SourceFormatError(path, `no local authority row for ${ladCode} in sheet "Table 2"`, undefined, `'Table 2'!A`)
  return {
    authority,
    region: areas.find((a) => a.level === 'region' && a.code === authority.regionCode) ?? null,
    england: areas.find((a) => a.level === 'country' && a.code === 'E92000001') ?? null,
  }
}
