/**
 * Signing in with the council's identity provider: OpenID Connect authorization code flow with
 * PKCE, through openid-client. `start` gives the provider URL to send the browser to and the state
 * to keep (in a signed cookie) until the provider sends it back; `finish` exchanges the code,
 * checks state, nonce and the ID token, reads the groups or roles claim (from the ID token, else
 * userinfo) and returns the session. The provider's metadata is discovered on first use and kept;
 * a failed discovery is retried on the next sign-in, not cached.
 */
import * as oidc from 'openid-client'
import { roleAtLeast, type Role } from '../auth/roles'
import { newId, roleFromClaim, type Session, type SignInState } from '../auth/session'
import type { Config } from '../config'
import { DomainError, Forbidden } from './errors'

/** Sign-in is not configured (no OIDC_ISSUER) or the provider cannot be reached. */
export class SignInUnavailable extends DomainError {}

/** How long a started sign-in may take before its state cookie is no longer accepted. */
export const SIGN_IN_MINUTES = 10

type OidcConfig = Pick<Config, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_PROVIDER_NAME' | 'OIDC_SCOPES' | 'OIDC_ROLES_CLAIM' | 'OIDC_ROLE_MAP' | 'SESSION_HOURS'>

export class OidcSignIn {
  private discovered: Promise<oidc.Configuration> | undefined

  /**
   * @param invited the role an admin invited this e-mail address with (people.ts), if any: a person
   *   holds the higher of it and the role their provider groups map to
   */
  constructor(private readonly config: OidcConfig, private readonly invited: (email: string | undefined) => Promise<Role | null> = async () => null) {}

  get available(): boolean {
    return Boolean(this.config.OIDC_ISSUER && this.config.OIDC_CLIENT_ID)
  }

  /** The name on the sign-in button. */
  get providerName(): string | null {
    if (!this.config.OIDC_ISSUER) return null
    return this.config.OIDC_PROVIDER_NAME ?? new URL(this.config.OIDC_ISSUER).hostname
  }

  private provider(): Promise<oidc.Configuration> {
    const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: id, OIDC_CLIENT_SECRET: secret } = this.config
    if (!issuer || !id) return Promise.reject(new SignInUnavailable('Signing in with an identity provider is not configured on this server (OIDC_ISSUER); use an API token.'))
    if (!this.discovered) {
      const url = new URL(issuer)
      // config.ts allows http:// only for a provider on this machine (the tests start one).
      const insecure = url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}
      this.discovered = oidc.discovery(url, id, secret, undefined, { ...insecure, timeout: 10 }).catch((err: Error) => {
        this.discovered = undefined
        throw new SignInUnavailable(`The identity provider at ${issuer} could not be reached (${err.message}); try again shortly, or use an API token.`)
      })
    }
    return this.discovered
  }

  /** Where to send the browser, and what to keep until it comes back to `redirectUri`. */
  async start(redirectUri: string, returnTo: string): Promise<{ url: string; state: SignInState }> {
    const provider = await this.provider()
    const state: SignInState = {
      state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(),
      return: returnTo, exp: Date.now() + SIGN_IN_MINUTES * 60_000,
    }
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: redirectUri, scope: this.config.OIDC_SCOPES, state: state.state, nonce: state.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(state.verifier), code_challenge_method: 'S256',
    })
    return { url: url.href, state }
  }

  /** The session of the person the provider sent back (`callbackUrl`: redirect URI plus the provider's query). */
  async finish(callbackUrl: URL, kept: SignInState | null): Promise<Session> {
    const provider = await this.provider()
    if (!kept) throw new Forbidden('This sign-in was not started here, or took longer than 10 minutes: start again.')
    let claims: Record<string, unknown>
    try {
      const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
        pkceCodeVerifier: kept.verifier, expectedState: kept.state, expectedNonce: kept.nonce, idTokenExpected: true,
      })
      claims = { ...tokens.claims()! }
      const claimName = this.config.OIDC_ROLES_CLAIM
      // Providers that follow OpenID Connect strictly put scope claims in userinfo only.
      if (claims[claimName] === undefined || claims.name === undefined) {
        const info = await oidc.fetchUserInfo(provider, tokens.access_token, String(claims.sub))
        claims = { ...info, ...claims, [claimName]: claims[claimName] ?? info[claimName] }
      }
    } catch (err) {
      throw new Forbidden(`The identity provider did not confirm the sign-in: ${(err as Error).message}`)
    }
    const sub = String(claims.sub)
    const fromGroups: Role = roleFromClaim(claims[this.config.OIDC_ROLES_CLAIM], this.config.OIDC_ROLE_MAP)
    // an address the provider says it has not verified is not matched to an invitation
    const invited = await this.invited(typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined)
    const role: Role = invited && roleAtLeast(invited, fromGroups) ? invited : fromGroups
    const name = [claims.name, claims.preferred_username, claims.email].find((v): v is string => typeof v === 'string' && v.length > 0) ?? sub
    return { sub, name: name.slice(0, 200), role, sid: newId(), exp: Date.now() + this.config.SESSION_HOURS * 3_600_000 }
  }
}
