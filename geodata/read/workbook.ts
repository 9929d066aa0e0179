import { readFile } from 'node:fs/promises'
import * as XLSX from '@e965/xlsx'
import { SourceFormatError } from './errors.js'

/** One worksheet as a grid of raw cell values (numbers stay numbers), plus where it came from. */
export interface Sheet {
  file: string
  name: string
  /** rows[i][c] is the cell at spreadsheet row i + 1, column c (0 = A); blanks are null. */
  rows: unknown[][]
}

/**
 * Opens a .xlsx or .ods workbook (SheetJS). Only `sheets` are parsed, which keeps the 42 MB
 * content.xml of the MHCLG .ods files and the 4,835-row GLA sheets quick to read.
 * An empty, truncated or non-spreadsheet file becomes one SourceFormatError.
 */
export async function openWorkbook(file: string, sheets: readonly string[]): Promise<Map<string, Sheet>> {
  const buffer = await readFile(file)
  if (buffer.length === 0) throw new SourceFormatError(file, 'file is empty')
  let wb: XLSX.WorkBook
  try {
    wb = XLSX.read(buffer, { type: 'buffer', sheets: [...sheets], cellText: false, cellDates: false })
  } catch (err) {
    throw new SourceFormatError(file, `not a readable .xlsx/.ods workbook (truncated?): ${(err as Error).message}`)
  }
  // A zip that is not a workbook, or a text file, can come back as a one-sheet "Sheet1" book.
  const found = new Map<string, Sheet>()
  for (const name of sheets) {
    const ws = wb.Sheets[name]
    if (!ws) {
      throw new SourceFormatError(file, `no sheet "${name}" (sheets: ${wb.SheetNames.map((n) => `"${n}"`).join(', ')})`)
    }
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true })
    found.set(name, { file, name, rows })
  }
  return found
}

/** Spreadsheet-style column reference for errors: `'IMD 2019'!E "Index of ... Score"`. */
export function columnRef(sheet: Sheet, col: number, header?: unknown): string {
  const label = header === undefined || header === null ? '' : ` ${JSON.stringify(String(header).trim())}`
  return `'${sheet.name}'!${XLSX.utils.encode_col(col)}${label}`
}

/** Header text as compared by the readers: trimmed, inner whitespace/newlines collapsed. */
export function normalizeHeader(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : ''
}

/**
 * Finds the header row by its cell text (never by a fixed row number: publishers add title
 * rows). Returns the 0-based row index of the first row within `scan` rows where `isHeader`
 * holds, or throws naming the sheet.
 */
export function findHeaderRow(sheet: Sheet, isHeader: (cells: string[]) => boolean, what: string, scan = 30): number {
  for (let i = 0; i < Math.min(scan, sheet.rows.length); i++) {
    if (isHeader(sheet.rows[i].map(normalizeHeader))) return i
  }
  if (sheet.rows.length === 0) throw new SourceFormatError(sheet.file, `sheet "${sheet.name}" is empty`)
  throw new SourceFormatError(sheet.file, `sheet "${sheet.name}": no header row (${what}) in the first ${scan} rows`)
}

/**
 * Maps each wanted header (exact text after normalizeHeader, case-insensitive) to its column
 * index in `headerRow`. All missing headers are named in one error.
 */
export function headerColumns<K extends string>(
  sheet: Sheet,
  headerRow: number,
  wanted: Readonly<Record<K, string>>,
): Record<K, number> {
  const cells = sheet.rows[headerRow].map((c) => normalizeHeader(c).toLowerCase())
  const out = {} as Record<K, number>
  const missing: string[] = []
  for (const key of Object.keys(wanted) as K[]) {
    const col = cells.indexOf(normalizeHeader(wanted[key]).toLowerCase())
    if (col < 0) missing.push(`"${wanted[key]}"`)
    else out[key] = col
  }
  if (missing.length > 0) {
    throw new SourceFormatError(
      sheet.file,
      `sheet "${sheet.name}" is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      headerRow + 1,
      missing.join(', '),
    )
  }
  return out
}

/** True when every cell of a row is blank. */
export function isBlankRow(row: unknown[] | undefined): boolean {
  return !row || row.every((v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))
}
