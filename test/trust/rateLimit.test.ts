/**
 * Rate limits answer 429 problem+json with Retry-After: anonymous suggestions per IP (every attempt
 * counts) and requests presenting bad tokens per IP. A refused request stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rateLimits } from '../../server/http/auth'
import { withApp } from '../support/app'
import { cleanUp, count, expectProblem, http, issue, startTracking, type Created } from './support'

describe('rate limits', () => {
  const app = withApp()
  let track: Created
  const call = http(() => app.url)

  beforeAll(async () => {
    track = await startTracking(app.db.knex)
  })
  afterAll(async () => {
    if (track) await cleanUp(app.db.knex, track)
  })

  it(`stops the ${rateLimits.suggestions.limit + 1}th suggestion from one IP within the hour with 429 problem+json`, async () => {
    const valid = { kind: 'new-asset', name: 'Rate test', category: 'other', lon: 0.13, lat: 51.55 }
    const first = await call('POST', '/api/suggestions', { body: valid })
    expect(first.status).toBe(201)
    track.suggestions.push((await first.json()).id)
    expect(first.headers.get('ratelimit-policy')).toMatch(new RegExp(`^${rateLimits.suggestions.limit};w=3600`))
    // invalid attempts count too, so a flood of junk cannot be retried for free
    for (let i = 1; i < rateLimits.suggestions.limit; i++) {
      expect((await call('POST', '/api/suggestions', { body: { kind: 'new-asset' } })).status).toBe(400)
    }
    const before = [await count(app.db.knex, 'suggestions'), await count(app.db.knex, 'audit_log')]
    const r = await call('POST', '/api/suggestions', { body: valid })
    const p = await expectProblem(r, 429)
    expect(p).toMatchObject({ type: '/problems/rate-limited', title: 'Too many requests', status: 429 })
    expect(p.detail).toMatch(new RegExp(`at most ${rateLimits.suggestions.limit} per 60 minutes`))
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect([await count(app.db.knex, 'suggestions'), await count(app.db.knex, 'audit_log')]).toEqual(before)
    // reading is not limited
    expect((await call('GET', '/api/assets?limit=1')).status).toBe(200)
  })

  it(`answers 429 after ${rateLimits.authFailures.limit} requests with bad tokens from one IP, even for a good token`, async () => {
    const good = await issue(app.db, 'editor')
    track.tokens.push(good.id)
    for (let i = 0; i < rateLimits.authFailures.limit; i++) {
      expect((await call('GET', '/api/suggestions', { token: `atlas_00000000${String(i % 100).padStart(2, '0')}_${'x'.repeat(43)}` })).status).toBe(401)
    }
    await expectProblem(await call('GET', '/api/suggestions', { token: 'guess' }), 429)
    await expectProblem(await call('GET', '/api/suggestions', { token: good.token }), 429)
    // anonymous reads carry on
    expect((await call('GET', '/api/assets?limit=1')).status).toBe(200)
  })
})
