import { basename } from 'node:path'
import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, kinds } from './statCells.js'

/*
 * London Atmospheric Emissions Inventory (LAEI) modelled concentrations, summarised by
 * jamesdamillington/london-data from the 20 m grid to census zones: per zone the min, max, mean,
 * standard deviation and median of the grid cells inside it. Files: `{prefix}lsoa21-{year}-{POL}.csv`
 * (key LSOA21CD), `...lsoa11-...` (LSOA11CD) and `lad21-{year}-{POL}.csv` (key LAD22CD despite the
 * name). Columns `<POL>-<YEAR>-min|max|mean|std|median`.
 */

export const POLLUTANTS = ['NO2', 'NOx', 'PM10', 'PM10d', 'PM25'] as const
export type Pollutant = (typeof POLLUTANTS)[number]

/** Annual means in µg/m³; PM10d is the number of days the daily mean PM10 exceeded 50 µg/m³. */
export const POLLUTANT_UNITS: Record<Pollutant, 'ug/m3' | 'days'> = { NO2: 'ug/m3', NOx: 'ug/m3', PM10: 'ug/m3', PM10d: 'days', PM25: 'ug/m3' }

const KEYS = { LSOA21CD: 'lsoa21', LSOA11CD: 'lsoa11', LAD22CD: 'lad22' } as const
const STATS = ['min', 'max', 'mean', 'std', 'median'] as const

export interface AirQualityRow {
  code: string
  geography: (typeof KEYS)[keyof typeof KEYS]
  pollutant: Pollutant
  year: number
  unit: 'ug/m3' | 'days'
  mean: number
  min: number
  max: number
  median: number
  std: number
}

/** Pollutant and year from the header (e.g. "NO2-2019-mean"), checked against the file name. */
function pollutantAndYear(path: string, columns: string[]) {
  const m = columns.map((c) => /^([A-Za-z0-9]+)-(\d{4})-mean$/.exec(c)).find((x) => x !== null)
  if (!m) throw new SourceFormatError(path, `no "<POLLUTANT>-<YEAR>-mean" column (has: ${columns.join(', ')})`, 1)
  const pollutant = POLLUTANTS.find((p) => p === m[1])
  if (!pollutant) throw new SourceFormatError(path, `unknown pollutant "${m[1]}" (expected ${POLLUTANTS.join(', ')})`, 1, m[0])
  const named = /-(\d{4})-([A-Za-z0-9]+)\.csv$/.exec(basename(path))
  if (named && (named[1] !== m[2] || named[2] !== pollutant)) {
    throw new SourceFormatError(path, `file name says ${named[2]} ${named[1]} but the header says ${pollutant} ${m[2]}`, 1, m[0])
  }
  return { pollutant, year: Number(m[2]), prefix: `${pollutant}-${m[2]}` }
}

/**
 * @example
 * const rows = await readLaeiCsv(`${raw}/london-data/airquality/bd_lsoa21-2019-NO2.csv`)
 * // 115 rows: { code: 'E01000006', geography: 'lsoa21', pollutant: 'NO2', year: 2019, mean: 26.619, ... }
 */
export async function readLaeiCsv(path: string, options: { codes?: ReadonlySet<string> } = {}): Promise<AirQualityRow[]> {
  const table = await readCsv(path)
  const keyColumn = (Object.keys(KEYS) as (keyof typeof KEYS)[]).find((k) => table.columns.includes(k))
  if (!keyColumn) throw new SourceFormatError(path, `missing the area code column (one of ${Object.keys(KEYS).join(', ')})`, 1, table.columns[0])
  const { pollutant, year, prefix } = pollutantAndYear(path, table.columns)
  const missing = STATS.map((s) => `${prefix}-${s}`).filter((c) => !table.columns.includes(c))
  if (missing.length > 0) throw new SourceFormatError(path, `missing column${missing.length > 1 ? 's' : ''} (has: ${table.columns.join(', ')})`, 1, missing.join(', '))
  const codeKind = keyColumn === 'LAD22CD' ? kinds.ladCode : kinds.lsoaCode
  const rows: AirQualityRow[] = []
  for (const rec of table.records) {
    const at = (column: string) => ({ file: path, row: rec.row, column })
    const code = cell(codeKind, rec.values[keyColumn], at(keyColumn))
    const [min, max, mean, std, median] = STATS.map((s) => cell(kinds.nonNegative, rec.values[`${prefix}-${s}`], at(`${prefix}-${s}`)))
    for (const [name, v] of [['mean', mean], ['median', median]] as const) {
      if (v < min || v > max) throw new SourceFormatError(path, `${name} ${v} is outside min ${min} .. max ${max}`, rec.row, `${prefix}-${name}`)
    }
    if (!options.codes || options.codes.has(code)) {
      rows.push({ code, geography: KEYS[keyColumn], pollutant, year, unit: POLLUTANT_UNITS[pollutant], mean, min, max, median, std })
    }
  }
  return rows
}
