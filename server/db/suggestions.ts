/** The suggestion moderation queue: insert, list by status, lock one for a decision, record it. */
import type { Knex } from 'knex'

type Db = Knex | Knex.Transaction

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected'

export interface SuggestionInsert {
  kind: 'new-asset' | 'correction'
  name: string
  category: string | null
  description: string | null
  contact: string | null
  address: string | null
  postcode: string | null
  lon: number | null
  lat: number | null
  asset_id: number | null
  fields: Record<string, unknown>
}

export interface SuggestionRow extends SuggestionInsert {
  id: number
  status: SuggestionStatus
  submitted_at: string
  decided_at: string | null
  decided_by: string | null
  reason: string | null
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())

function plain(r: Record<string, unknown>): SuggestionRow {
  return {
    ...(r as unknown as SuggestionRow),
    id: Number(r.id),
    asset_id: r.asset_id === null ? null : Number(r.asset_id),
    lon: r.lon === null ? null : Number(r.lon),
    lat: r.lat === null ? null : Number(r.lat),
    fields: typeof r.fields === 'string' ? JSON.parse(r.fields) : (r.fields as Record<string, unknown>),
    submitted_at: iso(r.submitted_at)!,
    decided_at: iso(r.decided_at),
  }
}

export async function insertSuggestion(trx: Db, s: SuggestionInsert): Promise<SuggestionRow> {
  const [r] = await trx('suggestions').insert({ ...s, fields: JSON.stringify(s.fields) }).returning('*')
  return plain(r)
}

export async function getSuggestion(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<SuggestionRow | null> {
  const q = db('suggestions').where({ id }).first('*')
  if (opts.forUpdate) q.forUpdate()
  const r = await q
  return r ? plain(r) : null
}

/** Suggestions with one status (all when omitted), oldest first: the order a moderator works through them. */
export async function listSuggestions(db: Db, q: { status?: SuggestionStatus; limit: number; offset: number }): Promise<{ rows: SuggestionRow[]; total: number }> {
  const base = () => (q.status ? db('suggestions').where({ status: q.status }) : db('suggestions'))
  const rows = await base().select('*').orderBy([{ column: 'submitted_at' }, { column: 'id' }]).limit(q.limit).offset(q.offset)
  const [c] = await base().count<{ n: number }[]>({ n: '*' })
  return { rows: rows.map(plain), total: Number(c.n) }
}

export async function decideSuggestion(
  trx: Knex.Transaction, id: number, d: { status: 'accepted' | 'rejected'; decided_by: string; reason: string | null; asset_id?: number },
): Promise<SuggestionRow> {
  const [r] = await trx('suggestions').where({ id }).update({ ...d, decided_at: trx.fn.now() }).returning('*')
  return plain(r)
}
