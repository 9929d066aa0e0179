/**
 * The asset register as editors see it: each asset with its source (imported or added here), the
 * fields an editor changed (kept across re-imports: the overrides upsertAssets applies again), and
 * each asset's history of changes from the audit trail, field by field, before and after.
 */
import { assetAuditRecords, registerRecords, type RegisterRecord } from '../db/assetRegister'
import type { Database } from '../db/connect'
import { NotFound } from './errors'

export interface AssetRegisterRow extends Omit<RegisterRecord, 'overrides' | 'attrs'> {
  /** the fields an editor set on this asset ('place' for a move), which a re-import keeps */
  edited: string[]
  provenance: string | null
  note: string | null
}

const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v))

function registerRow({ overrides, attrs, ...r }: RegisterRecord): AssetRegisterRow {
  const edited = Object.keys(overrides).flatMap((k) => (k === 'point' ? ['place'] : k === 'attrs' ? Object.keys(overrides.attrs as object) : [k]))
  return { ...r, edited: [...new Set(edited)].sort(), provenance: text(attrs.provenance), note: text(attrs.note) }
}

export async function assetRegister(db: Database): Promise<AssetRegisterRow[]> {
  return (await registerRecords(db.knex)).map(registerRow)
}

export async function assetRegisterRow(db: Database, id: number): Promise<AssetRegisterRow> {
  const [r] = await registerRecords(db.knex, [id])
  if (!r) throw new NotFound(`No asset with id ${id}`)
  return registerRow(r)
}

export interface FieldChange { field: string; before: string | null; after: string | null }

export interface AssetChangeEntry {
  /** the audit entry */
  id: number
  at: string
  action: string
  actor_name: string
  changes: FieldChange[]
}

const COLUMNS = ['name', 'category', 'address', 'postcode', 'status'] as const

const place = (s: Record<string, unknown> | null) => (s && s.lat != null ? `${Number(s.lat).toFixed(5)}, ${Number(s.lon).toFixed(5)}` : null)

/** What an audit entry changed, field by field (a creation: every field from nothing). */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const out: FieldChange[] = []
  const push = (field: string, b: string | null, a: string | null) => { if (b !== a) out.push({ field, before: b, after: a }) }
  for (const c of COLUMNS) push(c, text(before?.[c]), text(after?.[c]))
  push('place', place(before), place(after))
  const ba = (before?.attrs ?? {}) as Record<string, unknown>
  const aa = (after?.attrs ?? {}) as Record<string, unknown>
  for (const k of [...new Set([...Object.keys(ba), ...Object.keys(aa)])].sort()) push(k, text(ba[k]), text(aa[k]))
  return out
}

/** The asset's changes from the audit trail, newest first. */
export async function assetChanges(db: Database, id: number, limit: number): Promise<AssetChangeEntry[]> {
  const rows = await assetAuditRecords(db.knex, id, limit)
  return rows.map((r) => ({ id: r.id, at: r.at, action: r.action, actor_name: r.actor_name, changes: fieldChanges(r.before, r.after) }))
}
