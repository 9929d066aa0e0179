/**
 * The audit trail as a use-case: every write records who, what, before and after with
 * `recordAudit`, inside the write's own transaction, so a change and its record commit or roll back
 * together. Admins read it page by page or export it.
 */
import type { Database, Transaction } from '../db/connect'
import { countAudit, insertAudit, listAudit, type AuditFilter, type AuditRow } from '../db/audit'

/** Who is writing and under which request: passed from the HTTP layer to every write use-case. */
export interface WriteContext {
  actor: { id: string | null; name: string; role: string }
  requestId: string | null
}

export interface AuditEntry {
  /** verb in entity.verb form, e.g. "asset.update", "suggestion.accept", "token.revoke" */
  action: string
  entity: string
  entityId: string | number | null
  before?: unknown
  after?: unknown
}

export async function recordAudit(trx: Transaction, ctx: WriteContext, e: AuditEntry): Promise<number> {
  return insertAudit(trx, {
    actor_id: ctx.actor.id, actor_name: ctx.actor.name, actor_role: ctx.actor.role,
    action: e.action, entity: e.entity, entity_id: e.entityId === null ? null : String(e.entityId),
    before: e.before ?? null, after: e.after ?? null, request_id: ctx.requestId,
  })
}

export interface AuditPage {
  total: number
  limit: number
  offset: number
  entries: AuditRow[]
}

export async function readAudit(db: Database, f: AuditFilter, page: { limit: number; offset: number }): Promise<AuditPage> {
  const entries = await listAudit(db.knex, f, page)
  const total = await countAudit(db.knex, f)
  return { total, ...page, entries }
}

export type { AuditFilter, AuditRow }
