/** API tokens: inserted with their hash only; listed without it. */
import type { Knex } from 'knex'
import type { Role } from '../auth/roles'

type Db = Knex | Knex.Transaction

export interface TokenRow {
  id: string
  name: string
  role: Role
  created_at: string
  created_by: string
  expires_at: string
  revoked_at: string | null
  revoked_by: string | null
  /** when a request last authenticated with it (to the minute), null if never */
  last_used_at: string | null
}

const PUBLIC_COLUMNS = ['id', 'name', 'role', 'created_at', 'created_by', 'expires_at', 'revoked_at', 'revoked_by', 'last_used_at'] as const

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString())
const plain = (r: Record<string, unknown>): TokenRow => ({
  ...(r as unknown as TokenRow),
  created_at: iso(r.created_at)!, expires_at: iso(r.expires_at)!, revoked_at: iso(r.revoked_at), last_used_at: iso(r.last_used_at),
})

export async function insertToken(
  trx: Db, t: { id: string; name: string; role: Role; token_hash: string; created_by: string; expires_at: Date },
): Promise<TokenRow> {
  const [r] = await trx('api_tokens').insert(t).returning([...PUBLIC_COLUMNS])
  return plain(r)
}

/** A token by its public id, with its hash (for verification only; never leaves the server). */
export async function findTokenWithHash(db: Db, id: string): Promise<(TokenRow & { token_hash: string }) | null> {
  const r = await db('api_tokens').where({ id }).first([...PUBLIC_COLUMNS, 'token_hash'])
  return r ? { ...plain(r), token_hash: r.token_hash } : null
}

export async function getToken(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<TokenRow | null> {
  const q = db('api_tokens').where({ id }).first([...PUBLIC_COLUMNS])
  if (opts.forUpdate) q.forUpdate()
  const r = await q
  return r ? plain(r) : null
}

/** Every token, newest first, without hashes. */
export async function listTokens(db: Db): Promise<TokenRow[]> {
  const rows = await db('api_tokens').select([...PUBLIC_COLUMNS]).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
  return rows.map(plain)
}

export async function markRevoked(trx: Db, id: string, by: string): Promise<TokenRow> {
  const [r] = await trx('api_tokens').where({ id }).update({ revoked_at: trx.fn.now(), revoked_by: by }).returning([...PUBLIC_COLUMNS])
  return plain(r)
}

/**
 * Records that a token was used: at most one write a minute per token, so authenticated reads do
 * not each cost a write.
 */
export async function touchToken(db: Db, id: string): Promise<void> {
  await db('api_tokens').where({ id }).andWhere((q) => q.whereNull('last_used_at').orWhereRaw("last_used_at < now() - interval '1 minute'")).update({ last_used_at: db.fn.now() })
}
