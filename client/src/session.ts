/**
 * The browser session's API token: kept in sessionStorage for this tab only, sent as a bearer token
 * on writes. Every panel that writes asks here, so signing in once serves them all.
 */
const KEY = 'locality-atlas.editorToken'
const listeners = new Set<(token: string | null) => void>()

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY)
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token)
  else sessionStorage.removeItem(KEY)
  for (const l of listeners) l(token)
}

/** The token for a write, asking the user when there is none yet; null when they decline. */
export async function tokenForWrite(): Promise<string | null> {
  let token = currentToken()
  if (!token) {
    token = window.prompt('Editor token (kept for this browser session only):')?.trim() ?? ''
    if (!token) return null
    setToken(token)
  }
  return token
}

/** After a 401 the token is no longer good (revoked, expired, mistyped): forget it. */
export function rejectToken(status: number | undefined): void {
  if (status === 401) setToken(null)
}

export function onSessionChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
