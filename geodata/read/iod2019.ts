import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import {
  IOD_CORE_MEASURES, IOD_UNDERLYING_MEASURES,
  type IodCoreKey, type IodMeasure, type IodMeasureKey, type IodUnderlyingKey,
} from './iod2019Measures.js'
import { cell, cellOrWithheld, isWithheld, kinds, type CellAt } from './statCells.js'
import { columnRef, findHeaderRow, headerColumns, isBlankRow, openWorkbook, type Sheet } from './workbook.js'

export * from './iod2019Measures.js'

/** One LSOA (2011) with its IoD2019 measures. A null value always has a reason in `withheld`. */
export interface IodLsoaRow {
  lsoa11cd: string
  lsoa11nm: string
  /** Local authority district (2019) */
  ladcd: string
  ladnm: string
  /** Core measures always present; underlying indicators only from the GLA workbook. */
  values: Record<IodCoreKey, number | null> & Partial<Record<IodUnderlyingKey, number | null>>
  withheld: Partial<Record<IodMeasureKey, string>>
}

export interface IodReadOptions {
  /** Keep only this local authority's LSOAs, e.g. 'E09000002'. */
  ladCode?: string
}

const ID_HEADERS = {
  name: 'LSOA name (2011)',
  ladcd: 'Local Authority District code (2019)',
  ladnm: 'Local Authority District name (2019)',
} as const
const MEASURES = Object.entries({ ...IOD_CORE_MEASURES, ...IOD_UNDERLYING_MEASURES }) as [IodMeasureKey, IodMeasure][]
const SHEETS = ['IMD 2019', 'IDACI and IDAOPI', 'Sub domains', 'Population figures', 'Underlying indicators'] as const

/** Reads one row: ids and the given measures; `raw(header)` gives the cell under a header. */
function parseRow(raw: (header: string) => unknown, at: (header: string) => CellAt, measures: [IodMeasureKey, IodMeasure][], codeHeader: string) {
  const values: Partial<Record<IodMeasureKey, number | null>> = {}
  const withheld: Partial<Record<IodMeasureKey, string>> = {}
  for (const [key, m] of measures) {
    const v = m.markers ? cellOrWithheld(m.kind, raw(m.header), at(m.header), m.markers) : cell(m.kind, raw(m.header), at(m.header))
    if (isWithheld(v)) [values[key], withheld[key]] = [null, v.reason]
    else values[key] = v as number
  }
  return {
    lsoa11cd: cell(kinds.lsoaCode, raw(codeHeader), at(codeHeader)),
    lsoa11nm: cell(kinds.text, raw(ID_HEADERS.name), at(ID_HEADERS.name)),
    ladcd: cell(kinds.ladCode, raw(ID_HEADERS.ladcd), at(ID_HEADERS.ladcd)),
    ladnm: cell(kinds.text, raw(ID_HEADERS.ladnm), at(ID_HEADERS.ladnm)),
    values, withheld,
  }
}

/** All LSOA rows of one GLA sheet, keyed by LSOA code, with the spreadsheet row of each. */
function readGlaSheet(sheet: Sheet) {
  // The GLA renamed the key column of 'IMD 2019' to "geography code"; the other sheets keep MHCLG's.
  const codeHeader = sheet.name === 'IMD 2019' ? 'geography code' : 'LSOA code (2011)'
  const measures = MEASURES.filter(([, m]) => m.sheet === sheet.name)
  const wanted = Object.fromEntries([codeHeader, ...Object.values(ID_HEADERS), ...measures.map(([, m]) => m.header)].map((h) => [h, h]))
  const headerRow = findHeaderRow(sheet, (cells) => cells.some((c) => c.toLowerCase() === codeHeader.toLowerCase()), `"${codeHeader}"`)
  const cols = headerColumns(sheet, headerRow, wanted)
  const out = new Map<string, ReturnType<typeof parseRow> & { row: number }>()
  for (let i = headerRow + 1; i < sheet.rows.length; i++) {
    const row = sheet.rows[i]
    // Only the columns read count: 'Population figures' keeps ONS notes in column L beside the data.
    if (isBlankRow(Object.values(cols).map((c) => row[c]))) continue
    const at = (h: string): CellAt => ({ file: sheet.file, row: i + 1, column: columnRef(sheet, cols[h], h) })
    const parsed = parseRow((h) => row[cols[h]], at, measures, codeHeader)
    if (out.has(parsed.lsoa11cd)) throw new SourceFormatError(sheet.file, `LSOA ${parsed.lsoa11cd} appears twice in sheet "${sheet.name}"`, i + 1, columnRef(sheet, cols[codeHeader]))
    out.set(parsed.lsoa11cd, { ...parsed, row: i + 1 })
  }
  if (out.size === 0) throw new SourceFormatError(sheet.file, `sheet "${sheet.name}" has a header but no LSOA rows`, headerRow + 2)
  return out
}

function keepLad<T extends { ladcd: string }>(file: string, rows: T[], ladCode: string | undefined, column: string): T[] {
  if (ladCode === undefined) return rows
  const kept = rows.filter((r) => r.ladcd === ladCode)
  if (kept.length === 0) throw new SourceFormatError(file, `no rows for local authority ${ladCode}`, undefined, column)
  return kept
}

/**
 * Reads the GLA "ID 2019 for London" workbook: every LSOA sheet, joined on the LSOA code. Each
 * sheet must list exactly the LSOAs of 'IMD 2019' (4,835 in London).
 *
 * @example
 * const bd = await readIodGlaWorkbook(`${raw}/gla-id2019/ID_2019_for_London.xlsx`, { ladCode: 'E09000002' })
 * bd.length // 110
 */
export async function readIodGlaWorkbook(path: string, options: IodReadOptions = {}): Promise<IodLsoaRow[]> {
  const book = await openWorkbook(path, SHEETS)
  const [base, ...others] = SHEETS.map((name) => readGlaSheet(book.get(name)!))
  others.forEach((sheetRows, n) => {
    const name = SHEETS[n + 1]
    for (const [code, r] of sheetRows) {
      if (!base.has(code)) throw new SourceFormatError(path, `LSOA ${code} in sheet "${name}" is not in sheet "IMD 2019"`, r.row)
    }
    for (const [code] of base) {
      if (!sheetRows.has(code)) throw new SourceFormatError(path, `LSOA ${code} (sheet "IMD 2019") has no row in sheet "${name}"`)
    }
  })
  const rows = [...base.values()].map(({ row: _row, ...r }) => {
    for (const sheetRows of others) {
      const o = sheetRows.get(r.lsoa11cd)!
      Object.assign(r.values, o.values)
      Object.assign(r.withheld, o.withheld)
    }
    return r as IodLsoaRow
  })
  return keepLad(path, rows, options.ladCode, `'IMD 2019'!C "${ID_HEADERS.ladcd}"`)
}

/**
 * Reads MHCLG's national File 7 CSV ("All IoD2019 Scores, Ranks, Deciles and Population
 * Denominators", 32,844 LSOAs) into the same row shape as the GLA workbook (core measures only).
 * Columns are found by their exact header text (a trailing space is ignored).
 */
export async function readIodFile7Csv(path: string, options: IodReadOptions = {}): Promise<IodLsoaRow[]> {
  const codeHeader = 'LSOA code (2011)'
  const core = MEASURES.filter(([key]) => key in IOD_CORE_MEASURES)
  const table = await readCsv(path, { required: [codeHeader, ...Object.values(ID_HEADERS), ...core.map(([, m]) => m.header)] })
  const rows = table.records.map((rec) => {
    const { values, withheld, ...ids } = parseRow((h) => rec.values[h], (h) => ({ file: path, row: rec.row, column: JSON.stringify(h) }), core, codeHeader)
    return { ...ids, values, withheld } as IodLsoaRow
  })
  const seen = new Set<string>()
  for (const [i, r] of rows.entries()) {
    if (seen.has(r.lsoa11cd)) throw new SourceFormatError(path, `LSOA ${r.lsoa11cd} appears twice`, table.records[i].row, JSON.stringify(codeHeader))
    seen.add(r.lsoa11cd)
  }
  return keepLad(path, rows, options.ladCode, JSON.stringify(ID_HEADERS.ladcd))
}
