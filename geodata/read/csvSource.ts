import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import type { z } from 'zod'
import { SourceFormatError } from './errors.js'

/** How to read one delimited text file. */
export interface CsvOptions {
  /** Names to give the columns when the file has no header row; omit to take row 1 as header. */
  columns?: readonly string[]
  /** Where `columns` came from, named in width errors (e.g. 'Code-Point_Open_Column_Headers.csv'). */
  columnsSource?: string
  /** Columns the header must contain (checked only when the file has a header). */
  required?: readonly string[]
  /** Field separator; default ','. The NHS Choices files use '¬' (byte 0xAC in ISO-8859-1). */
  delimiter?: string
  /** Text encoding; default 'utf-8'. A leading BOM is dropped either way. */
  encoding?: 'utf-8' | 'latin1'
  /** 'throw' (default) on a row whose width differs from the header; 'report' lists it in `badRows` instead. */
  badWidth?: 'throw' | 'report'
}

/** One data record: `row` counts records from 1 with the header row included, as a spreadsheet does. */
export interface CsvRecord {
  row: number
  values: Record<string, string>
}

export interface CsvTable {
  file: string
  columns: string[]
  records: CsvRecord[]
  /** Rows left out because their width was wrong (only with `badWidth: 'report'`). */
  badRows: { row: number; detail: string }[]
}

/**
 * Reads a whole delimited file into string records keyed by column name, checking that it is not
 * empty, that the header names every required column and that every row has the header's width.
 *
 * @example
 * const t = await readCsv('bd_pharmacy.csv', { columns: ['ods', 'name', ...] })
 * t.records[0] // { row: 1, values: { ods: 'FA207', name: 'Tesco Pharmacy', ... } }
 */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<CsvTable> {
  const buffer = await readFile(file)
  const text = buffer.toString(options.encoding ?? 'utf-8').replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new SourceFormatError(file, 'file is empty')

  let rows: string[][]
  // The line each row starts on, so errors name the row a spreadsheet shows even past blank lines.
  let lines: number[]
  try {
    const parsed = parse(text, {
      delimiter: options.delimiter ?? ',',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>
    rows = parsed.map((p) => p.record)
    // info.lines is the record's last line: step back over newlines inside quoted fields.
    lines = parsed.map((p) => p.info.lines - p.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0))
  } catch (err) {
    const e = err as { message: string; records?: number }
    const row = e.records === undefined ? undefined : e.records + 1
    throw new SourceFormatError(file, `not parseable as CSV: ${e.message}`, row)
  }

  const columns = options.columns ? [...options.columns] : rows[0].map((c) => c.trim())
  const firstData = options.columns ? 0 : 1
  if (!options.columns) {
    const missing = (options.required ?? []).filter((name) => !columns.includes(name))
    if (missing.length > 0) {
      throw new SourceFormatError(file, `missing column${missing.length > 1 ? 's' : ''} in header (has: ${columns.join(', ')})`, 1, missing.join(', '))
    }
  }
  if (rows.length <= firstData) throw new SourceFormatError(file, 'file has a header but no data rows')

  const records: CsvRecord[] = []
  const badRows: CsvTable['badRows'] = []
  for (let i = firstData; i < rows.length; i++) {
    const cells = rows[i]
    if (cells.length !== columns.length) {
      const source = options.columnsSource ? `as named in ${options.columnsSource}` : options.columns ? 'as given' : 'as in the header'
      const detail = `has ${cells.length} fields, expected ${columns.length} ${source} (${columns.join(', ')})`
      if (options.badWidth === 'report') {
        badRows.push({ row: lines[i], detail })
        continue
      }
      throw new SourceFormatError(file, detail, lines[i])
    }
    const values: Record<string, string> = {}
    columns.forEach((name, c) => (values[name] = cells[c]))
    records.push({ row: lines[i], values })
  }
  return { file, columns, records, badRows }
}

/**
 * Validates one record against a zod schema whose keys are column names; the first problem becomes a
 * SourceFormatError naming the row and the column.
 */
export function parseRecord<S extends z.ZodType>(file: string, record: CsvRecord, schema: S): z.output<S> {
  const result = schema.safeParse(record.values)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const column = issue.path.length > 0 ? String(issue.path[0]) : undefined
  const value = column === undefined ? undefined : record.values[column]
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`
  throw new SourceFormatError(file, `${issue.message}${shown}`, record.row, column)
}

/** Like parseRecord, but returns the problem instead of throwing (for lists whose bad rows are reported). */
export function tryParseRecord<S extends z.ZodType>(
  file: string,
  record: CsvRecord,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; error: SourceFormatError } {
  try {
    return { ok: true, value: parseRecord(file, record, schema) }
  } catch (err) {
    if (err instanceof SourceFormatError) return { ok: false, error: err }
    throw err
  }
}
