/**
 * The browser session: the API token (sessionStorage, this tab only, sent as a bearer token on
 * writes) and who it belongs to (the answer of GET /api/auth/me). Every panel that writes asks
 * here, so signing in once serves them all; the header's sign-in control is the one place a token
 * is typed. Roles here only decide what the UI offers: the server checks every write anyway.
 */
import type { Role } from '../../server/http/contract/auth'

export type { Role }

export interface SessionUser {
  name: string
  role: Role
  expiresAt: string | null
}

const KEY = 'locality-atlas.editorToken'
const ORDER: readonly Role[] = ['viewer', 'editor', 'admin']
const listeners = new Set<(token: string | null) => void>()
const userListeners = new Set<(user: SessionUser | null) => void>()
let user: SessionUser | null = null
let signInPrompt: (() => Promise<string | null>) | null = null
let csrf: string | null = null

/** The CSRF token of the sign-in cookie's session (null: not signed in that way). */
export function currentCsrf(): string | null {
  return csrf
}

export function setCsrf(token: string | null): void {
  csrf = token
}

/**
 * Headers that authorise a write: the bearer token, or the CSRF token when signed in with the
 * identity provider (the cookie goes by itself). Without either, the sign-in control opens and
 * this resolves once signed in, or to null when cancelled.
 */
export async function writeHeaders(): Promise<Record<string, string> | null> {
  const token = currentToken()
  if (token) return { authorization: `Bearer ${token}` }
  if (csrf) return { 'x-csrf-token': csrf }
  const t = signInPrompt ? await signInPrompt() : null
  if (t) return { authorization: `Bearer ${t}` }
  return csrf ? { 'x-csrf-token': csrf } : null
}

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY)
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token)
  else sessionStorage.removeItem(KEY)
  if (!token) { setUser(null); csrf = null }
  for (const l of listeners) l(token)
}

/**
 * The token for a write. Without one, the sign-in control opens (focused) and this resolves once
 * the user has signed in, or to null when they cancel (or no sign-in control is mounted).
 */
export async function tokenForWrite(): Promise<string | null> {
  const token = currentToken()
  if (token) return token
  return signInPrompt ? signInPrompt() : null
}

/** After a 401 the token or sign-in is no longer good (revoked, expired, mistyped): forget it. */
export function rejectToken(status: number | undefined): void {
  if (status === 401) setToken(null)
}

export function onSessionChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Who the token belongs to, once the server has said (null: anonymous or not checked yet). */
export function currentUser(): SessionUser | null {
  return user
}

export function setUser(next: SessionUser | null): void {
  if (next?.name === user?.name && next?.role === user?.role) return
  user = next
  for (const l of userListeners) l(user)
}

export function onUserChange(listener: (user: SessionUser | null) => void): () => void {
  userListeners.add(listener)
  return () => userListeners.delete(listener)
}

/** Whether the signed-in role grants at least `needed` (false when anonymous). */
export function can(needed: Role): boolean {
  return user !== null && ORDER.indexOf(user.role) >= ORDER.indexOf(needed)
}

/** The sign-in control registers how to ask for a token; returns the function that unregisters it. */
export function setSignInPrompt(prompt: () => Promise<string | null>): () => void {
  signInPrompt = prompt
  return () => { if (signInPrompt === prompt) signInPrompt = null }
}

/** Opens the sign-in control (for a "Sign in" link beside a disabled control). */
export function requestSignIn(): Promise<string | null> {
  return signInPrompt ? signInPrompt() : Promise.resolve(null)
}
