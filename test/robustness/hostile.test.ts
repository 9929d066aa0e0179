/**
 * Hostile input on every endpoint: a seeded fast-check corpus (path and query parameters, bodies,
 * points, sizes, encodings) sent through real HTTP to every operation the OpenAPI document lists
 * (tiles, basemap and OGC included), with an editor/admin token and without one. Never a 5xx; every
 * 4xx is problem+json whose detail names what was wrong; no body leaks a stack or SQL; and nothing
 * hostile is stored: every row written traces back to a 2xx answer, and no other table moves.
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { withApp } from '../support/app'
import { backend } from '../support/env'
import { issue } from '../trust/support'
import { pool, send, type Answer, type Sent } from './support/client'
import {
  badCoordinate, enc, hostileBody, hostileJsonValue, hostileUrlPart, leafPaths, LEAK, SEED, withRawValue,
} from './support/hostile'

const BOOT = 'robustness-bootstrap-editor-token-0123456789'
/** Per-answer bound: a hostile request is refused quickly, a valid one (a siting solve) answers within this. */
const ANSWER_MS = 15_000

interface Op { method: string; template: string; params: string[]; query: string[]; body: boolean }
type Who = 'none' | 'editor' | 'admin'
interface Item {
  op: Op
  what: string
  who: Who
  sent: Sent
  /** the parameter or body field made hostile: an invalid-parameter detail must name it */
  field?: string
  /** the exact status expected (size limits) */
  status?: number
}

// Tables the corpus must never change, and those a valid write may add to.
const FROZEN = ['areas', 'indicator_values', 'datasets', 'postcodes', 'area_links', 'lsoa_lookup', 'series_values', 'basemap_features', 'anchor_marks']
const GROWING = ['suggestions', 'assets', 'api_tokens', 'need_indices', 'scenarios', 'audit_log'] as const

async function counts(knex: Knex, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of tables) out[t] = Number((await knex(t).count<{ n: number }[]>({ n: '*' }))[0].n)
  return out
}
const maxId = async (knex: Knex, t: string) => Number((await knex(t).max<{ m: number | null }[]>({ m: 'id' }))[0].m ?? 0)

describe(`hostile input on every endpoint (${backend})`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [BOOT] } }) })
  let adminToken = ''
  let tokenIdsBefore: string[] = []
  const before: Record<string, number> = {}
  const maxBefore: Record<string, number> = {}
  let frozenBefore: Record<string, number>
  let ops: Op[] = []
  let corpusSize = 0
  const okWrites: Array<{ item: Item; a: Answer }> = []
  let v: Record<string, string> = {}
  let auditAfterSetup = 0

  // A fresh app per batch whose write limit (per token) starts again at zero: limits of its own,
  // which on the server backend (counts in the database) means a rate-limit scope of its own.
  let batch = 0
  const fresh = () => app.restart({ config: { ...app.db.config, EDITOR_TOKENS: [BOOT], RATE_LIMIT_SCOPE: `${app.db.config.RATE_LIMIT_SCOPE}-${++batch}` } })

  beforeAll(async () => {
    for (const t of GROWING) maxBefore[t] = t === 'api_tokens' ? 0 : await maxId(app.db.knex, t)
    tokenIdsBefore = await app.db.knex('api_tokens').pluck('id')
    adminToken = (await issue(app.db, 'admin', 'robustness admin')).token
    // A sandbox asset the PATCH corpus may edit, and a pending suggestion the accept/reject corpus aims at.
    const call = (method: string, path: string, body: unknown, token?: string) => send(app.url, {
      method, path, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    })
    const sandboxSuggestion = JSON.parse((await call('POST', '/api/suggestions', { kind: 'new-asset', name: 'Robustness sandbox', category: 'other', lon: 0.13, lat: 51.55 })).text)
    const accepted = JSON.parse((await call('POST', `/api/suggestions/${sandboxSuggestion.id}/accept`, {}, BOOT)).text)
    const pending = JSON.parse((await call('POST', '/api/suggestions', { kind: 'new-asset', name: 'Robustness pending', category: 'other', lon: 0.131, lat: 51.551 })).text)
    const anchors = JSON.parse((await send(app.url, { method: 'GET', path: '/api/targeting/anchors' })).text).anchors as Array<{ id: number }>
    const catalogue = JSON.parse((await send(app.url, { method: 'GET', path: '/api/catalogue' })).text)
    const sandboxId = accepted.asset?.id ?? accepted.asset_id ?? accepted.id
    expect(Number.isInteger(Number(sandboxId))).toBe(true)
    v = {
      level: 'lsoa21', code: catalogue.localities[0].code, assetId: String(sandboxId), suggestionId: String(pending.id),
      anchorId: String(anchors[0]?.id ?? 1), collectionId: 'lsoa21', featureId: 'E01000027', kind: 'water', layer: 'lsoa21',
    }
    for (const t of GROWING) before[t] = (await counts(app.db.knex, [t]))[t]
    auditAfterSetup = await maxId(app.db.knex, 'audit_log')
    frozenBefore = await counts(app.db.knex, FROZEN)
    ops = await listOperations(app.url)
  })

  afterAll(async () => {
    {
      // Remove what the corpus (and the setup) wrote: rows after the recorded maxima, tokens not there before.
      await app.db.knex('suggestions').where('id', '>', maxBefore.suggestions).delete()
      await app.db.knex('assets').where('id', '>', maxBefore.assets).delete()
      await app.db.knex('need_indices').where('id', '>', maxBefore.need_indices).delete()
      await app.db.knex('scenarios').where('id', '>', maxBefore.scenarios).delete()
      await app.db.knex('api_tokens').whereNotIn('id', tokenIdsBefore).delete()
      await app.db.knex.raw(`DELETE FROM datasets WHERE id = 'community_suggestions' AND NOT EXISTS (SELECT 1 FROM assets WHERE dataset_id = 'community_suggestions')`)
      await app.db.knex.transaction(async (trx) => {
        await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
        await trx('audit_log').where('id', '>', maxBefore.audit_log).delete()
        await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change')
      })
    }
    process.stdout.write(`[hostile] corpus: ${corpusSize} requests over ${ops.length} operations (${backend})\n`)
  })

  // ---- the valid request each hostile one departs from ----

  const pathValue = (op: Op, p: string): string => {
    if (p === 'id') {
      // DELETE aims at ids that do not exist: its query-string items must not remove real rows
      if (op.method === 'DELETE' && !op.template.startsWith('/api/admin')) return '999999999'
      if (op.template.startsWith('/api/assets')) return v.assetId
      if (op.template.startsWith('/api/suggestions')) return v.suggestionId
      if (op.template.startsWith('/api/targeting/anchors')) return v.anchorId
      if (op.template.startsWith('/api/admin/tokens')) return '0000000000'
      if (op.template.startsWith('/api/admin/imports')) return '00000000-0000-4000-8000-000000000000'
      return '1'
    }
    if (op.template.startsWith('/tiles/') && ['z', 'x', 'y'].includes(p)) return { z: '12', x: '2049', y: '1361' }[p]!
    if (p === 'file') return 'OpenSans-Regular.ttf'
    return v[p] ?? 'x'
  }
  const requiredQuery = (op: Op): Record<string, string> => {
    if (op.template === '/api/areas/{level}') return { indicators: 'imd_score_2019' }
    if (op.template === '/api/targeting/index' && op.method === 'GET') return { indicators: 'imd_score_2019:1' }
    if (op.template === '/api/siting/compare') return { ids: '1,2' }
    if (op.template === '/api/targeting/reach') return { asset: v.assetId }
    if (op.template === '/api/search') return { q: 'barking' }
    return {}
  }
  const bodyBase = (op: Op): Record<string, unknown> | undefined => {
    const k = `${op.method} ${op.template}`
    const bases: Record<string, Record<string, unknown>> = {
      'PATCH /api/assets/{id}': { name: 'Sandbox renamed', status: 'open', lon: 0.13, lat: 51.55, attrs: { note: 'x' } },
      'POST /api/assets': { name: 'Robustness asset', category: 'other', lon: 0.13, lat: 51.55, provenance: 'robustness test', note: 'x' },
      'POST /api/targeting/index': { indicators: [{ id: 'imd_score_2019', weight: 1 }], method: 'rank', level: 'lsoa21' },
      'POST /api/targeting/indices': { name: 'Robustness index', spec: { indicators: [{ id: 'imd_score_2019', weight: 1 }] } },
      'POST /api/targeting/anchors': { name: 'Robustness anchor', category: 'anchor', lon: 0.13, lat: 51.55 },
      'POST /api/siting/solve': { hubs: 1, timeLimitMs: 50, candidates: { categories: ['library'], points: [{ id: 'p1', lon: 0.13, lat: 51.55 }] } },
      'POST /api/siting/jobs': { hubs: 1, timeLimitMs: 50, candidates: { categories: ['library'], points: [{ id: 'p1', lon: 0.13, lat: 51.55 }] } },
      'POST /api/siting/scenarios': { name: 'Robustness scenario', params: { hubs: 1, timeLimitMs: 50, candidates: { categories: ['library'], points: [{ lon: 0.13, lat: 51.55 }] } } },
      'POST /api/suggestions': { kind: 'new-asset', name: 'Robustness suggestion', category: 'other', description: 'x', lon: 0.13, lat: 51.55, fields: { opening: 'Mon' } },
      'POST /api/suggestions/{id}/accept': { name: 'Robustness accepted', lon: 0.13, lat: 51.55 },
      'POST /api/suggestions/{id}/reject': { reason: 'duplicate' },
      // a well-formed ward code that is not in the borough: the domain refuses it, so no body here re-aggregates
      'PUT /api/localities/definition': { rows: [{ ward_code: 'E05999999', locality_name: 'Nowhere', locality_code: 'LOC-X' }] },
      'POST /api/localities/definition/preview': { rows: [{ ward_code: 'E05999999', locality_name: 'Nowhere', locality_code: 'LOC-X' }] },
      'POST /api/admin/tokens': { name: 'Robustness token', role: 'viewer', expires_days: 1 },
      'POST /api/admin/people': { email: 'robustness@example.org', name: 'Robustness person', role: 'viewer' },
      'POST /api/admin/imports': { only: ['nhs_gp'], force: false },
    }
    if (!(k in bases) && op.body) throw new Error(`no valid base body for ${k}: add one so the corpus reaches its fields`)
    return bases[k]
  }
  const roleFor = (op: Op): Who => (op.template.startsWith('/api/admin') ? 'admin' : op.method !== 'GET' || op.template.startsWith('/api/suggestions') ? 'editor' : 'none')
  const headersFor = (who: Who, extra: Record<string, string> = {}) => ({
    ...(who === 'editor' ? { authorization: `Bearer ${BOOT}` } : who === 'admin' ? { authorization: `Bearer ${adminToken}` } : {}), ...extra,
  })
  const pathOf = (op: Op, over: Record<string, string> = {}) =>
    op.template.replace(/\{(\w+)\}/g, (_, p: string) => over[p] ?? enc(pathValue(op, p)))
  const qs = (q: Record<string, string>) => {
    const s = Object.entries(q).map(([k, x]) => `${enc(k)}=${x}`).join('&')
    return s ? `?${s}` : ''
  }
  const encQ = (q: Record<string, string>) => Object.fromEntries(Object.entries(q).map(([k, x]) => [k, enc(x)]))
  /** A hostile id that Number() reads as a real row id would hit that row: kept out of authorised destructive writes. */
  const coercesToId = (part: string) => {
    let s = part
    try { s = decodeURIComponent(part) } catch { /* a bad escape is no id */ }
    const n = Number(s)
    return Number.isInteger(n) && n >= 1
  }

  function corpus(): Item[] {
    const items: Item[] = []
    const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number) => fc.sample(arb, { seed: SEED + salt, numRuns: n })
    let salt = 0
    for (const op of ops) {
      const role = roleFor(op)
      const whos: Who[] = op.method === 'GET' ? (role === 'none' ? ['none'] : [role, 'none']) : [role, 'none']
      const json = { 'content-type': 'application/json' }
      const base = bodyBase(op)
      const bodyText = base ? JSON.stringify(base) : undefined
      const q0 = encQ(requiredQuery(op))
      const req = (who: Who, path: string, body = bodyText, headers: Record<string, string> = {}): Sent =>
        ({ method: op.method, path, body, headers: headersFor(who, body !== undefined ? { ...json, ...headers } : headers) })

      // path parameters, one at a time
      for (const p of op.params) {
        for (const part of sample(hostileUrlPart, 24, ++salt)) {
          for (const who of whos) {
            if (op.method !== 'GET' && who !== 'none' && coercesToId(part)) continue
            items.push({ op, what: `path ${p}`, who, field: p, sent: req(who, pathOf(op, { [p]: part }) + qs(q0)) })
          }
        }
      }
      // query parameters, one at a time; an unknown one; one given twice; a long query string
      for (const q of op.query) {
        for (const part of sample(hostileUrlPart, 16, ++salt)) {
          items.push({ op, what: `query ${q}`, who: role, field: q, sent: req(role, pathOf(op) + qs({ ...q0, [q]: part })) })
        }
        items.push({ op, what: `query ${q} twice`, who: role, field: q, sent: req(role, `${pathOf(op)}${qs(q0)}${Object.keys(q0).length ? '&' : '?'}${q}=a&${q}=b`) })
      }
      for (const part of sample(hostileUrlPart, 3, ++salt)) {
        items.push({ op, what: 'unknown query parameter', who: role, sent: req(role, pathOf(op) + qs({ ...q0, 'evil_param': part })) })
      }
      items.push({ op, what: 'long query string', who: role, sent: req(role, pathOf(op) + qs({ ...q0, [op.query[0] ?? 'x']: 'x'.repeat(6000) })) })
      // an unsupported method on this path
      const other = ['PUT', 'DELETE', 'PATCH', 'POST'].find((m) => !ops.some((o) => o.template === op.template && o.method === m))
      if (other) items.push({ op, what: 'unsupported method', who: role, status: 404, sent: { method: other, path: pathOf(op) + qs(q0), headers: headersFor(role) } })

      if (!base) continue
      // body fields, one at a time, each with a hostile JSON value; then an unknown field
      for (const who of whos) {
        for (const f of leafPaths(base)) {
          for (const raw of sample(hostileJsonValue, who === 'none' ? 3 : 8, ++salt)) {
            // the definition bases (save and preview) name a ward outside the borough on purpose, so their domain error names the ward instead
            const named = op.template.startsWith('/api/localities/definition') ? undefined : f.split('.').filter((k) => !/^\d+$/.test(k)).pop()
            items.push({ op, what: `body ${f}`, who, field: named, sent: req(who, pathOf(op) + qs(q0), withRawValue(base, f, raw)) })
          }
        }
        items.push({ op, what: 'unknown body field', who, field: 'sneaky_field', sent: req(who, pathOf(op) + qs(q0), JSON.stringify({ ...base, sneaky_field: "'; DROP TABLE assets; --" })) })
        // whole bodies that are not the expected object
        for (const text of sample(hostileBody, who === 'none' ? 6 : 16, ++salt)) items.push({ op, what: 'hostile body', who, sent: req(who, pathOf(op) + qs(q0), text) })
      }
      // lon/lat pairs: out of range, non-finite, wrong type
      for (const f of leafPaths(base).filter((k) => /(^|\.)lon$/.test(k))) {
        const latPath = f.replace(/lon$/, 'lat')
        for (const [lon, lat] of sample(badCoordinate, 8, ++salt)) {
          const text = withRawValue(JSON.parse(withRawValue(base, f, '"__LON__"')), latPath, lat).replace('"__LON__"', lon)
          items.push({ op, what: `point ${f}`, who: role, field: undefined, sent: req(role, pathOf(op) + qs(q0), text) })
        }
      }
      // encodings and media types
      items.push({ op, what: 'text/plain body', who: role, sent: req(role, pathOf(op) + qs(q0), bodyText, { 'content-type': 'text/plain' }) })
      items.push({ op, what: 'utf-16 charset', who: role, sent: req(role, pathOf(op) + qs(q0), bodyText, { 'content-type': 'application/json; charset=utf-16' }) })
      items.push({ op, what: 'unknown content-encoding', who: role, sent: req(role, pathOf(op) + qs(q0), bodyText, { 'content-encoding': 'compress' }) })
      items.push({ op, what: 'gzip bomb', who: role, status: 413, sent: { ...req(role, pathOf(op) + qs(q0)), body: gzipBomb(), headers: headersFor(role, { ...json, 'content-encoding': 'gzip' }) } })
      // sizes: just over the documented limit is 413 for everyone
      const siting = op.template.startsWith('/api/siting/')
      const limit = siting ? 8 * 1024 * 1024 : op.template === '/api/suggestions' ? 16 * 1024 : 1024 * 1024
      for (const who of whos) {
        items.push({ op, what: 'oversized body', who, status: 413, sent: req(who, pathOf(op) + qs(q0), JSON.stringify({ ...base, pad: 'x'.repeat(limit) })) })
      }
    }
    return items
  }

  it('lists every route in the OpenAPI document, tiles, basemap and OGC included', () => {
    const paths = new Set(ops.map((o) => o.template))
    for (const p of ['/tiles/{layer}/{z}/{x}/{y}.pbf', '/tiles/{layer}.json', '/basemap/{kind}.geojson', '/ogc/collections/{collectionId}/items', '/api/suggestions', '/api/admin/audit']) {
      expect(paths.has(p), p).toBe(true)
    }
    expect(ops.length).toBeGreaterThanOrEqual(45)
  })

  it('answers the whole corpus without a 5xx: each 4xx is problem+json naming what was wrong, nothing leaks', async () => {
    const items = corpus()
    corpusSize = items.length
    const failures: string[] = []
    const t0 = Date.now()
    // Batches of at most 100 authorised writes, each on a fresh app, so the per-token write limit is never reached.
    const batches: Item[][] = [[]]
    let writes = 0
    for (const it of items) {
      const w = it.who !== 'none' && it.sent.method !== 'GET'
      if (w && ++writes > 100) { batches.push([]); writes = 1 }
      batches[batches.length - 1].push(it)
    }
    for (const batch of batches) {
      await fresh()
      await pool(batch, 6, async (item) => {
        const label = `${item.sent.method} ${item.sent.path.slice(0, 160)} [${item.what}, ${item.who}]`
        let a: Answer
        try {
          a = await send(app.url, item.sent, { timeoutMs: ANSWER_MS })
        } catch (err) {
          failures.push(`${label}: ${(err as Error).message}`)
          return
        }
        const problem = check(item, a)
        if (problem) failures.push(`${label} -> ${a.status} ${a.text.slice(0, 300)}: ${problem}`)
        if (a.status < 300 && item.sent.method !== 'GET') okWrites.push({ item, a })
      })
    }
    process.stdout.write(`[hostile] ${items.length} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${okWrites.length} were valid writes\n`)
    expect(failures.slice(0, 25), `${failures.length} failures`).toEqual([])
    expect(items.length).toBeGreaterThan(3000)
  })

  it('stores nothing hostile: every new row and audit entry traces to a 2xx write, other tables are untouched', async () => {
    expect(await counts(app.db.knex, FROZEN)).toEqual(frozenBefore)
    const ok = new Set(okWrites.map((w) => w.a.requestId))
    const audit = await app.db.knex('audit_log').where('id', '>', auditAfterSetup).select('request_id', 'action')
    expect(audit.filter((r) => !ok.has(String(r.request_id)))).toEqual([])
    const created = (route: string, status: number) => okWrites.filter((w) => `${w.item.op.method} ${w.item.op.template}` === route && w.a.status === status).length
    const now = await counts(app.db.knex, GROWING)
    expect(now.suggestions - before.suggestions).toBe(created('POST /api/suggestions', 201))
    expect(now.api_tokens - before.api_tokens).toBe(created('POST /api/admin/tokens', 201))
    expect(now.need_indices - before.need_indices).toBe(created('POST /api/targeting/indices', 201))
    expect(now.scenarios - before.scenarios).toBe(created('POST /api/siting/scenarios', 201))
    expect(now.assets - before.assets).toBe(created('POST /api/suggestions/{id}/accept', 200) + created('POST /api/targeting/anchors', 201) + created('POST /api/assets', 201))
    // `{}` is a valid body (import every source): refused only while another import runs, so a batch
    // that starts on a fresh app may accept it. Every other variant must be refused.
    expect(okWrites.filter((w) => w.item.op.template === '/api/admin/imports' && w.item.sent.body !== '{}')).toEqual([])
    // SQL in free text is stored as the text it is, never run
    for (const w of okWrites.filter((x) => x.item.op.template === '/api/suggestions' && x.a.status === 201)) {
      const sent = JSON.parse(String(w.item.sent.body))
      const row = await app.db.knex('suggestions').where({ id: JSON.parse(w.a.text).id }).first('name')
      expect(row.name).toBe(String(sent.name).normalize('NFC').trim())
    }
  })
})

let bomb: Buffer | undefined
/** 20 MB of JSON in about 20 KB of gzip: inflating it must stop at the body limit. */
const gzipBomb = () => (bomb ??= gzipSync(`{"a":"${'0'.repeat(20_000_000)}"}`))

/** The rules every answer obeys; returns what is wrong, or null. */
function check(item: Item, a: Answer): string | null {
  if (a.status >= 500) return 'server error'
  if (a.status === 429) return 'rate limited: the corpus did not reach validation'
  if (a.ms > ANSWER_MS) return `took ${a.ms.toFixed(0)} ms`
  if (item.status !== undefined && a.status !== item.status) return `expected ${item.status}`
  const binary = /protobuf|vector-tile|font\/|octet-stream/.test(a.type)
  if (!binary && LEAK.test(a.text)) return 'leaks internals'
  if (a.status < 400) return null
  if (!/^application\/problem\+json/.test(a.type)) return `4xx as ${a.type || 'no content type'}`
  let p: { type?: string; title?: string; status?: number; detail?: unknown }
  try { p = JSON.parse(a.text) } catch { return 'problem body is not JSON' }
  if (typeof p.detail !== 'string' || p.detail.trim().length < 8) return 'no detail'
  if (p.status !== a.status || !p.type || !p.title) return 'incomplete problem'
  if (p.type === '/problems/invalid-parameter' && item.field) {
    // the field's name, or its singular ("categories" -> "category"), in the detail or an issue path
    const names = [item.field, item.field.replace(/ies$/, 'y').replace(/s$/, '')]
    const said = `${p.detail} ${JSON.stringify((p as { issues?: unknown }).issues ?? [])}`
    if (!names.some((n) => said.includes(n))) return `detail does not name ${item.field}`
  }
  return null
}

async function listOperations(base: string): Promise<Op[]> {
  const doc = JSON.parse((await send(base, { method: 'GET', path: '/api/openapi.json' })).text) as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>>
  }
  const ops: Op[] = []
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const ps = op.parameters ?? []
      ops.push({
        method: m.toUpperCase(), template,
        params: ps.filter((p) => p.in === 'path').map((p) => p.name),
        query: ps.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody !== undefined,
      })
    }
  }
  // /health is not an API operation but is public: fuzz its query string too.
  ops.push({ method: 'GET', template: '/health', params: [], query: [], body: false })
  return ops
}
