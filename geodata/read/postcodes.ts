import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readCsv, parseRecord } from './csvSource.js'
import { eastingCell, integerCell, northingCell, optionalTextCell } from './csvCells.js'

// Outward code: A9, A99, AA9, AA99, A9A, AA9A; inward code: 9AA. GIR 0AA is the one historic exception.
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?|GIR) ?(\d[A-Z]{2})$/

/**
 * Normalises a UK postcode to upper case with one space before the inward code, or returns null
 * when the text does not have a postcode's shape (it does not check that the postcode exists).
 *
 * @example
 * normalisePostcode(' ig117lx ') // 'IG11 7LX'
 * normalisePostcode('RM10  9QS') // 'RM10 9QS'
 * normalisePostcode('IG11')      // null
 */
export function normalisePostcode(text: string): string | null {
  const match = POSTCODE.exec(text.toUpperCase().replace(/\s+/g, ''))
  return match ? `${match[1]} ${match[2]}` : null
}

/** zod cell: a postcode, normalised; anything without a postcode's shape fails. */
export const postcodeCell = z.string().transform((s, ctx) => {
  const postcode = normalisePostcode(s)
  if (postcode === null) ctx.addIssue({ code: 'custom', message: 'not a UK postcode' })
  return postcode ?? ''
})

/** zod cell: an empty cell (null) or a postcode, normalised. */
export const optionalPostcodeCell = z.string().transform((s, ctx) => {
  if (s.trim() === '') return null
  const postcode = normalisePostcode(s)
  if (postcode === null) ctx.addIssue({ code: 'custom', message: 'not a UK postcode' })
  return postcode
})

/** One Code-Point Open unit postcode with its grid reference (EPSG:27700, metres). */
export interface PostcodePoint {
  postcode: string
  /** Positional quality: 10 = within the building, 50 = estimated (ONS postcode directory). */
  pq: number
  easting: number
  northing: number
  /** Admin_district_code, e.g. E09000002. */
  district: string
  /** Admin_ward_code (wards as of the release; Dec 2022 codes in the 2025 file). */
  ward: string | null
}

// The long names in row 2 of Code-Point_Open_Column_Headers.csv that this reader needs.
const NEEDED = ['Postcode', 'Positional_quality_indicator', 'Eastings', 'Northings', 'Admin_district_code', 'Admin_ward_code'] as const



const rowSchema = z
  .object({
    Postcode: postcodeCell,
    Positional_quality_indicator: integerCell,
    Eastings: eastingCell,
    Northings: northingCell,
    Admin_district_code: z.string().regex(/^[EWSN]\d{8}$/, 'expected a district GSS code'),
    Admin_ward_code: optionalTextCell,
  })
  .transform(
    (r): PostcodePoint => ({
      postcode: r.Postcode,
      pq: r.Positional_quality_indicator,
      easting: r.Eastings,
      northing: r.Northings,
      district: r.Admin_district_code,
      ward: r.Admin_ward_code,
    }),
  )

/**
 * Reads the column names for a Code-Point Open CSV from its Column_Headers file: row 1 holds short
 * codes (PC, PQ, ...), row 2 the long names, which this returns.
 */
export async function readCodePointHeaders(path: string): Promise<string[]> {
  const table = await readCsv(path)
  const longNames = table.records[0]?.values
  if (!longNames) throw new SourceFormatError(path, 'expected a second row of long column names', 2)
  const names = table.columns.map((short) => longNames[short].trim())
  const missing = NEEDED.filter((n) => !names.includes(n))
  if (missing.length > 0) throw new SourceFormatError(path, `does not name ${missing.join(', ')}`, 2)
  return names
}

/**
 * Reads a header-less Code-Point Open CSV, naming its columns from the Column_Headers file (by
 * default the one in the same folder). A row whose width differs from the header list throws.
 *
 * @example
 * const points = await readCodePointOpen(`${raw}/os-codepoint-open/bd2km_codepoint_open_2025-10.csv`)
 * points.find((p) => p.postcode === 'IG11 7NB') // { pq: 10, easting: ..., district: 'E09000002', ... }
 */
export async function readCodePointOpen(
  path: string,
  headersPath = join(dirname(path), 'Code-Point_Open_Column_Headers.csv'),
): Promise<PostcodePoint[]> {
  const columns = await readCodePointHeaders(headersPath)
  const table = await readCsv(path, { columns, columnsSource: basename(headersPath) })
  return table.records.map((record) => parseRecord(path, record, rowSchema))
}
