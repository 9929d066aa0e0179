import { z } from 'zod'

// zod schemas for single text cells of a CSV. Each turns the cell's text into a typed value or
// fails with a message that parseRecord() (csvSource.ts) prefixes with the row and column.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** A finite decimal number ('7.08E-2' allowed; '', 'n/a', 'NaN' and 'Infinity' rejected). */
export const numberCell = z
  .string()
  .trim()
  .refine((s) => NUMBER.test(s), { error: 'expected a number' })
  .transform(Number)

/** A whole number. */
export const integerCell = z
  .string()
  .trim()
  .refine((s) => /^[+-]?\d+$/.test(s), { error: 'expected a whole number' })
  .transform(Number)

/** A non-empty text cell, trimmed. */
export const textCell = z.string().trim().min(1, { error: 'expected a value, the cell is empty' })

/** A text cell that may be empty: '' becomes null. */
export const optionalTextCell = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s))

/** A GSS code such as E01000006, given its allowed prefixes (e.g. ['E01', 'W01'] for LSOAs). */
export function gssCodeCell(prefixes: readonly string[], what: string) {
  const pattern = new RegExp(`^(${prefixes.join('|')})\\d{6}$`)
  return z
    .string()
    .trim()
    .refine((s) => pattern.test(s), { error: `expected a ${what} code (${prefixes.join('/')} + 6 digits)` })
}

/** WGS84 longitude and latitude limits for Great Britain and its islands, with a margin. */
export const GB_LON_LAT = { minLon: -9, maxLon: 3, minLat: 49, maxLat: 61.5 } as const

/** British National Grid extent (EPSG:27700 false origin to the northern limit), metres. */
export const BNG_EXTENT = { minE: 0, maxE: 700_000, minN: 0, maxN: 1_300_000 } as const

/** A WGS84 longitude inside Great Britain's limits (catches swapped lat/lon columns). */
export const lonCell = numberCell.refine((v) => v >= GB_LON_LAT.minLon && v <= GB_LON_LAT.maxLon, {
  error: `expected a longitude in Great Britain (${GB_LON_LAT.minLon} to ${GB_LON_LAT.maxLon})`,
})

/** A WGS84 latitude inside Great Britain's limits. */
export const latCell = numberCell.refine((v) => v >= GB_LON_LAT.minLat && v <= GB_LON_LAT.maxLat, {
  error: `expected a latitude in Great Britain (${GB_LON_LAT.minLat} to ${GB_LON_LAT.maxLat})`,
})

/** A British National Grid easting, metres. */
export const eastingCell = numberCell.refine((v) => v >= BNG_EXTENT.minE && v <= BNG_EXTENT.maxE, {
  error: `expected an easting ${BNG_EXTENT.minE}-${BNG_EXTENT.maxE}`,
})

/** A British National Grid northing, metres. */
export const northingCell = numberCell.refine((v) => v >= BNG_EXTENT.minN && v <= BNG_EXTENT.maxN, {
  error: `expected a northing ${BNG_EXTENT.minN}-${BNG_EXTENT.maxN}`,
})

/** Makes a cell schema accept an empty cell, as null; a non-empty cell must still pass `schema`. */
export function orEmpty<T>(schema: z.ZodType<T, string>) {
  return z.string().transform((s, ctx): T | null => {
    if (s.trim() === '') return null
    const result = schema.safeParse(s)
    if (result.success) return result.data
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message })
    return z.NEVER
  })
}
