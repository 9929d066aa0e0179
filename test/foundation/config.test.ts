import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, describeDatabase, loadConfig, projectRoot, settings } from '../../server/config'

describe('configuration', () => {
  it('defaults to the embedded backend with no DATABASE_URL', () => {
    const c = loadConfig({})
    expect(c.backend).toBe('embedded')
    expect(c.PORT).toBe(3000)
    expect(c.LOCAL_AUTHORITY).toBe('E09000002')
    expect(describeDatabase(c)).toMatch(/^embedded PGlite at /)
  })

  it('uses the server backend with DATABASE_URL and never prints its password', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://atlas:s3cret@db.example:5433/atlas' })
    expect(c.backend).toBe('server')
    expect(describeDatabase(c)).toBe('server db.example:5433/atlas as atlas')
    expect(describeDatabase(c)).not.toContain('s3cret')
  })

  it('lists every problem at once', () => {
    let err: unknown
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const problems = (err as ConfigError).problems
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/PORT="abc"/)
    expect(problems.join('\n')).toMatch(/DATABASE_URL="mysql:\/\/x": must be a postgres:/)
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud"/)
  })

  it('rejects a port out of range and a malformed authority code', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000"/)
    expect(() => loadConfig({ LOCAL_AUTHORITY: 'Barking' })).toThrow(/ONS local authority code/)
  })

  it('reads the fleet settings: solver workers (auto or a count), job concurrency, expiry, retries, result lifetime, limit scope, tile cache', () => {
    const d = loadConfig({})
    expect(d).toMatchObject({ SOLVER_WORKERS: 'auto', JOB_CONCURRENCY: 4, JOB_EXPIRE_SECONDS: 120, JOB_MAINTENANCE_SECONDS: 15, JOB_RETRY_LIMIT: 3, JOB_RESULT_MINUTES: 15, RATE_LIMIT_SCOPE: 'atlas', TILE_CACHE_BYTES: 32 * 1024 * 1024, SHUTDOWN_GRACE_MS: 10_000 })
    const c = loadConfig({ SOLVER_WORKERS: '3', JOB_CONCURRENCY: '8', JOB_EXPIRE_SECONDS: '300', TILE_CACHE_BYTES: '0' })
    expect(c).toMatchObject({ SOLVER_WORKERS: 3, JOB_CONCURRENCY: 8, JOB_EXPIRE_SECONDS: 300, TILE_CACHE_BYTES: 0 })
    expect(() => loadConfig({ SOLVER_WORKERS: 'many' })).toThrow(/SOLVER_WORKERS="many"/)
    expect(() => loadConfig({ JOB_EXPIRE_SECONDS: '2' })).toThrow(/JOB_EXPIRE_SECONDS="2"/)
    expect(() => loadConfig({ RATE_LIMIT_SCOPE: 'a b' })).toThrow(/RATE_LIMIT_SCOPE/)
  })

  it("the README's configuration table lists every setting with its default and its documentation (npm run config:doc)", () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    for (const [k, s] of Object.entries(settings)) {
      const def = s.default === undefined ? '(unset)' : s.default === '' ? '(empty)' : `\`${String(s.default).replace(projectRoot, '.')}\``
      expect(readme, k).toContain(`| \`${k}\` | ${def} | ${s.doc} |`)
    }
  })

  it('parses the sign-in settings: the group-to-role map, https issuers (http only on loopback), and what OIDC_ISSUER needs', () => {
    const secret = 'x'.repeat(32)
    const c = loadConfig({ OIDC_ISSUER: 'https://login.example.gov.uk/realms/council', OIDC_CLIENT_ID: 'atlas', OIDC_CLIENT_SECRET: 's', SESSION_SECRET: secret, OIDC_ROLE_MAP: 'atlas-editors=editor, atlas-admins = admin' })
    expect(c.OIDC_ROLE_MAP).toEqual({ 'atlas-editors': 'editor', 'atlas-admins': 'admin' })
    expect(c.SESSION_HOURS).toBe(8)
    expect(c.OIDC_SCOPES).toBe('openid profile email')
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 's', SESSION_SECRET: secret }).OIDC_ISSUER).toBe('http://127.0.0.1:4000')
    expect(() => loadConfig({ OIDC_ISSUER: 'http://idp.example', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 's', SESSION_SECRET: secret })).toThrow(/OIDC_ISSUER="http:\/\/idp.example": must be an https/)
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'atlas-editors=superuser' })).toThrow(/"atlas-editors=superuser" is not group=viewer\|editor\|admin/)
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/)
    const missing = (() => { try { loadConfig({ OIDC_ISSUER: 'https://login.example.gov.uk' }) } catch (e) { return (e as ConfigError).problems } return [] })()
    expect(missing).toEqual(['OIDC_CLIENT_ID is required with OIDC_ISSUER', 'OIDC_CLIENT_SECRET is required with OIDC_ISSUER', 'SESSION_SECRET is required with OIDC_ISSUER'])
    expect(() => loadConfig({ OIDC_SCOPES: 'profile email' })).toThrow(/must include openid/)
  })

  it('the server refuses to start on a bad DATABASE_URL with one clear message, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
      env: { ...process.env, DATABASE_URL: 'not a url', PORT: '0x' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Invalid configuration')
    expect(r.stderr).toContain('DATABASE_URL="not a url"')
    expect(r.stderr).toContain('PORT="0x"')
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack frames
  })
})
