/**
 * The part of oidc-provider 8 (which ships no types; @types/oidc-provider is not installed) that
 * test/support/oidcProvider.ts uses.
 */
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http'

  interface Account { accountId: string; claims(): Record<string, unknown> | Promise<Record<string, unknown>> }
  interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }
  interface KoaContextWithOIDC {
    oidc: {
      provider: Provider
      session?: { accountId?: string }
      client?: { clientId: string }
    }
  }
  interface Configuration {
    clients?: Array<Record<string, unknown>>
    claims?: Record<string, string[]>
    scopes?: string[]
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: unknown) => boolean }
    cookies?: { keys?: string[] }
    ttl?: Record<string, number>
    findAccount?: (ctx: KoaContextWithOIDC, id: string) => Account | undefined | Promise<Account | undefined>
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>
  }
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    Grant: new (o: { accountId: string; clientId: string }) => Grant
    callback(): RequestListener
  }
}
