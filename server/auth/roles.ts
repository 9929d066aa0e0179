/**
 * The three roles, weakest first. A viewer may read (as anyone may) and see who it is; an editor
 * also moderates suggestions, edits assets and locality definitions and saves scenarios and
 * indices; an admin also manages tokens, reads the audit trail and runs imports.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** True when `role` grants at least what `needed` grants. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

/** Who made a request or a change: what the audit trail records. */
export interface Actor {
  /** token id (public part of the token); "config:<hash prefix>" for an EDITOR_TOKENS token; "cli"; "oidc:<sub>" for a person signed in */
  id: string
  name: string
  role: Role
  /** where the identity came from */
  kind: 'token' | 'bootstrap' | 'cli' | 'oidc'
  expiresAt: string | null
}

/** The actor recorded for anonymous writes (suggestions). */
export const ANONYMOUS = { id: null, name: 'anonymous', role: 'public' } as const
