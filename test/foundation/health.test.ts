import { describe, expect, it } from 'vitest'
import { connectServer } from '../../server/db/connect'
import { derivedPending } from '../../server/db/status'
import { createLogger } from '../../server/logger'
import { finishDerivedRebuild } from '../../server/startup'
import { withApp } from '../support/app'
import { testConfig } from '../support/db'
import { backend } from '../support/env'
import { serve } from '../support/http'

describe('health and problem responses', () => {
  const app = withApp({
    // On the shared server database an earlier file's background import may have been cut off by
    // its process ending, leaving a rebuild owed; start-up would redo it, so do that first.
    seed: async (db) => {
      if (await derivedPending(db.knex)) await finishDerivedRebuild({ config: db.config, db, logger: createLogger('silent') })
    },
  })

  it(`reports ok on the ${backend} backend with the PostGIS version and migration state`, async () => {
    const res = await fetch(`${app.url}/health`)
    expect(res.status).toBe(200)
    const h = await res.json()
    expect(h.status).toBe('ok')
    expect(h.backend).toBe(backend)
    expect(h.postgis).toMatch(/^3\.\d+/)
    expect(h.migrations.pending).toBe(0)
    expect(h.migrations.applied).toBeGreaterThanOrEqual(2)
    expect(typeof h.dataVersion).toBe('number')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers unknown routes with problem+json 404', async () => {
    const res = await fetch(`${app.url}/no/such/thing?x=1`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const p = await res.json()
    expect(p).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404, instance: '/no/such/thing?x=1' })
    expect(p.detail).toContain('GET /no/such/thing')
  })

  it('answers malformed JSON bodies with problem+json 400', async () => {
    const res = await fetch(`${app.url}/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect((await res.json()).type).toBe('/problems/entity-parse-failed')
  })

  it('returns 503 with the reason when the database server is unreachable', async () => {
    const dead = await connectServer('postgres://atlas:atlas@127.0.0.1:1/atlas', { poolMax: 1, statementTimeoutMs: 1000 })
    const s = await serve({ ...dead, config: testConfig(), dispose: () => dead.close() }, { logger: createLogger('silent') })
    try {
      const t0 = Date.now()
      const res = await fetch(`${s.url}/health`)
      expect(res.status).toBe(503)
      const h = await res.json()
      expect(h).toMatchObject({ status: 'unavailable', backend: 'server', postgis: null })
      expect(h.problem).toMatch(/ECONNREFUSED|connect/i)
      expect(Date.now() - t0).toBeLessThan(6000)
    } finally {
      await s.close()
      await dead.close()
    }
  })
})
