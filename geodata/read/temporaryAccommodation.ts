import { SourceFormatError } from './errors.js'
import { cellOrWithheld, isWithheld, kinds, type Kind, type Markers } from './statCells.js'
import { columnRef, findHeaderRow, normalizeHeader, openWorkbook, type Sheet } from './workbook.js'

/*
 * MHCLG "Statutory homelessness: detailed local authority-level tables", sheet TA1: households in
 * temporary accommodation (TA) at the END of the quarter (a snapshot, not a flow). Local authority
 * is the finest level. England and regional totals are rounded to the nearest 10 and include
 * MHCLG's estimates for authorities that sent no return; LA rows are unrounded.
 *
 * Header quirk: the header block (rows 2-7) is several merged rows. SheetJS 0.18.5 ignores the
 * repeat count of ODS "covered" (merged-away) cells, so in row 6 every label right of the merged
 * B&B heading lands 3 columns too far left. Data rows are unaffected. So this reader takes
 * columns E-I from row 6 (left of the merge), the accommodation-type columns from row 2 (one
 * label per column: "<type>" and "<type> children"), and checks them against row 7's
 * "Total number of households" / "Total with children".
 */

const MISSING: Markers = { '..': 'no return: MHCLG ".." marks an authority with missing data this quarter' }
const BB_SUPPRESSED: Markers = { ...MISSING, '-': 'suppressed by MHCLG: B&B breakdowns withheld where fewer than 5 households are in B&B' }
// The 2025-12 file has "-" in the out-of-district column for 104 LAs, with no footnote saying why.
const UNEXPLAINED_DASH: Markers = { ...MISSING, '-': 'shown as "-" by MHCLG with no footnote for this column; not available' }

/** Accommodation types, as labelled in header row 2 (footnote digits ignored). */
const TYPES = {
  bed_and_breakfast: 'Bed and breakfast hotels (including shared annexes)',
  nightly_paid_self_contained: 'Nightly paid, privately managed accommodation, self-contained',
  hostels: 'Hostels (including reception centres, emergency units and refuges)',
  private_sector_leased: 'Private sector accommodation leased by authority or by a registered provider',
  la_ha_stock: 'Local authority or Housing association (LA/HA) stock',
  other: 'Any other type of temporary accommodation (including private landlord and not known)',
} as const
export type TaTypeKey = keyof typeof TYPES

/** Row 6 headers of columns E-I. */
const TOTALS = {
  households_in_ta: 'Total number of households in TA',
  households_in_area_000s: 'Number of households in area (000s)',
  ta_per_1000_households: 'Total number of households in TA per (000s)',
  households_with_children_in_ta: 'Total number of households in TA with children',
  children_in_ta: 'Total number of children in TA',
} as const

export interface TaHouseholds {
  households: number | null
  with_children: number | null
}

/** One TA1 row (England, a region or a local authority). Every null has a reason in `withheld`. */
export interface TaRow {
  code: string
  name: string
  households_in_ta: number | null
  /** ONS household projection for the area, thousands (the rate's denominator). */
  households_in_area_000s: number | null
  ta_per_1000_households: number | null
  households_with_children_in_ta: number | null
  children_in_ta: number | null
  by_type: Record<TaTypeKey, TaHouseholds>
  /** May exceed households_in_ta: MHCLG counts "duty owed, no accommodation" placements here too. */
  in_another_la_district: number | null
  /** Owed the main duty but no TA secured ("homeless at home"); not part of households_in_ta. */
  duty_owed_no_accommodation: TaHouseholds
  /** Dotted field path -> reason, e.g. { 'by_type.bed_and_breakfast.with_children': 'suppressed ...' }. */
  withheld: Record<string, string>
}

export interface TaSnapshot {
  /** ISO date of the snapshot, from the table title ("England, 31 December 2025"). */
  snapshotDate: string
  rows: TaRow[]
}

/** Header text as compared here: normalised, lower case, footnote digits after a word removed. */
const label = (v: unknown) => normalizeHeader(v).replace(/([A-Za-z)])\d+(,\d+)*/g, '$1').replace(/\s+/g, ' ').trim().toLowerCase()

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
function snapshotDate(sheet: Sheet): string {
  const m = /(\d{1,2}) ([A-Za-z]+) (\d{4})/.exec(String(sheet.rows[0]?.[0] ?? ''))
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) + 1 : 0
  if (!m || month === 0) throw new SourceFormatError(sheet.file, `sheet "TA1" title has no snapshot date like "31 December 2025"`, 1, columnRef(sheet, 0))
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`
}

function locateColumns(sheet: Sheet) {
  const h6 = findHeaderRow(sheet, (c) => c.some((t) => label(t) === label(TOTALS.households_in_ta)), `"${TOTALS.households_in_ta}"`, 20)
  const h2 = findHeaderRow(sheet, (c) => c.some((t) => label(t) === label(TYPES.bed_and_breakfast)), `"${TYPES.bed_and_breakfast}"`, h6)
  const headers = new Map<number, string>()
  /** Column whose header in `row` is `text`; `sub`, if given, must be the label under it in row 7. */
  const find = (row: number, text: string, sub?: string, display = text) => {
    const col = sheet.rows[row].findIndex((t) => label(t) === label(text))
    if (col < 0) throw new SourceFormatError(sheet.file, `sheet "TA1" has no header "${text}"`, row + 1, JSON.stringify(text))
    headers.set(col, sub ? `${display}: ${sub}` : display)
    if (sub !== undefined && label(sheet.rows[h6 + 1][col]) !== label(sub)) {
      throw new SourceFormatError(sheet.file, `expected "${sub}" under "${text}"`, h6 + 2, columnRef(sheet, col, sheet.rows[h6 + 1][col]))
    }
    return col
  }
  const totals = Object.fromEntries(Object.entries(TOTALS).map(([k, t]) => [k, find(h6, t)])) as Record<keyof typeof TOTALS, number>
  const pair = (t: string) => ({ households: find(h2, t, 'Total number of households'), with_children: find(h2, `${t} children`, 'Total with children', t) })
  const types = Object.fromEntries(Object.entries(TYPES).map(([k, t]) => [k, pair(t)])) as Record<TaTypeKey, Record<keyof TaHouseholds, number>>
  return {
    firstData: h6 + 2, totals, types, headers,
    outOfDistrict: find(h2, 'In TA in another local authority district'),
    dutyOwed: pair('Duty owed, no accommodation secured'),
  }
}

/**
 * Reads every England/region/LA row of sheet TA1 (rows whose column A is a GSS code; the
 * "Rest of England" row, coded "-", is skipped). London appears twice (summary and region
 * block) with the same figures; only the first is kept.
 */
export async function readTaTable1(path: string): Promise<TaSnapshot> {
  const sheet = (await openWorkbook(path, ['TA1'])).get('TA1')!
  const date = snapshotDate(sheet)
  const cols = locateColumns(sheet)
  const rows = new Map<string, TaRow>()
  for (let i = cols.firstData; i < sheet.rows.length; i++) {
    const row = sheet.rows[i]
    const code = normalizeHeader(row[0])
    if (!/^[EW]\d{8}$/.test(code) || rows.has(code)) continue
    const withheld: Record<string, string> = {}
    const num = (path: string, col: number, kind: Kind = kinds.count, markers: Markers = MISSING) => {
      const v = cellOrWithheld(kind, row[col], { file: sheet.file, row: i + 1, column: columnRef(sheet, col, cols.headers.get(col)) }, markers)
      if (!isWithheld(v)) return v as number
      withheld[path] = v.reason
      return null
    }
    const pair = (p: string, c: Record<keyof TaHouseholds, number>, markers = MISSING) => ({ households: num(`${p}.households`, c.households), with_children: num(`${p}.with_children`, c.with_children, kinds.count, markers) })
    const name = normalizeHeader(row[1])
    if (name === '') throw new SourceFormatError(sheet.file, 'area name is blank', i + 1, columnRef(sheet, 1))
    rows.set(code, {
      code, name,
      households_in_ta: num('households_in_ta', cols.totals.households_in_ta),
      households_in_area_000s: num('households_in_area_000s', cols.totals.households_in_area_000s, kinds.nonNegative),
      ta_per_1000_households: num('ta_per_1000_households', cols.totals.ta_per_1000_households, kinds.nonNegative),
      households_with_children_in_ta: num('households_with_children_in_ta', cols.totals.households_with_children_in_ta),
      children_in_ta: num('children_in_ta', cols.totals.children_in_ta),
      by_type: Object.fromEntries(Object.entries(cols.types).map(([k, c]) => [k, pair(`by_type.${k}`, c, k === 'bed_and_breakfast' ? BB_SUPPRESSED : MISSING)])) as TaRow['by_type'],
      in_another_la_district: num('in_another_la_district', cols.outOfDistrict, kinds.count, UNEXPLAINED_DASH),
      duty_owed_no_accommodation: pair('duty_owed_no_accommodation', cols.dutyOwed),
      withheld,
    })
  }
  if (!rows.has('E92000001')) throw new SourceFormatError(path, 'sheet "TA1" has no England row (E92000001): truncated or not a TA1 table', undefined, columnRef(sheet, 0))
  return { snapshotDate: date, rows: [...rows.values()] }
}

/**
 * One local authority's TA snapshot with England and London rows as comparators.
 *
 * @example
 * const ta = await readTemporaryAccommodation(file, { ladCode: 'E09000002' })
 * ta.authority.households_in_ta // 1020 at 2025-12-31
 */
export async function readTemporaryAccommodation(path: string, options: { ladCode: string }) {
  const { snapshotDate, rows } = await readTaTable1(path)
  const authority = rows.find((r) => r.code === options.ladCode)
  if (!authority) throw new SourceFormatError(path, `sheet "TA1" has no row for ${options.ladCode}`, undefined, `'TA1'!A`)
  return {
    snapshotDate,
    authority,
    england: rows.find((r) => r.code === 'E92000001') ?? null,
    london: rows.find((r) => r.code === 'E12000007') ?? null,
  }
}
