/**
 * The suggestions API's contract, and the schemas of free text at the edge that every write route
 * shares (one line, multiline, postcode, coordinates, extra fields).
 */
import { z } from 'zod'
import { intParam } from './params'
import { normalisePostcode } from '../../../geodata/read/postcodes'

export type { SuggestionRow } from '../../db/suggestions'

// ---- text at the edge: one schema per kind of free text ----

// C0/C1 controls, line/paragraph separators and bidirectional overrides (which can disguise text).
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** One line of text: trimmed, NFC, 1..max characters, no control characters. */
export const lineText = (max: number) =>
  z.string().normalize('NFC').trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_LINE.test(s), 'must not contain control characters')

/** Free text that may span lines (tabs and newlines allowed), up to max characters. */
export const multilineText = (max: number) =>
  z.string().normalize('NFC').trim().max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_MULTILINE.test(s), 'must not contain control characters other than tab and newline')

export const postcodeText = z.string().max(16).transform((s, ctx) => {
  const p = normalisePostcode(s)
  if (!p) {
    ctx.addIssue({ code: 'custom', message: 'must be a UK postcode such as IG11 7LX' })
    return z.NEVER
  }
  return p
})

export const lonValue = z.number().min(-180).max(180)
export const latValue = z.number().min(-90).max(90)
export const idValue = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

export const MAX_FIELDS_BYTES = 4096

/** Extra attributes: up to 20 snake_case keys with short scalar values, at most 4 KB as JSON. */
export const fieldsValue = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'keys must be snake_case, at most 40 characters'),
    z.union([lineText(500), z.number(), z.boolean(), z.null()]))
  .refine((f) => Object.keys(f).length <= 20, 'at most 20 fields')
  .refine((f) => Buffer.byteLength(JSON.stringify(f)) <= MAX_FIELDS_BYTES, `must be at most ${MAX_FIELDS_BYTES} bytes as JSON`)

export const suggestionBody = z
  .strictObject({
    kind: z.enum(['new-asset', 'correction']),
    name: lineText(200),
    category: z.string().max(40).optional(),
    description: multilineText(2000).optional(),
    contact: lineText(200).optional(),
    address: lineText(300).optional(),
    postcode: postcodeText.optional(),
    lon: lonValue.optional(),
    lat: latValue.optional(),
    asset_id: idValue.optional(),
    fields: fieldsValue.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.lon === undefined) !== (b.lat === undefined)) ctx.addIssue({ code: 'custom', path: ['lon'], message: 'give both lon and lat, or neither' })
    if (b.kind === 'correction' && b.asset_id === undefined) ctx.addIssue({ code: 'custom', path: ['asset_id'], message: 'a correction names the asset it corrects' })
    if (b.kind === 'new-asset' && b.asset_id !== undefined) ctx.addIssue({ code: 'custom', path: ['asset_id'], message: 'a new asset has no asset_id' })
  })

export const acceptBody = z
  .strictObject({
    name: lineText(200).optional(),
    category: z.string().max(40).optional(),
    address: lineText(300).nullable().optional(),
    description: multilineText(2000).nullable().optional(),
    postcode: postcodeText.nullable().optional(),
    lon: lonValue.optional(),
    lat: latValue.optional(),
  })
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), { path: ['lon'], message: 'give both lon and lat, or neither' })


/** POST /api/suggestions as the client writes it. */
export type SuggestionInput = z.input<typeof suggestionBody>
/** What an editor may change while accepting a suggestion. */
export type AcceptEdits = z.input<typeof acceptBody>

/** GET /api/suggestions: the moderation queue, by status, paged. */
export const queueQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'rejected', 'all']).default('pending'),
  limit: intParam(1, 200, 50),
  offset: intParam(0, 1_000_000, 0),
})
