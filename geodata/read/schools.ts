import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readCsv, parseRecord } from './csvSource.js'
import { eastingCell, latCell, lonCell, northingCell, optionalTextCell, textCell } from './csvCells.js'
import { optionalPostcodeCell } from './postcodes.js'
import { joinAddress, type AssetRow } from './assets.js'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Decodes the London Schools Atlas AGE column, which a spreadsheet turned from 'low-high' into a
 * day-month date: '11-Mar' is ages 3-11 (the day is the top age, the month number the bottom).
 * Plain ranges ('14 - 19') pass through. Returns null for text in neither form.
 *
 * @example
 * decodeAgeRange('11-Mar')  // { low: 3, high: 11 }
 * decodeAgeRange('19-Nov')  // { low: 11, high: 19 }
 * decodeAgeRange('14 - 19') // { low: 14, high: 19 }
 */
export function decodeAgeRange(text: string): { low: number; high: number } | null {
  const mangled = /^\s*(\d{1,2})-([A-Za-z]{3})\s*$/.exec(text)
  if (mangled) {
    const month = MONTHS.indexOf(mangled[2].toLowerCase())
    return month < 0 ? null : { low: month + 1, high: Number(mangled[1]) }
  }
  const plain = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(text)
  return plain ? { low: Number(plain[1]), high: Number(plain[2]) } : null
}

const schema = z.object({
  URN: z.string().trim().regex(/^\d{5,7}$/, 'expected a URN (5-7 digits)'),
  SCHOOL_NAM: textCell,
  TYPE: z.string(),
  PHASE: textCell,
  ADDRESS: z.string(),
  TOWN: z.string(),
  POSTCODE: optionalPostcodeCell,
  // Edubase wording; the London file also has 'Open, but proposed to close' (still open).
  STATUS: z.string().trim().regex(/^(Open|Closed)\b/, 'expected Open or Closed'),
  GENDER: z.string(),
  EASTING: eastingCell,
  NORTHING: northingCell,
  longitude: lonCell,
  latitude: latCell,
  WARD_NAME: optionalTextCell,
  LSOA_NAME: optionalTextCell,
  LA_NAME: textCell,
  WEBLINK: optionalTextCell,
  AGE: z.string(),
  map_icon: optionalTextCell,
})

/**
 * Reads the GLA London Schools Atlas (2016) points, one row per URN: the file repeats many schools
 * with only OBJECTID and the `Primary` flag differing, and the first copy is kept. EASTING/NORTHING
 * are the school's own grid reference (precision 'exact'); lon/lat are carried as well.
 * `laName` keeps one local authority ('Barking and Dagenham' gives 60 schools).
 *
 * @example
 * const bd = await readSchools(`${raw}/london-schools-atlas/bd2km_all_schools_xy_2016.csv`, { laName: 'Barking and Dagenham' })
 */
export async function readSchools(path: string, options: { laName?: string } = {}): Promise<AssetRow[]> {
  const table = await readCsv(path, { required: Object.keys(schema.shape) })
  const byUrn = new Map<string, AssetRow>()
  for (const record of table.records) {
    const r = parseRecord(path, record, schema)
    if (options.laName !== undefined && r.LA_NAME !== options.laName) continue
    if (byUrn.has(r.URN)) continue
    const age = r.AGE.trim() === '' ? null : decodeAgeRange(r.AGE)
    if (r.AGE.trim() !== '' && age === null) {
      throw new SourceFormatError(path, `AGE is neither a range nor a spreadsheet-mangled range (got ${JSON.stringify(r.AGE)})`, record.row, 'AGE')
    }
    byUrn.set(r.URN, {
      category: 'school',
      name: r.SCHOOL_NAM,
      address: joinAddress([r.ADDRESS, r.TOWN]),
      postcode: r.POSTCODE,
      sourceRef: r.URN,
      lon: r.longitude,
      lat: r.latitude,
      easting: r.EASTING,
      northing: r.NORTHING,
      precision: 'exact',
      status: r.STATUS.startsWith('Open') ? 'open' : 'closed',
      attrs: {
        phase: r.PHASE,
        edubaseStatus: r.STATUS,
        type: r.TYPE,
        gender: r.GENDER,
        ageLow: age?.low ?? null,
        ageHigh: age?.high ?? null,
        laName: r.LA_NAME,
        // Pre-2022 ward names and 2011 LSOA names, as the 2016 atlas has them.
        wardName2016: r.WARD_NAME,
        lsoa11Name: r.LSOA_NAME,
        fundingIcon: r.map_icon,
        website: r.WEBLINK,
      },
    })
  }
  return [...byUrn.values()]
}
