import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, cellOrWithheld, isWithheld, kinds, type Markers } from './statCells.js'

/*
 * A council-held extract of households in temporary accommodation by small area, for finer
 * detail than MHCLG's LA-level TA1. Expected columns: `area_code` (LSOA 2021 "E01..." or ward
 * 2022 "E05..."), `households_in_ta` (whole number) and optionally `period` (free text such as
 * "2025-12-31" or "2025 Q4"). Extra columns are ignored.
 */

export interface LocalTaRow {
  area_code: string
  /** From the code prefix: E01 -> LSOA (taken to be 2021 LSOAs), E05 -> ward (2022). */
  area_type: 'lsoa21' | 'ward22'
  households_in_ta: number | null
  /** Why households_in_ta is null (suppressed small count, blank...). */
  withheld?: string
  period: string | null
}

// Statistical-disclosure markers (GSS conventions). A bare "-" is refused: councils use it for
// both "nil" and "suppressed", so the file must say which.
const MARKERS: Markers = {
  '': 'blank in the source file',
  '[c]': 'suppressed in the source file ([c] = confidential, small count)',
  '[x]': 'not available in the source file ([x])',
  '..': 'not available in the source file (..)',
}

const AREA_CODE = { schema: kinds.text.schema.regex(/^E0[15]\d{6}$/), expected: 'an LSOA 2021 (E01...) or ward 2022 (E05...) code' }

/**
 * @example
 * const rows = await readLocalTaCsv('council/ta_by_lsoa_2025q4.csv')
 * // [{ area_code: 'E01000027', area_type: 'lsoa21', households_in_ta: 12, period: '2025 Q4' }, ...]
 */
export async function readLocalTaCsv(path: string): Promise<LocalTaRow[]> {
  const table = await readCsv(path, { required: ['area_code', 'households_in_ta'] })
  const hasPeriod = table.columns.includes('period')
  const seen = new Map<string, number>()
  return table.records.map((rec) => {
    const at = (column: string) => ({ file: path, row: rec.row, column })
    const area_code = cell(AREA_CODE, rec.values.area_code, at('area_code'))
    const n = cellOrWithheld(kinds.count, rec.values.households_in_ta, at('households_in_ta'), MARKERS)
    const period = hasPeriod && rec.values.period.trim() !== '' ? rec.values.period.trim() : null
    const key = `${area_code}|${period ?? ''}`
    if (seen.has(key)) {
      throw new SourceFormatError(path, `${area_code}${period ? ` (${period})` : ''} repeats row ${seen.get(key)}`, rec.row, 'area_code')
    }
    seen.set(key, rec.row)
    const row: LocalTaRow = {
      area_code,
      area_type: area_code.startsWith('E01') ? 'lsoa21' : 'ward22',
      households_in_ta: isWithheld(n) ? null : n,
      period,
    }
    if (isWithheld(n)) row.withheld = n.reason
    return row
  })
}
