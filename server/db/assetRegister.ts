/**
 * The editors' register of community assets: every verified asset, open or closed, with where it
 * came from, the fields an editor set (its overrides) and its last change; and one asset's entries
 * in the audit trail.
 */
import type { Knex } from 'knex'
import { USER_DATASET } from './assetWrites'

export interface RegisterRecord {
  id: number
  name: string
  category: string
  status: 'open' | 'closed'
  closed_reason: string | null
  address: string | null
  postcode: string | null
  precision: string
  lon: number
  lat: number
  dataset_id: string | null
  source: string | null
  imported: boolean
  attrs: Record<string, unknown>
  overrides: Record<string, unknown>
  last_change: string
  last_change_by: string | null
}

const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? {}))

/** The register, newest change first; `ids` narrows it (one asset after a write). */
export async function registerRecords(knex: Knex, ids?: number[]): Promise<RegisterRecord[]> {
  const r = await knex.raw(
    `SELECT a.id, a.name, a.category, a.status, a.closed_reason, a.address, a.postcode, a.precision, a.attrs, a.overrides, a.dataset_id,
       d.title AS source, a.dataset_id IS DISTINCT FROM ? AS imported,
       round(ST_X(a.geom)::numeric, 6)::float8 AS lon, round(ST_Y(a.geom)::numeric, 6)::float8 AS lat,
       GREATEST(a.updated_at, l.at) AS last_change, l.actor_name AS last_change_by
     FROM assets a
     LEFT JOIN datasets d ON d.id = a.dataset_id
     LEFT JOIN LATERAL (
       SELECT at, actor_name FROM audit_log WHERE entity = 'asset' AND entity_id = a.id::text ORDER BY at DESC, id DESC LIMIT 1
     ) l ON true
     WHERE a.verified ${ids ? 'AND a.id = ANY(?::bigint[])' : ''}
     ORDER BY last_change DESC, a.id`,
    ids ? [USER_DATASET, ids] : [USER_DATASET],
  )
  return r.rows.map((x: Record<string, unknown>) => ({
    ...x, id: Number(x.id), lon: Number(x.lon), lat: Number(x.lat), attrs: parsed(x.attrs), overrides: parsed(x.overrides),
    last_change: new Date(x.last_change as string).toISOString(),
  }))
}

export interface AssetAuditRecord {
  id: number
  at: string
  action: string
  actor_name: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** The asset's audit entries, newest first. */
export async function assetAuditRecords(knex: Knex, id: number, limit: number): Promise<AssetAuditRecord[]> {
  const rows = await knex('audit_log').where({ entity: 'asset', entity_id: String(id) })
    .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit)
    .select('id', 'at', 'action', 'actor_name', 'before', 'after')
  return rows.map((x: Record<string, unknown>) => ({
    ...(x as unknown as AssetAuditRecord), id: Number(x.id), at: new Date(x.at as string).toISOString(),
    before: x.before == null ? null : parsed(x.before), after: x.after == null ? null : parsed(x.after),
  }))
}
