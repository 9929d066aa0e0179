/** The append-only audit trail: one insert per change, read newest first. */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

export interface AuditInsert {
  actor_id: string | null
  actor_name: string
  actor_role: string
  action: string
  entity: string
  entity_id: string | null
  before: unknown
  after: unknown
  request_id: string | null
}

export interface AuditRow extends AuditInsert {
  id: number
  at: string
}

export interface AuditFilter {
  entity?: string
  entityId?: string
  action?: string
  actorId?: string
  since?: Date
  until?: Date
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))
const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? null))

/** Appends one row; call it with the transaction of the change it records. */
export async function insertAudit(trx: Knex.Transaction, a: AuditInsert): Promise<number> {
  const [r] = await trx('audit_log').insert({ ...a, before: json(a.before), after: json(a.after) }).returning('id')
  return Number(r.id)
}

function filtered(db: Db, f: AuditFilter): Knex.QueryBuilder {
  const q = db('audit_log')
  if (f.entity) q.where('entity', f.entity)
  if (f.entityId) q.where('entity_id', f.entityId)
  if (f.action) q.where('action', f.action)
  if (f.actorId) q.where('actor_id', f.actorId)
  if (f.since) q.where('at', '>=', f.since)
  if (f.until) q.where('at', '<', f.until)
  return q
}

const row = (r: Record<string, unknown>): AuditRow => ({
  ...(r as unknown as AuditRow), id: Number(r.id), at: new Date(r.at as string).toISOString(),
  before: parsed(r.before), after: parsed(r.after),
})

/** One audit row by id (undefined when there is none). */
export async function getAudit(db: Db, id: number): Promise<AuditRow | undefined> {
  const r = await db('audit_log').where({ id }).first()
  return r ? row(r) : undefined
}

/** A page of audit rows, newest first. */
export async function listAudit(db: Db, f: AuditFilter, page: { limit: number; offset: number }): Promise<AuditRow[]> {
  const rows = await filtered(db, f).select('*').orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(page.limit).offset(page.offset)
  return rows.map(row)
}

export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  const [r] = await filtered(db, f).count<{ n: number }[]>({ n: '*' })
  return Number(r.n)
}
