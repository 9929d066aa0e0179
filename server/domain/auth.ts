/**
 * Authentication and token management. A request's bearer token resolves to an Actor (or to the
 * reason it does not); admins issue and revoke tokens; the CLI issues the first admin token.
 * Config EDITOR_TOKENS stay valid as bootstrap editor tokens until user accounts exist: they cannot
 * be revoked through the API (remove them from the configuration instead).
 */
import type { Database } from '../db/connect'
import type { Actor, Role } from '../auth/roles'
import { generateToken, matchBootstrapToken, parseToken, sameHash, hashToken } from '../auth/tokens'
import { findTokenWithHash, getToken, insertToken, listTokens, markRevoked, touchToken, type TokenRow } from '../db/auth'
import { Conflict, NotFound } from './errors'
import { recordAudit, type WriteContext } from './audit'

export type AuthFailure = 'malformed' | 'unknown' | 'revoked' | 'expired'
export type AuthResult = { ok: true; actor: Actor } | { ok: false; reason: AuthFailure }

/** What the holder of `token` may do. Never throws for a bad token: the caller decides. */
export async function resolveToken(db: Database, token: string, bootstrap: readonly string[], now = new Date()): Promise<AuthResult> {
  const boot = matchBootstrapToken(token, bootstrap)
  if (boot) return { ok: true, actor: { id: boot, name: 'EDITOR_TOKENS bootstrap editor', role: 'editor', kind: 'bootstrap', expiresAt: null } }
  const parsed = parseToken(token)
  if (!parsed) return { ok: false, reason: 'malformed' }
  const row = await findTokenWithHash(db.knex, parsed.id)
  if (!row || !sameHash(row.token_hash, hashToken(token))) return { ok: false, reason: 'unknown' }
  if (row.revoked_at) return { ok: false, reason: 'revoked' }
  if (new Date(row.expires_at) <= now) return { ok: false, reason: 'expired' }
  await touchToken(db.knex, row.id)
  return { ok: true, actor: { id: row.id, name: row.name, role: row.role, kind: 'token', expiresAt: row.expires_at } }
}

export interface IssuedToken extends TokenRow {
  /** the bearer token, returned once and never again */
  token: string
}

export const TOKEN_DEFAULT_DAYS = 90
export const TOKEN_MAX_DAYS = 3650

/** Creates a token for `name` with `role`, valid for `expiresDays`; records it in the audit trail (without the secret). */
export async function issueToken(db: Database, ctx: WriteContext, o: { name: string; role: Role; expiresDays: number }): Promise<IssuedToken> {
  const t = generateToken()
  const expires = new Date(Date.now() + o.expiresDays * 86_400_000)
  return db.transaction(async (trx) => {
    const row = await insertToken(trx, {
      id: t.id, name: o.name, role: o.role, token_hash: t.hash, created_by: ctx.actor.id ?? ctx.actor.name, expires_at: expires,
    })
    await recordAudit(trx, ctx, { action: 'token.create', entity: 'token', entityId: row.id, before: null, after: row })
    return { ...row, token: t.token }
  })
}

/** Revokes a token at once; revoking it again is a 409. */
export async function revokeToken(db: Database, ctx: WriteContext, id: string): Promise<TokenRow> {
  return db.transaction(async (trx) => {
    const before = await getToken(trx, id, { forUpdate: true })
    if (!before) throw new NotFound(`No token with id ${id}`)
    if (before.revoked_at) throw new Conflict(`Token ${id} was already revoked at ${before.revoked_at}`)
    const after = await markRevoked(trx, id, ctx.actor.id ?? ctx.actor.name)
    await recordAudit(trx, ctx, { action: 'token.revoke', entity: 'token', entityId: id, before, after })
    return after
  })
}

export type TokenStatus = 'active' | 'expired' | 'revoked'

/** Whether a token still opens anything: revoked wins over expired, both over active. */
export function tokenStatus(t: Pick<TokenRow, 'expires_at' | 'revoked_at'>, now = new Date()): TokenStatus {
  if (t.revoked_at) return 'revoked'
  return new Date(t.expires_at).getTime() <= now.getTime() ? 'expired' : 'active'
}

export async function tokenList(db: Database): Promise<Array<TokenRow & { status: TokenStatus }>> {
  const now = new Date()
  return (await listTokens(db.knex)).map((t) => ({ ...t, status: tokenStatus(t, now) }))
}

export type { TokenRow }
