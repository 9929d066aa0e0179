/**
 * Suggestions over HTTP. Anyone may POST one (rate-limited per IP, size-limited, no control
 * characters); editors list, accept and reject them. User text is only ever returned as JSON
 * (escaped by the serialiser, served with nosniff); clients must render it with textContent.
 */
import { Router } from 'express'
import { z } from 'zod'
import { normalisePostcode } from '../../../geodata/read/postcodes'
import { acceptSuggestion, getOneSuggestion, rejectSuggestion, submitSuggestion, suggestionQueue } from '../../domain/suggestions'
import type { AppDeps } from '../app'
import { limitSuggestions, writeContext } from '../auth'
import { intParam, route, idPath } from '../route'

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
export { idPath }

export const MAX_FIELDS_BYTES = 4096

/** Extra attributes: up to 20 snake_case keys with short scalar values, at most 4 KB as JSON. */
export const fieldsValue = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'keys must be snake_case, at most 40 characters'),
    z.union([lineText(500), z.number(), z.boolean(), z.null()]))
  .refine((f) => Object.keys(f).length <= 20, 'at most 20 fields')
  .refine((f) => Buffer.byteLength(JSON.stringify(f)) <= MAX_FIELDS_BYTES, `must be at most ${MAX_FIELDS_BYTES} bytes as JSON`)

const suggestionBody = z
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

const acceptBody = z
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

export function suggestionRoutes(deps: AppDeps): Router {
  const r = Router()
  const la = deps.config.LOCAL_AUTHORITY

  // (its body is limited to 16 KB where bodies are parsed, in app.ts)
  route(r, {
    before: [limitSuggestions()],
    method: 'post', path: '/api/suggestions', tags: ['suggestions'],
    summary: 'Suggest a new community asset or a correction (no token needed; moderated before anything is published)',
    body: suggestionBody,
    handler: async ({ body }, req, res) => {
      const s = await submitSuggestion(deps.db.knex, writeContext(req), la, {
        kind: body.kind, name: body.name, category: body.category ?? null, description: body.description || null,
        contact: body.contact ?? null, address: body.address ?? null, postcode: body.postcode ?? null,
        lon: body.lon ?? null, lat: body.lat ?? null, asset_id: body.asset_id ?? null, fields: body.fields ?? {},
      })
      // The contact details stay with the moderators; the person suggesting sees what was queued.
      res.status(201).json({ id: s.id, kind: s.kind, status: s.status, name: s.name, submitted_at: s.submitted_at })
    },
  })

  route(r, {
    role: 'editor',
    method: 'get', path: '/api/suggestions', tags: ['suggestions'], summary: 'The moderation queue, oldest first (editor)',
    query: z.strictObject({
      status: z.enum(['pending', 'accepted', 'rejected', 'all']).default('pending'),
      limit: intParam(1, 200, 50),
      offset: intParam(0, 1_000_000, 0),
    }),
    handler: async ({ query }, _req, res) => {
      const { rows, total } = await suggestionQueue(deps.db.knex, {
        status: query.status === 'all' ? undefined : query.status, limit: query.limit, offset: query.offset,
      })
      res.set('Cache-Control', 'no-store').json({ total, limit: query.limit, offset: query.offset, suggestions: rows })
    },
  })

  route(r, {
    role: 'editor',
    method: 'get', path: '/api/suggestions/:id', tags: ['suggestions'], summary: 'One suggestion (editor)',
    params: idPath, query: z.strictObject({}),
    handler: async ({ params }, _req, res) => {
      res.set('Cache-Control', 'no-store').json(await getOneSuggestion(deps.db.knex, params.id))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/suggestions/:id/accept', tags: ['suggestions'],
    summary: 'Accept a suggestion, optionally editing it: creates or corrects the asset as verified (editor)',
    params: idPath, body: acceptBody,
    handler: async ({ params, body }, req, res) => {
      res.json(await acceptSuggestion(deps.db.knex, writeContext(req), la, params.id, body))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/suggestions/:id/reject', tags: ['suggestions'], summary: 'Reject a suggestion with a reason (editor)',
    params: idPath, body: z.strictObject({ reason: lineText(500) }),
    handler: async ({ params, body }, req, res) => {
      res.json(await rejectSuggestion(deps.db.knex, writeContext(req), params.id, body.reason))
    },
  })
  return r
}
