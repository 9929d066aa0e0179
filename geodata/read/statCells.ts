import { z } from 'zod'
import { SourceFormatError } from './errors.js'

/** Where a cell sits, for error messages. `row` is 1-based as a spreadsheet shows it. */
export interface CellAt {
  file: string
  row: number
  column: string
}

/** A value the publisher left out on purpose, with the publisher's reason. */
export interface Withheld {
  value: null
  reason: string
}

/**
 * Suppression markers: cell text -> reason. Each source passes its own table because the
 * same marker means different things ("-" is "suppressed, under 5" in MHCLG tables, but
 * "nil" in others). The empty string key covers blank cells.
 */
export type Markers = Readonly<Record<string, string>>

// Plain decimal or scientific notation; no thousands separators, no units, no "%".
const NUMERIC_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** A number stored as a number (workbooks) or as numeric text (CSV); NaN/Infinity refused. */
const numberLike = z.union([
  z.number(),
  z.string().trim().regex(NUMERIC_TEXT).transform(Number),
]).pipe(z.number())

/** Schemas for the kinds of value the readers accept, each with the words used in errors. */
export const kinds = {
  number: { schema: numberLike, expected: 'a number' },
  count: { schema: numberLike.pipe(z.int().min(0)), expected: 'a whole number >= 0' },
  rank: { schema: numberLike.pipe(z.int().min(1)), expected: 'a whole-number rank >= 1' },
  decile: { schema: numberLike.pipe(z.int().min(1).max(10)), expected: 'a decile 1-10' },
  nonNegative: { schema: numberLike.pipe(z.number().min(0)), expected: 'a number >= 0' },
  percent: { schema: numberLike.pipe(z.number().min(0).max(100)), expected: 'a percentage 0-100' },
  proportion: { schema: numberLike.pipe(z.number().min(0).max(1)), expected: 'a proportion 0-1' },
  text: { schema: z.string().trim().min(1), expected: 'non-empty text' },
  lsoaCode: { schema: z.string().trim().regex(/^[EW]01\d{6}$/), expected: 'an LSOA code like E01000027' },
  ladCode: { schema: z.string().trim().regex(/^[EW]0[6-9]\d{6}$/), expected: 'a local authority code like E09000002' },
} as const

export type Kind = { schema: z.ZodType<unknown>; expected: string }

/** A whole number in [min, max], e.g. a rank out of the number of areas ranked. */
export function intKind(min: number, max: number, expected: string) {
  return { schema: numberLike.pipe(z.int().min(min).max(max)), expected }
}
type Out<K extends Kind> = K['schema'] extends z.ZodType<infer T> ? T : never

function describe(raw: unknown): string {
  if (raw === null || raw === undefined || raw === '') return 'a blank cell'
  return typeof raw === 'string' ? `text ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)}` : String(raw)
}

/** Validate one cell with zod; on failure throw a SourceFormatError naming the cell. */
export function cell<K extends Kind>(kind: K, raw: unknown, at: CellAt): Out<K> {
  const result = kind.schema.safeParse(raw)
  if (!result.success) {
    throw new SourceFormatError(at.file, `expected ${kind.expected}, got ${describe(raw)}`, at.row, at.column)
  }
  return result.data as Out<K>
}

/**
 * Like `cell`, but a blank or a known suppression marker gives `{ value: null, reason }`
 * instead of an error. Never turns a marker into 0. Unknown text still throws.
 */
export function cellOrWithheld<K extends Kind>(
  kind: K,
  raw: unknown,
  at: CellAt,
  markers: Markers,
): Out<K> | Withheld {
  const key = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw.trim() : undefined
  if (key !== undefined && Object.hasOwn(markers, key)) return { value: null, reason: markers[key] }
  return cell(kind, raw, at)
}

/** True when `cellOrWithheld` returned a withheld value. */
export function isWithheld(v: unknown): v is Withheld {
  return typeof v === 'object' && v !== null && (v as Withheld).value === null && 'reason' in v
}
