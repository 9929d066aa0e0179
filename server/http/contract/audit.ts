/** GET /api/admin/audit: the audit trail, and its filters' schemas. */
import { z } from 'zod'
import type { AuditRow } from '../../domain/audit'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { intParam } from './params'

export type { AuditRow }
export interface AuditPage { total: number; entries: AuditRow[] }

/** An audit filter value: entity, id, action or actor. */
export const word = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'letters, digits and _ . : - only')
/** since/until: an ISO 8601 date or date-time with offset. */
export const instant = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const d = new Date(s)
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(s) || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or date-time with offset, e.g. 2026-01-31 or 2026-01-31T09:00:00Z' })
      return z.NEVER
    }
    return d
  })
  .meta({ description: 'ISO 8601 date or date-time with offset', example: '2026-01-31T09:00:00Z' })

/** The trail's filters and paging, and the export format. */
export const auditQuery = z.strictObject({
  entity: word.optional(),
  entity_id: word.optional(),
  action: word.optional(),
  actor: word.optional(),
  since: instant.optional(),
  until: instant.optional(),
  limit: intParam(1, 10_000, 100),
  offset: intParam(0, 10_000_000, 0),
  format: formatParam(['json', ...RESOURCE_FORMATS.audit]),
})
