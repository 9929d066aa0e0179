/**
 * Shared by the trust tests: tokens issued straight through the domain (as the CLI does), an HTTP
 * helper that sends them, row counts for "nothing changed" checks, and the clean-up that leaves the
 * shared server database as it was (audit rows included: the owner disables the append-only trigger
 * inside one transaction, which is exactly what the application can never do).
 */
import type { Knex } from 'knex'
import type { Role } from '../../server/auth/roles'
import { issueToken } from '../../server/domain/auth'
import type { WriteContext } from '../../server/domain/audit'
import type { TestDb } from '../support/db'

export const testCtx: WriteContext = { actor: { id: 'cli', name: 'trust tests', role: 'admin' }, requestId: null }

export interface Issued {
  id: string
  token: string
}

export async function issue(db: TestDb, role: Role, name = `test ${role}`): Promise<Issued> {
  const t = await issueToken(db, testCtx, { name, role, expiresDays: 1 })
  return { id: t.id, token: t.token }
}

export interface Call {
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export function http(base: () => string) {
  return async (method: string, path: string, c: Call = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...(c.headers ?? {}) }
    if (c.token !== undefined) headers.authorization = `Bearer ${c.token}`
    if (c.body !== undefined) headers['content-type'] = 'application/json'
    return fetch(`${base()}${path}`, { method, headers, body: c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body) })
  }
}

export async function count(knex: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [r] = await knex(table).where(where).count<{ n: number }[]>({ n: '*' })
  return Number(r.n)
}

export async function maxAuditId(knex: Knex): Promise<number> {
  const [r] = await knex('audit_log').max<{ m: number | null }[]>({ m: 'id' })
  return Number(r.m ?? 0)
}

/** Audit rows written after `since` (an audit id), oldest first. */
export async function auditSince(knex: Knex, since: number) {
  return knex('audit_log').where('id', '>', since).orderBy('id')
}

export interface Created {
  auditFrom: number
  tokens: string[]
  suggestions: number[]
  assets: number[]
}

export async function startTracking(knex: Knex): Promise<Created> {
  return { auditFrom: await maxAuditId(knex), tokens: [], suggestions: [], assets: [] }
}

/** Removes what a test file created. Test files run one at a time, so audit rows after `auditFrom` are this file's. */
export async function cleanUp(knex: Knex, c: Created): Promise<void> {
  const userAssets = await knex('suggestions').whereIn('id', c.suggestions).whereNotNull('asset_id').where({ kind: 'new-asset' }).pluck('asset_id')
  await knex('assets').whereIn('id', [...c.assets, ...userAssets.map(Number)]).where({ dataset_id: 'community_suggestions' }).delete()
  await knex('suggestions').whereIn('id', c.suggestions).delete()
  await knex('api_tokens').whereIn('id', c.tokens).delete()
  await knex.raw(`DELETE FROM datasets WHERE id = 'community_suggestions' AND NOT EXISTS (SELECT 1 FROM assets WHERE dataset_id = 'community_suggestions')`)
  await knex.transaction(async (trx) => {
    await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
    await trx('audit_log').where('id', '>', c.auditFrom).delete()
    await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change')
  })
}

/** An open, imported library in the borough (with a postcode) for edit tests. */
export async function someImportedAsset(knex: Knex) {
  const r = await knex('assets').where({ verified: true, status: 'open' }).whereNot({ dataset_id: 'community_suggestions' })
    .whereNotNull('postcode').orderBy('id').first('id', 'name', 'status', 'attrs', 'category', 'postcode', 'address', 'precision',
      knex.raw('ST_AsText(geom) AS geom_wkt'))
  return r as { id: number; name: string; status: string; attrs: unknown; category: string; postcode: string; address: string | null; precision: string; geom_wkt: string }
}

/** Puts an imported asset back exactly as `snap` recorded it (for afterAll, whatever the test did). */
export async function restoreAsset(knex: Knex, snap: Awaited<ReturnType<typeof someImportedAsset>>): Promise<void> {
  await knex('assets').where({ id: snap.id }).update({
    name: snap.name, status: snap.status, category: snap.category, postcode: snap.postcode, address: snap.address, precision: snap.precision,
    overrides: '{}', closed_reason: null,
    attrs: typeof snap.attrs === 'string' ? snap.attrs : JSON.stringify(snap.attrs),
    geom: knex.raw('ST_GeomFromText(?, 4326)', [snap.geom_wkt]),
    geom_bng: knex.raw('ST_Transform(ST_GeomFromText(?, 4326), 27700)', [snap.geom_wkt]),
  })
}

export async function expectProblem(r: Response, status: number): Promise<{ status: number; detail: string; type: string; title: string }> {
  const body = await r.json()
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(body)}`)
  if (!/^application\/problem\+json/.test(r.headers.get('content-type') ?? '')) throw new Error(`not problem+json: ${r.headers.get('content-type')}`)
  return body
}
