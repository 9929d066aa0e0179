import { readFile } from 'node:fs/promises'
import * as XLSX from '@e965/xlsx'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { SourceFormatError } from './errors.js'

/** One worksheet as a grid of raw cell values (numbers stay numbers), plus where it came from. */
export interface Sheet {
  file: string
  name: string
  /** rows[i][c] is the cell at spreadsheet row i + 1, column c (0 = A); blanks are null. */
  rows: unknown[][]
}

/** Rows a reader looks through for its title block and header row (findHeaderRow's default). */
export const HEADER_SCAN_ROWS = 30

export interface WorkbookOptions {
  /**
   * Parse only the rows with a cell holding exactly this text (a local authority's code), and the
   * first HEADER_SCAN_ROWS rows where the title and header are. A reader that wants one
   * authority's rows then parses ~150 rows of a 33,755-row LSOA table (DESNZ Table 3: 1.0 s to
   * 0.2 s here); it still filters the rows itself, as the kept set may hold a few more (a number
   * that equals the text's shared-string index). Rows keep their numbers, so errors name the same
   * spreadsheet rows. For .xlsx only: an .ods, or an .xlsx not laid out as expected, is read whole.
   */
  rowsWith?: string
}

/**
 * Opens a .xlsx or .ods workbook (SheetJS). Only `sheets` are parsed, which keeps the 42 MB
 * content.xml of the MHCLG .ods files and the 4,835-row GLA sheets quick to read: SheetJS honours
 * `sheets` for .xlsx but parses every table of an .ods, so an .ods is first cut down to the wanted
 * tables (see odsWithOnly). Sheets are read dense (SheetJS's faster layout) and padded back to full
 * rows, so every row has a cell per column as the readers expect.
 * An empty, truncated or non-spreadsheet file becomes one SourceFormatError.
 */
export async function openWorkbook(file: string, sheets: readonly string[], options: WorkbookOptions = {}): Promise<Map<string, Sheet>> {
  const buffer = await readFile(file)
  if (buffer.length === 0) throw new SourceFormatError(file, 'file is empty')
  let wb: XLSX.WorkBook
  let names: string[] | undefined
  try {
    const ods = isOds(buffer) ? odsWithOnly(buffer, sheets) : undefined
    names = ods?.names
    const cut = !ods && options.rowsWith !== undefined ? xlsxRowsWith(buffer, sheets, options.rowsWith) : undefined
    wb = XLSX.read(ods?.zip ?? cut ?? buffer, { type: 'buffer', sheets: [...sheets], cellText: false, cellDates: false, dense: true })
  } catch (err) {
    throw new SourceFormatError(file, `not a readable .xlsx/.ods workbook (truncated?): ${(err as Error).message}`)
  }
  // A zip that is not a workbook, or a text file, can come back as a one-sheet "Sheet1" book.
  const found = new Map<string, Sheet>()
  for (const name of sheets) {
    const ws = wb.Sheets[name]
    if (!ws) {
      throw new SourceFormatError(file, `no sheet "${name}" (sheets: ${(names ?? wb.SheetNames).map((n) => `"${n}"`).join(', ')})`)
    }
    found.set(name, { file, name, rows: fullRows(ws) })
  }
  return found
}

/** The sheet as rows of raw values, each padded with nulls to the sheet's width (blank rows too). */
function fullRows(ws: XLSX.WorkSheet): unknown[][] {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null, blankrows: true })
  const ref = ws['!ref']
  if (!ref) return rows
  const { s, e } = XLSX.utils.decode_range(ref)
  const width = e.c - s.c + 1
  for (const row of rows) while (row.length < width) row.push(null)
  return rows
}

function isOds(buffer: Buffer): boolean {
  // An OpenDocument zip starts with its uncompressed "mimetype" entry (ODF 1.2 part 3, 3.3).
  return buffer.subarray(30, 38).toString('latin1') === 'mimetype' && buffer.subarray(38, 84).toString('latin1').startsWith('application/vnd.oasis.opendocument.spreadsheet')
}

const TABLE_START = /<table:table\b[^>]*?\btable:name="([^"]*)"/g
const TABLE_END = '</table:table>'

/**
 * The .ods rebuilt with only the wanted tables in its content.xml (everything around the tables,
 * styles included, kept as it was), and the names of all its tables for error messages. Returns
 * undefined (parse the file as it is) when the tables are not laid out as expected.
 */
function odsWithOnly(buffer: Buffer, sheets: readonly string[]): { zip: Uint8Array; names: string[] } | undefined {
  const keep = new Set(['mimetype', 'META-INF/manifest.xml', 'styles.xml', 'content.xml'])
  const entries = unzipSync(buffer, { filter: (f) => keep.has(f.name) })
  if (!entries['content.xml']) return undefined
  const content = strFromU8(entries['content.xml'])
  const tables: Array<{ name: string; start: number; end: number }> = []
  for (const m of content.matchAll(TABLE_START)) {
    const end = content.indexOf(TABLE_END, m.index)
    if (end < 0) return undefined
    tables.push({ name: decodeXml(m[1]), start: m.index, end: end + TABLE_END.length })
  }
  // Tables are siblings in a spreadsheet body; a table inside another would break the slicing.
  if (tables.length === 0 || tables.some((t, i) => i > 0 && t.start < tables[i - 1].end)) return undefined
  const wanted = new Set(sheets.map((n) => n.toLowerCase()))
  const body = tables.filter((t) => wanted.has(t.name.toLowerCase())).map((t) => content.slice(t.start, t.end)).join('')
  const sliced = content.slice(0, tables[0].start) + body + content.slice(tables.at(-1)!.end)
  return { zip: zipSync({ ...entries, 'content.xml': strToU8(sliced) }, { level: 0 }), names: tables.map((t) => t.name) }
}

const ROW = /<row\b([^>]*?)(?:\/>|>[\s\S]*?<\/row>)/g
const XML_ATTR = (name: string) => new RegExp(`\\b${name}="([^"]*)"`)
const ROW_NUMBER = XML_ATTR('r')

/**
 * The .xlsx rezipped (stored, not deflated: SheetJS reads it at once) with the wanted sheets cut
 * to their first HEADER_SCAN_ROWS rows and the rows holding `text`, whether as a shared string
 * (`<c t="s"><v>index</v>`, matched by the index's `<v>`) or inline (`>text<`). Undefined (read
 * the file whole) when a part is not where the package's relationships say or a row has no number.
 */
function xlsxRowsWith(buffer: Buffer, sheets: readonly string[], text: string): Uint8Array | undefined {
  const entries = unzipSync(buffer)
  const workbook = entries['xl/workbook.xml']
  const rels = entries['xl/_rels/workbook.xml.rels']
  if (!workbook || !rels) return undefined
  const targets = new Map<string, string>()
  for (const m of strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = XML_ATTR('Id').exec(m[0])?.[1]
    const target = XML_ATTR('Target').exec(m[0])?.[1]
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`)
  }
  const wanted = new Set(sheets)
  const parts: string[] = []
  for (const m of strFromU8(workbook).matchAll(/<sheet\b[^>]*>/g)) {
    const name = XML_ATTR('name').exec(m[0])?.[1]
    const id = XML_ATTR('r:id').exec(m[0])?.[1]
    if (name === undefined || !wanted.has(decodeXml(name))) continue
    const part = id ? targets.get(id) : undefined
    if (!part || !entries[part]) return undefined
    parts.push(part)
  }
  const needles = [`>${encodeXml(text)}<`]
  const sst = entries['xl/sharedStrings.xml']
  if (sst) {
    let index = 0
    for (const m of strFromU8(sst).matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
      const value = [...(m[1] ?? '').matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((t) => decodeXml(t[1])).join('')
      if (value === text) needles.push(`<v>${index}</v>`)
      index++
    }
  }
  for (const part of parts) {
    const xml = strFromU8(entries[part])
    const start = xml.indexOf('<sheetData>')
    const end = xml.lastIndexOf('</sheetData>')
    if (start < 0 || end < start) continue // an empty sheet (<sheetData/>): nothing to cut
    const body = xml.slice(start + '<sheetData>'.length, end)
    const kept: string[] = []
    for (const m of body.matchAll(ROW)) {
      const r = Number(ROW_NUMBER.exec(m[1])?.[1])
      if (!Number.isInteger(r)) return undefined
      if (r <= HEADER_SCAN_ROWS || needles.some((n) => m[0].includes(n))) kept.push(m[0])
    }
    entries[part] = strToU8(xml.slice(0, start + '<sheetData>'.length) + kept.join('') + xml.slice(end))
  }
  return zipSync(entries, { level: 0 })
}

function encodeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!)
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
export function findHeaderRow(sheet: Sheet, isHeader: (cells: string[]) => boolean, what: string, scan = HEADER_SCAN_ROWS): number {
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
