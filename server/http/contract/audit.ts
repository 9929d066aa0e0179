/** GET /api/admin/audit: the audit trail. */
import type { AuditRow } from '../../domain/audit'

export type { AuditRow }
export interface AuditPage { total: number; entries: AuditRow[] }
