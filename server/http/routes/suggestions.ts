/**
 * Suggestions over HTTP. Anyone may POST one (rate-limited per IP, size-limited, no control
 * characters); editors list, accept and reject them. User text is only ever returned as JSON
 * (escaped by the serialiser, served with nosniff); clients must render it with textContent.
 */
import { Router } from 'express'
import { z } from 'zod'
import { acceptSuggestion, getOneSuggestion, rejectSuggestion, submitSuggestion, suggestionQueue } from '../../domain/suggestions'
import type { AppDeps } from '../app'
import { limitSuggestions, writeContext } from '../auth'
import { route, idPath } from '../route'
import { acceptBody, lineText, queueQuery, suggestionBody } from '../contract/suggestions'

export function suggestionRoutes(deps: AppDeps): Router {
  const r = Router()
  const la = deps.config.LOCAL_AUTHORITY

  // (its body is limited to 16 KB where bodies are parsed, in app.ts)
  route(r, {
    before: [limitSuggestions(deps.services.limitStores)],
    method: 'post', path: '/api/suggestions', tags: ['suggestions'],
    summary: 'Suggest a new community asset or a correction (no token needed; moderated before anything is published)',
    body: suggestionBody,
    handler: async ({ body }, req, res) => {
      const s = await submitSuggestion(deps.db, writeContext(req), la, {
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
    query: queueQuery,
    handler: async ({ query }, _req, res) => {
      const { rows, total } = await suggestionQueue(deps.db, {
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
      res.set('Cache-Control', 'no-store').json(await getOneSuggestion(deps.db, params.id))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/suggestions/:id/accept', tags: ['suggestions'],
    summary: 'Accept a suggestion, optionally editing it: creates or corrects the asset as verified (editor)',
    params: idPath, body: acceptBody,
    handler: async ({ params, body }, req, res) => {
      res.json(await acceptSuggestion(deps.db, writeContext(req), la, params.id, body))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/suggestions/:id/reject', tags: ['suggestions'], summary: 'Reject a suggestion with a reason (editor)',
    params: idPath, body: z.strictObject({ reason: lineText(500) }),
    handler: async ({ params, body }, req, res) => {
      res.json(await rejectSuggestion(deps.db, writeContext(req), params.id, body.reason))
    },
  })
  return r
}
