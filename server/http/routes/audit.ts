/** The audit trail for admins: paged JSON, or CSV for export. */
import { Router } from 'express'
import { z } from 'zod'
import { readAudit } from '../../domain/audit'
import { auditDataset } from '../../domain/exports/areas'
import { TABLE_FORMATS } from '../../exports/formats'
import type { AppDeps } from '../app'
import { formatParam, mediaTypes, sendExport } from '../export'
import { intParam, route } from '../route'
import { instant, word } from '../contract/audit'

export function auditRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/audit', tags: ['admin'],
    summary: 'The audit trail, newest first: filter by entity, action, actor or time; page with limit/offset; format=csv to export (admin)',
    query: z.strictObject({
      entity: word.optional(),
      entity_id: word.optional(),
      action: word.optional(),
      actor: word.optional(),
      since: instant.optional(),
      until: instant.optional(),
      limit: intParam(1, 10_000, 100),
      offset: intParam(0, 10_000_000, 0),
      format: formatParam(['json', ...TABLE_FORMATS]),
    }),
    produces: mediaTypes(['json', ...TABLE_FORMATS]),
    handler: async ({ query }, req, res) => {
      const page = await readAudit(
        deps.db,
        { entity: query.entity, entityId: query.entity_id, action: query.action, actorId: query.actor, since: query.since, until: query.until },
        { limit: query.limit, offset: query.offset },
      )
      res.set('Cache-Control', 'no-store')
      if (query.format !== 'json') {
        res.set('X-Total-Count', String(page.total))
        await sendExport(req, res, query.format, auditDataset(page.entries))
        return
      }
      const next = page.offset + page.entries.length < page.total ? page.offset + page.entries.length : null
      res.json({ ...page, next_offset: next })
    },
  })
  return r
}
