/**
 * The edges an operator found open (issue 12, items 6 and 7): tokens in URLs, bodies sent chunked,
 * writes and computations outside the limiters, a Host header copied into URLs, HTTPS-only headers
 * over plain http, expired tokens listed as active, aggregates that change in the last digit on a
 * re-import, and a locality definition that leaves wards out. Each is checked over real HTTP (or the
 * real CLI code) on the real database.
 */
import http from 'node:http'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rebuildDerived } from '../../server/import/runner'
import { runAdminCli } from '../../server/cli/admin'
import { STORED_DECIMALS } from '../../server/db/derive'
import { rateLimits } from '../../server/http/auth'
import { createLogger } from '../../server/logger'
import { testConfig } from '../support/db'
import { withApp } from '../support/app'
import { serve } from '../support/http'
import { TEST_LA } from '../support/prepareData'
import { cleanUp, count, expectProblem, http as call0, issue, startTracking, type Created } from './support'

/** A raw request: any Host header, any body, optionally sent in chunks with no Content-Length. */
function raw(base: string, o: { method?: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const u = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (d: Buffer) => parts.push(d)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }))
    })
    req.on('error', reject)
    for (const c of o.chunks ?? []) req.write(c)
    req.end()
  })
}

describe('edges closed: tokens, bodies, limits, hosts, HTTPS headers, tokens listed, stable aggregates, whole localities', () => {
  const logLines: string[] = []
  const sink = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb() } })
  const app = withApp({ deps: () => ({ logger: createLogger('info', sink) }) })
  let track: Created
  const call = call0(() => app.url)

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
  })
  afterAll(async () => {
    if (track) await cleanUp(app.db.knex, track)
  })

  it('refuses a token in the query string with 400 and never writes it to the log', async () => {
    const t = await issue(app.db, 'editor')
    track.tokens.push(t.id)
    const r = await call('GET', `/api/catalogue?access_token=${encodeURIComponent(t.token)}`)
    const p = await expectProblem(r, 400)
    expect(p.detail).toMatch(/only in the Authorization header/)
    await new Promise((res) => setTimeout(res, 50))
    const logged = logLines.join('')
    expect(logged).toContain('/api/catalogue?access_token=[redacted]')
    expect(logged).not.toContain(t.token)
    // and the header itself stays redacted
    await call('GET', '/api/catalogue', { token: t.token })
    await new Promise((res) => setTimeout(res, 50))
    expect(logLines.join('')).not.toContain(t.token)
  })

  it('stops a 900 KB suggestion sent chunked (no Content-Length) at the 16 KB limit with 413, storing nothing', async () => {
    const before = await count(app.db.knex, 'suggestions')
    const body = Buffer.from(JSON.stringify({ kind: 'new-asset', name: 'Chunked', category: 'other', description: 'x'.repeat(900_000) }))
    const chunks = Array.from({ length: Math.ceil(body.length / 8192) }, (_, i) => body.subarray(i * 8192, (i + 1) * 8192))
    const r = await raw(app.url, { method: 'POST', path: '/api/suggestions', headers: { 'content-type': 'application/json' }, chunks })
    expect(r.status).toBe(413)
    expect(JSON.parse(r.text).detail).toMatch(/larger than the 16384 bytes/)
    expect(await count(app.db.knex, 'suggestions')).toBe(before)
  })

  it(`limits an editor's siting and targeting writes: the ${rateLimits.writes.limit + 1}th in a minute is 429`, async () => {
    const t = await issue(app.db, 'editor', 'busy editor')
    track.tokens.push(t.id)
    const statuses: number[] = []
    // invalid bodies count too (the limit is on attempts), and store nothing
    for (let i = 0; i < rateLimits.writes.limit; i++) {
      const path = i % 2 ? '/api/siting/scenarios' : '/api/targeting/indices'
      statuses.push((await call('POST', path, { token: t.token, body: {} })).status)
    }
    expect(new Set(statuses)).toEqual(new Set([400]))
    const p = await expectProblem(await call('POST', '/api/targeting/anchors', { token: t.token, body: {} }), 429)
    expect(p.detail).toMatch(new RegExp(`at most ${rateLimits.writes.limit} per 1 minutes`))
  })

  it(`limits anonymous computations per address: the ${rateLimits.compute.limit + 1}th solve or index in a minute is 429`, async () => {
    // from an address of its own, so the other tests' requests do not count
    const from = { localAddress: '127.0.0.77' }
    const post = (path: string) => new Promise<number>((resolve, reject) => {
      const u = new URL(app.url)
      const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path, ...from, headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)) })
      req.on('error', reject)
      req.end('{}')
    })
    const statuses: number[] = []
    for (let i = 0; i < rateLimits.compute.limit; i++) statuses.push(await post(i % 2 ? '/api/siting/solve' : '/api/targeting/index'))
    expect(statuses.every((s) => s === 400 || s === 200)).toBe(true)
    expect(await post('/api/siting/solve')).toBe(429)
    expect(await post('/api/targeting/index')).toBe(429)
  })

  it('never copies a hostile Host header into URLs: 400 for a malformed host, PUBLIC_URL when set, ALLOWED_HOSTS enforced', async () => {
    const evil = await raw(app.url, { path: '/basemap/style.json', headers: { host: 'evil.example/"><script>' } })
    expect(evil.status).toBe(400)
    expect(evil.text).not.toContain('<script>')
    const ok = await raw(app.url, { path: '/basemap/style.json', headers: { host: 'atlas.lan:8080' } })
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.text).glyphs ?? JSON.stringify(JSON.parse(ok.text).sources)).toContain('http://atlas.lan:8080/')

    const pinned = await serve(app.db, { config: testConfig({ PUBLIC_URL: 'https://atlas.example.gov.uk' }) })
    try {
      const r = await raw(pinned.url, { path: '/tiles/lsoa21.json', headers: { host: 'evil.example' } })
      expect(r.status).toBe(200)
      const tj = JSON.parse(r.text)
      expect(tj.tiles[0]).toMatch(/^https:\/\/atlas\.example\.gov\.uk\/tiles\/lsoa21\//)
      expect(r.text).not.toContain('evil.example')
    } finally {
      await pinned.close()
    }
    const listed = await serve(app.db, { config: testConfig({ ALLOWED_HOSTS: 'atlas.lan:8080' }) })
    try {
      expect((await raw(listed.url, { path: '/ogc', headers: { host: 'atlas.lan:8080' } })).status).toBe(200)
      const other = await raw(listed.url, { path: '/ogc', headers: { host: 'other.example' } })
      expect(other.status).toBe(400)
      expect(JSON.parse(other.text).detail).toMatch(/does not answer for that host/)
    } finally {
      await listed.close()
    }
  })

  it('sends HSTS and upgrade-insecure-requests only over HTTPS (here: a trusted proxy saying so), or when told to always', async () => {
    const plain = await raw(app.url, { path: '/api/catalogue' })
    expect(plain.headers['strict-transport-security']).toBeUndefined()
    expect(String(plain.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests')
    expect(String(plain.headers['content-security-policy'])).toContain("default-src 'self'")

    const proxied = await serve(app.db, { config: testConfig({ TRUST_PROXY: 'true' }) })
    try {
      const viaHttps = await raw(proxied.url, { path: '/api/catalogue', headers: { 'x-forwarded-proto': 'https' } })
      expect(viaHttps.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(String(viaHttps.headers['content-security-policy'])).toContain('upgrade-insecure-requests')
      const viaHttp = await raw(proxied.url, { path: '/api/catalogue', headers: { 'x-forwarded-proto': 'http' } })
      expect(viaHttp.headers['strict-transport-security']).toBeUndefined()
    } finally {
      await proxied.close()
    }
    // without TRUST_PROXY a client cannot claim HTTPS for itself
    expect((await raw(app.url, { path: '/api/catalogue', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined()
    const always = await serve(app.db, { config: testConfig({ HTTPS_HEADERS: 'always' }) })
    try {
      expect((await raw(always.url, { path: '/api/catalogue' })).headers['strict-transport-security']).toMatch(/max-age=/)
    } finally {
      await always.close()
    }
  })

  it('lists an expired token as expired, not active (admin list-tokens and GET /api/admin/tokens)', async () => {
    const old = await issue(app.db, 'editor', 'expired editor')
    const live = await issue(app.db, 'viewer', 'live viewer')
    const admin = await issue(app.db, 'admin', 'listing admin')
    track.tokens.push(old.id, live.id, admin.id)
    await app.db.knex('api_tokens').where({ id: old.id }).update({ expires_at: app.db.knex.raw("now() - interval '1 day'") })
    const out: string[] = []
    expect(await runAdminCli(['list-tokens'], app.db, { out: (l) => out.push(l), err: () => {} })).toBe(0)
    const line = (id: string) => out.find((l) => l.startsWith(id + '\t'))
    expect(line(old.id)).toMatch(/\texpired 20\d\d-/)
    expect(line(live.id)).toMatch(/\tactive, expires 20\d\d-/)
    const api = await (await call('GET', '/api/admin/tokens', { token: admin.token })).json()
    const byId = Object.fromEntries(api.tokens.map((t: { id: string; status: string }) => [t.id, t.status]))
    expect([byId[old.id], byId[live.id]]).toEqual(['expired', 'active'])
  })

  it('refuses a locality definition that leaves wards in no locality (18 of 19 unassigned), keeping the definition', async () => {
    const editor = await issue(app.db, 'editor', 'locality editor')
    track.tokens.push(editor.id)
    const def = (await (await call('GET', '/api/localities/definition')).json()).rows as Array<{ ward_code: string; locality_name: string }>
    expect(def).toHaveLength(19)
    const p = await expectProblem(await call('PUT', '/api/localities/definition', {
      token: editor.token, body: { rows: [{ ward_code: def[0].ward_code, locality_name: 'All of it' }] },
    }), 400)
    expect(p.detail).toMatch(/^Every ward must belong to exactly one locality; 18 of 19 wards are in no locality: /)
    expect((await (await call('GET', '/api/localities/definition')).json()).rows).toEqual(def)
  })

  // Last: on the embedded backend the rebuild holds the event loop for seconds, which can leave a
  // keep-alive connection half-closed for the next request.
  it(`stores every computed value at ${STORED_DECIMALS} decimals, so rebuilding from the same files gives identical figures`, async () => {
    const snapshot = () => app.db.knex('indicator_values').where({ dataset_id: 'derived' })
      .orderBy(['indicator_id', 'level', 'code']).select('indicator_id', 'level', 'code', 'value', 'numerator', 'denominator')
    const first = await snapshot()
    expect(first.length).toBeGreaterThan(10_000)
    const unrounded = first.filter((r) => ['value', 'numerator', 'denominator'].some((k) => {
      const v = r[k as 'value']
      return typeof v === 'number' && Number(v.toFixed(STORED_DECIMALS)) !== v
    }))
    expect(unrounded.slice(0, 3)).toEqual([])
    await rebuildDerived(app.db.knex, TEST_LA)
    expect(await snapshot()).toEqual(first)
    // a figure the tests elsewhere check, still right after rounding
    const boro = await app.db.knex('indicator_values').where({ indicator_id: 'census_pop_total', level: 'borough' }).first('value')
    expect(boro.value).toBe(218_840)
  })
})
