import { basename } from 'node:path'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readCsv, tryParseRecord, type CsvRecord } from './csvSource.js'
import { eastingCell, latCell, lonCell, northingCell, orEmpty, optionalTextCell, textCell } from './csvCells.js'
import { optionalPostcodeCell } from './postcodes.js'
import { ASSET_CATEGORIES, type AssetCategory, type AssetRow } from './assets.js'

/** A row of a council list that was left out, and why ("column lon: expected a number ..."). */
export interface RejectedRow {
  row: number
  column?: string
  reason: string
}

const KNOWN = ['name', 'category', 'postcode', 'lon', 'lat', 'easting', 'northing', 'address', 'description', 'source_ref', 'status']

const categoryCell = z.string().transform((s, ctx): AssetCategory => {
  const key = s.trim().toLowerCase().replace(/[\s-]+/g, '_')
  if ((ASSET_CATEGORIES as readonly string[]).includes(key)) return key as AssetCategory
  ctx.addIssue({ code: 'custom', message: `unknown category; expected one of ${ASSET_CATEGORIES.join(', ')}` })
  return z.NEVER
})

const statusCell = z.string().transform((s, ctx): 'open' | 'closed' => {
  const key = s.trim().toLowerCase()
  if (key === '' || key === 'open') return 'open'
  if (key === 'closed') return 'closed'
  ctx.addIssue({ code: 'custom', message: 'expected open, closed or an empty cell' })
  return z.NEVER
})

const rowSchema = z.object({
  name: textCell,
  category: categoryCell,
  postcode: optionalPostcodeCell.optional(),
  lon: orEmpty(lonCell).optional(),
  lat: orEmpty(latCell).optional(),
  easting: orEmpty(eastingCell).optional(),
  northing: orEmpty(northingCell).optional(),
  address: optionalTextCell.optional(),
  description: optionalTextCell.optional(),
  source_ref: optionalTextCell.optional(),
  status: statusCell.optional(),
})

/**
 * Reads a council's own asset list: header `name,category` plus a location as `postcode`,
 * `lon,lat` or `easting,northing` (more than one form allowed; per row the grid reference wins,
 * then lon/lat, then the postcode), and optional `address, description, source_ref, status`.
 * Other columns go into `attrs`. A wrong header throws SourceFormatError; a bad row is left out
 * and listed in `rejected` so the list's owner can fix it.
 *
 * @example
 * const { rows, rejected } = await readGenericAssetCsv('family_hubs.csv')
 * rejected // [{ row: 4, column: 'postcode', reason: 'not a UK postcode (got "RM9")' }]
 */
export async function readGenericAssetCsv(path: string): Promise<{ rows: AssetRow[]; rejected: RejectedRow[] }> {
  const table = await readCsv(path, { required: ['name', 'category'], badWidth: 'report' })
  checkLocationColumns(path, table.columns)
  const extras = table.columns.filter((c) => !KNOWN.includes(c))
  const rejected: RejectedRow[] = table.badRows.map((b) => ({ row: b.row, reason: b.detail }))
  const rows: AssetRow[] = []
  const seenRefs = new Map<string, number>()
  for (const record of table.records) {
    const parsed = tryParseRecord(path, record, rowSchema)
    if (!parsed.ok) {
      rejected.push({ row: record.row, column: parsed.error.column, reason: parsed.error.detail })
      continue
    }
    const r = parsed.value
    const located = locate(r)
    if ('reason' in located) {
      rejected.push({ row: record.row, column: located.column, reason: located.reason })
      continue
    }
    const sourceRef = r.source_ref ?? `${basename(path)}#row${record.row}`
    const firstRow = seenRefs.get(sourceRef)
    if (firstRow !== undefined) {
      rejected.push({ row: record.row, column: 'source_ref', reason: `duplicate source_ref ${JSON.stringify(sourceRef)} (first on row ${firstRow})` })
      continue
    }
    seenRefs.set(sourceRef, record.row)
    rows.push({
      category: r.category,
      name: r.name,
      address: r.address ?? '',
      postcode: r.postcode ?? null,
      sourceRef,
      ...located,
      status: r.status ?? 'open',
      attrs: { description: r.description ?? null, ...extraAttrs(record, extras) },
    })
  }
  rejected.sort((a, b) => a.row - b.row)
  return { rows, rejected }
}

function checkLocationColumns(path: string, columns: string[]): void {
  for (const [a, b] of [['lon', 'lat'], ['easting', 'northing']]) {
    if (columns.includes(a) !== columns.includes(b)) {
      throw new SourceFormatError(path, `header has ${columns.includes(a) ? a : b} without ${columns.includes(a) ? b : a}`, 1, columns.includes(a) ? b : a)
    }
  }
  if (!['postcode', 'lon', 'easting'].some((c) => columns.includes(c))) {
    throw new SourceFormatError(path, 'header needs a location: postcode, or lon and lat, or easting and northing', 1, 'postcode')
  }
}

type Parsed = z.output<typeof rowSchema>
type Located = Pick<AssetRow, 'precision' | 'lon' | 'lat' | 'easting' | 'northing'>

function locate(r: Parsed): Located | { column: string; reason: string } {
  for (const [x, y] of [['easting', 'northing'], ['lon', 'lat']] as const) {
    const vx = r[x]
    const vy = r[y]
    if ((vx == null) !== (vy == null)) return { column: vx == null ? x : y, reason: `${x} and ${y} must both be given or both be empty` }
    if (vx != null && vy != null) return { precision: 'exact', [x]: vx, [y]: vy }
  }
  if (r.postcode) return { precision: 'postcode' }
  return { column: 'postcode', reason: 'no location: give a postcode, lon and lat, or easting and northing' }
}

function extraAttrs(record: CsvRecord, extras: string[]): Record<string, string> {
  return Object.fromEntries(extras.map((c) => [c, record.values[c]]))
}
