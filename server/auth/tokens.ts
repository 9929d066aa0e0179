/**
 * Bearer tokens: "atlas_<id>_<secret>". The id (10 hex digits) is public: it is how a token is
 * listed, revoked and named in the audit trail. The secret is 32 random bytes (base64url, 43
 * characters) shown once. Only the SHA-256 of the whole token is stored: with 256 bits of entropy a
 * fast hash is enough (a slow KDF such as scrypt protects guessable passwords, not random keys).
 *
 * @example
 * const t = generateToken() // { id: '3f9a0c11d2', token: 'atlas_3f9a0c11d2_Qm9...', hash: 'e3b0...' }
 * parseToken(t.token)       // { id: '3f9a0c11d2' }
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const PREFIX = 'atlas'
const TOKEN_RE = /^atlas_([0-9a-f]{10})_([A-Za-z0-9_-]{43})$/

export interface GeneratedToken {
  id: string
  /** the bearer token: give it to its holder once, never store it */
  token: string
  /** hex SHA-256 of `token`: the only thing stored */
  hash: string
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function generateToken(): GeneratedToken {
  const id = randomBytes(5).toString('hex')
  const token = `${PREFIX}_${id}_${randomBytes(32).toString('base64url')}`
  return { id, token, hash: hashToken(token) }
}

/** The public id of a well-formed token, or null. */
export function parseToken(token: string): { id: string } | null {
  const m = TOKEN_RE.exec(token)
  return m ? { id: m[1] } : null
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

/**
 * Matches a token against the bootstrap editor tokens from config (EDITOR_TOKENS), in constant time
 * per candidate. Returns a stable public id for the audit trail (never the token itself).
 */
export function matchBootstrapToken(token: string, bootstrap: readonly string[]): string | null {
  const given = hashToken(token)
  for (const t of bootstrap) {
    const h = hashToken(t)
    if (sameHash(h, given)) return `config:${h.slice(0, 8)}`
  }
  return null
}
