/** The audit trail for admins: paged JSON, or CSV for export. */
import { Router } from 'express'
import { readAudit } from '../../domain/audit'
import { auditDataset } from '../../domain/exports/areas'
import { RESOURCE_FORMATS } from '../../exports/formats'
import type { AppDeps } from '../app'
import { mediaTypes, sendExport } from '../export'
import { route } from '../route'
import { auditQuery } from '../contract/audit'

export function auditRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/audit', tags: ['admin'],
    summary: 'The audit trail, newest first: filter by entity, action, actor or time; page with limit/offset; format=csv to export (admin)',
    query: auditQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.audit]),
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
