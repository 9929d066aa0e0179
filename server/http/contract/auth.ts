/** Roles and GET /api/auth/me: who a bearer token belongs to. */
import type { Role } from '../../auth/roles'

export type { Role }

export type Me =
  | { authenticated: true; id: string; name: string; role: Role; kind: string; expires_at: string | null }
  | { authenticated: false; role: null; reason?: 'malformed' | 'unknown' | 'revoked' | 'expired' }
