/**
 * A real OpenID provider (the `oidc-provider` package, as a council's identity provider would be)
 * on a loopback port, for the sign-in tests. Its accounts are fixed users with groups; its login
 * page is the package's development form (any password), and consent is pre-granted, as a council
 * tenant does for its own applications. The app's callback URL is known only once the app is
 * listening, so the port is taken first (`issuer`) and the provider attached with `attach`.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

export interface OidcUser {
  sub: string
  name: string
  groups: string[]
  /** given (verified) with the email scope */
  email?: string
}

export const CLIENT_ID = 'locality-atlas'
export const CLIENT_SECRET = 'a-client-secret-for-the-tests-only-0123456789'

export interface TestProvider {
  issuer: string
  /** starts answering as the provider, with the app's redirect URI registered */
  attach(redirectUri: string): void
  close(): Promise<void>
}

export async function startProvider(users: OidcUser[]): Promise<TestProvider> {
  let handler: http.RequestListener = (_req, res) => { res.statusCode = 503; res.end('provider not attached yet') }
  const server = http.createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    issuer,
    attach(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{
          client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri],
          grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
        }],
        claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'], email: ['email', 'email_verified'] },
        scopes: ['openid', 'profile', 'groups', 'email'],
        pkce: { required: () => true },
        cookies: { keys: ['test-provider-cookie-key'] },
        ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600 },
        findAccount: (_ctx, id) => {
          const u = users.find((x) => x.sub === id)
          return u ? { accountId: u.sub, claims: () => ({ sub: u.sub, name: u.name, preferred_username: u.sub, groups: u.groups, ...(u.email ? { email: u.email, email_verified: true } : {}) }) } : undefined
        },
        // The council has consented for its own application: no consent page.
        loadExistingGrant: async (ctx) => {
          const grant = new ctx.oidc.provider.Grant({ accountId: ctx.oidc.session!.accountId!, clientId: ctx.oidc.client!.clientId })
          grant.addOIDCScope('openid profile groups email')
          await grant.save()
          return grant
        },
      })
      handler = provider.callback()
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/**
 * Signs in over plain HTTP as a browser would (following redirects by hand, keeping cookies per
 * origin) and returns the app's session cookie: for tests of the session itself, not of the UI.
 */
export async function signInOverHttp(appUrl: string, login: string): Promise<string> {
  const jar = new Map<string, Map<string, string>>()
  const cookieHeader = (u: URL) => [...(jar.get(u.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = (u: URL, res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';')
      const eq = kv.indexOf('=')
      const m = jar.get(u.host) ?? new Map<string, string>()
      m.set(kv.slice(0, eq), kv.slice(eq + 1))
      jar.set(u.host, m)
    }
  }
  const go = async (url: URL, init: RequestInit = {}): Promise<{ res: Response; url: URL }> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader(url) } })
    keep(url, res)
    const loc = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && loc) return go(new URL(loc, url))
    return { res, url }
  }
  const form = await go(new URL('/api/auth/login?return=/', appUrl))
  if (form.res.status !== 200) throw new Error(`no login form: ${form.res.status} ${await form.res.text()}`)
  const html = await form.res.text()
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
  if (!action) throw new Error(`no form in ${html.slice(0, 300)}`)
  const done = await go(new URL(action, form.url), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
  })
  const app = new URL(appUrl)
  const session = jar.get(app.host)?.get('atlas_session')
  if (!session) throw new Error(`no session after sign-in (ended at ${done.url} with ${done.res.status}: ${(await done.res.text()).slice(0, 300)})`)
  return `atlas_session=${session}`
}
