/**
 * The need index over HTTP on the real Barking & Dagenham import: rank order, weight rescaling,
 * stability, shareable GET form, CSV and GeoJSON exports with sources, and editor-only saving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueToken } from '../../server/domain/auth'
import type { NeedIndexResult } from '../../server/domain/targeting'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const TOKEN = 'test-editor-token-targeting'

describe(`need index on the ${backend} backend`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [TOKEN] } }) })
  const created: number[] = []
  let viewer: { id: string; token: string }
  const post = async (body: unknown): Promise<NeedIndexResult> => {
    const res = await fetch(`${app.url}/api/targeting/index`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json()
  }
  const lsoaValues = async (id: string) => {
    const rows = await app.db.knex('indicator_values').where({ indicator_id: id, level: 'lsoa21' }).whereNotNull('value').select('code', 'value')
    return new Map(rows.map((r: { code: string; value: number }) => [r.code, Number(r.value)]))
  }

  beforeAll(async () => {
    viewer = await issueToken(app.db, { actor: { id: 'test', name: 'targeting tests', role: 'admin' }, requestId: null }, { name: 'targeting viewer', role: 'viewer', expiresDays: 1 })
  })
  afterAll(async () => {
    if (created.length) await app.db.knex('need_indices').whereIn('id', created).delete()
    if (viewer) {
      await app.db.knex('api_tokens').where({ id: viewer.id }).delete()
      // the audit trail is append-only; a test may remove its own rows from the shared database
      await app.db.knex.transaction(async (trx) => {
        await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
        await trx('audit_log').where((q) => q.where({ entity: 'token', entity_id: viewer.id }).orWhere((w) => w.where({ entity: 'need_index' }).whereIn('entity_id', created.map(String))))
          .delete()
        await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change')
      })
    }
  })

  it('a one-indicator index reproduces that indicator\'s rank order over the 115 LSOAs', async () => {
    const r = await post({ indicators: [{ id: 'idaci_score_2019', weight: 1 }], method: 'rank', level: 'lsoa21' })
    const v = await lsoaValues('idaci_score_2019')
    expect(r.areas).toHaveLength(v.size)
    expect(r.areas.length).toBe(115)
    for (let i = 1; i < r.areas.length; i++) {
      const [a, b] = [r.areas[i - 1], r.areas[i]]
      expect(v.get(a.code)!).toBeGreaterThanOrEqual(v.get(b.code)!)
      if (v.get(a.code)! > v.get(b.code)!) expect(a.rank).toBeLessThan(b.rank)
      else expect(a.rank).toBe(b.rank)
    }
    const top = [...v.entries()].sort((x, y) => y[1] - x[1])[0]
    expect(r.areas[0]).toMatchObject({ code: top[0], rank: 1, rankMin: 1, rankMax: 1 })
    expect(r.areas[0].index).toBeCloseTo(1, 12) // R = N / N
    // the same order under every method
    for (const method of ['zscore', 'exponential']) {
      const m = await post({ indicators: [{ id: 'idaci_score_2019', weight: 1 }], method })
      expect(m.areas.map((a) => a.rank)).toEqual(r.areas.map((a) => a.rank))
    }
  })

  it('flips a higher-is-better indicator: the lowest PTAI ranks first', async () => {
    const r = await post({ indicators: [{ id: 'ptai', weight: 1 }], method: 'zscore' })
    const v = await lsoaValues('ptai')
    const lowest = [...v.entries()].sort((x, y) => x[1] - y[1])[0]
    expect(r.areas[0].code).toBe(lowest[0])
    expect(r.components[0].orientation).toMatch(/flipped/)
  })

  it('rescales weights that sum to anything and says so: weights x10 give the same ranking', async () => {
    const spec = (k: number) => ({ indicators: [{ id: 'idaci_score_2019', weight: 2 * k }, { id: 'fp_pct_2021', weight: 1 * k }, { id: 'no2_2019', weight: 1 * k }], method: 'exponential' })
    const a = await post(spec(1))
    const b = await post(spec(10))
    expect(a.components.map((c) => c.weight)).toEqual([0.5, 0.25, 0.25])
    expect(b.components.map((c) => c.weight)).toEqual([0.5, 0.25, 0.25])
    expect(b.areas).toEqual(a.areas)
    expect(a.notes[0]).toMatch(/rescaled to sum to 1 \(the weights given summed to 4\)/)
    expect(b.notes[0]).toMatch(/summed to 40\)/)
    for (const area of a.areas.slice(0, 5)) expect(area.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(area.index, 10)
  })

  it('stability figures change when weights change', async () => {
    const ids = ['idaci_score_2019', 'fp_pct_2021', 'no2_2019']
    const a = await post({ indicators: ids.map((id) => ({ id, weight: 1 })) })
    const b = await post({ indicators: ids.map((id, i) => ({ id, weight: i === 0 ? 6 : 1 })) })
    const ranges = (r: NeedIndexResult) => r.areas.map((x) => `${x.code}:${x.rankMin}-${x.rankMax}`).sort()
    expect(ranges(b)).not.toEqual(ranges(a))
    expect(a.stability.scenarios.map((s) => s.id)).toEqual([
      'idaci_score_2019+20%', 'idaci_score_2019-20%', 'fp_pct_2021+20%', 'fp_pct_2021-20%', 'no2_2019+20%', 'no2_2019-20%',
      'equal', 'without-idaci_score_2019', 'without-fp_pct_2021', 'without-no2_2019',
    ])
    for (const x of a.areas) expect(x.rankMin).toBeLessThanOrEqual(x.rank)
    for (const x of a.areas) expect(x.rankMax).toBeGreaterThanOrEqual(x.rank)
    expect(a.stability.maxRankRange).toBeGreaterThan(0)
  })

  it('ranks wards and localities from their own aggregated values', async () => {
    const w = await post({ indicators: [{ id: 'imd_score_2019', weight: 1 }, { id: 'census_bad_health_pct', weight: 1 }], level: 'ward' })
    expect(w.areas).toHaveLength(19)
    const l = await post({ indicators: [{ id: 'imd_score_2019', weight: 1 }], level: 'locality', method: 'zscore' })
    expect(l.areas).toHaveLength(3)
    const res = await fetch(`${app.url}/api/targeting/index`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ indicators: [{ id: 'imd_rank_2019', weight: 1 }], level: 'ward' }) })
    expect(res.status).toBe(400) // national ranks exist only for LSOAs
  })

  it('the GET form in the query string gives the same index, and its query is the share URL', async () => {
    const posted = await post({ indicators: [{ id: 'idaci_score_2019', weight: 2 }, { id: 'fp_pct_2021', weight: 1 }], method: 'rank' })
    expect(posted.query).toBe('indicators=idaci_score_2019:2,fp_pct_2021:1&method=rank&level=lsoa21&missing=exclude-area')
    const got = await (await fetch(`${app.url}/api/targeting/index?${posted.query}`)).json()
    expect(got.areas).toEqual(posted.areas)
    const bad = await fetch(`${app.url}/api/targeting/index?indicators=idaci_score_2019:-1`)
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/)
  })

  it('exports CSV and GeoJSON carrying every component\'s source and vintage', async () => {
    const q = 'indicators=idaci_score_2019:2,fp_pct_2021:1,census_no_quals_pct:1&method=exponential'
    const csv = await fetch(`${app.url}/api/targeting/index?${q}&format=csv`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await csv.text()
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^rank,code,name,index,rank_min,rank_max,rank_range,/)
    expect(lines.filter((l) => /^\d+,E01/.test(l))).toHaveLength(115)
    expect(text.trimEnd().split('\n')).toHaveLength(116)
    expect(text).not.toMatch(/Sources/)
    const meta = JSON.stringify(await (await fetch(`${app.url}/api/targeting/index?${q}&format=csv-metadata`)).json())
    expect(meta).toMatch(/IoD 2019/)
    expect(meta).toMatch(/2021 data \(published 2023\)/)
    expect(meta).toMatch(/Census 2021/)
    expect(meta).toMatch(/Open Government Licence/)
    const gj = await (await fetch(`${app.url}/api/targeting/index?${q}&format=geojson`)).json()
    expect(gj.type).toBe('FeatureCollection')
    expect(gj.features).toHaveLength(115)
    expect(gj.features[0].geometry.type).toBe('MultiPolygon')
    expect(gj.features[0].properties).toMatchObject({ rank: 1, code: expect.stringMatching(/^E01/) })
    expect(gj.components.map((c: { id: string; vintage: string; source: string | null }) => [c.id, !!c.vintage, !!c.source])).toEqual([
      ['idaci_score_2019', true, true], ['fp_pct_2021', true, true], ['census_no_quals_pct', true, true],
    ])
  })

  describe('missing values', () => {
    let restore: { value: number } | undefined
    const code = async () => (await app.db.knex('areas').where({ level: 'lsoa21' }).orderBy('code').first('code')).code as string
    beforeAll(async () => {
      const c = await code()
      restore = await app.db.knex('indicator_values').where({ indicator_id: 'fp_pct_2021', level: 'lsoa21', code: c }).first('value')
      await app.db.knex('indicator_values').where({ indicator_id: 'fp_pct_2021', level: 'lsoa21', code: c }).update({ value: null })
    })
    afterAll(async () => {
      if (restore) await app.db.knex('indicator_values').where({ indicator_id: 'fp_pct_2021', level: 'lsoa21', code: await code() }).update({ value: restore.value })
    })

    it('exclude-area leaves the area out and names it; mean-impute keeps it with the mean, flagged', async () => {
      const c = await code()
      const spec = { indicators: [{ id: 'idaci_score_2019', weight: 1 }, { id: 'fp_pct_2021', weight: 1 }], method: 'zscore' }
      const ex = await post({ ...spec, missing: 'exclude-area' })
      expect(ex.areas).toHaveLength(114)
      expect(ex.excluded).toEqual([{ code: c, name: expect.any(String), missing: ['fp_pct_2021'] }])
      const im = await post({ ...spec, missing: 'mean-impute' })
      expect(im.areas).toHaveLength(115)
      const a = im.areas.find((x) => x.code === c)!
      expect(a.components[1]).toMatchObject({ id: 'fp_pct_2021', raw: null, imputed: true })
      expect(a.components[1].normalised).toBeCloseTo(0, 10) // the mean of the others has z-score 0, not the z of a raw 0
      expect(im.components[1]).toMatchObject({ missing: 1, imputed: 1 })
    })
  })

  describe('saving', () => {
    const spec = { indicators: [{ id: 'idaci_score_2019', weight: 2 }, { id: 'fp_pct_2021', weight: 1 }], method: 'rank', level: 'lsoa21', missing: 'exclude-area' }
    const save = (auth: string | undefined, body: unknown = { name: 'Children and fuel poverty', spec }) =>
      fetch(`${app.url}/api/targeting/indices`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body),
      })
    const count = async () => Number((await app.db.knex('need_indices').count<{ n: number }[]>({ n: '*' }))[0].n)

    it('refuses without a valid token (401) and with a viewer token (403), storing nothing', async () => {
      const before = await count()
      const none = await save(undefined)
      expect(none.status).toBe(401)
      expect(none.headers.get('content-type')).toMatch(/problem\+json/)
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect((await save('Bearer not-the-token')).status).toBe(401)
      expect((await save(`Basic ${TOKEN}`)).status).toBe(401)
      const low = await save(`Bearer ${viewer.token}`)
      expect(low.status).toBe(403)
      expect(low.headers.get('content-type')).toMatch(/problem\+json/)
      expect(await count()).toBe(before)
    })

    it('saves with the editor token, lists it and returns it with its share URL', async () => {
      const res = await save(`Bearer ${TOKEN}`)
      expect(res.status).toBe(201)
      const saved = await res.json()
      created.push(saved.id)
      expect(saved).toMatchObject({ name: 'Children and fuel poverty', spec, url: '/api/targeting/index?indicators=idaci_score_2019:2,fp_pct_2021:1&method=rank&level=lsoa21&missing=exclude-area' })
      const one = await (await fetch(`${app.url}/api/targeting/indices/${saved.id}`)).json()
      expect(one).toEqual(saved)
      const list = await (await fetch(`${app.url}/api/targeting/indices`)).json()
      expect(list.indices.map((i: { id: number }) => i.id)).toContain(saved.id)
      const shared = await fetch(app.url + saved.url)
      expect(shared.status).toBe(200)
      expect((await fetch(`${app.url}/api/targeting/indices/999999999`)).status).toBe(404)
      const audit = await app.db.knex('audit_log').where({ entity: 'need_index', entity_id: String(saved.id) }).select('action', 'actor_role')
      expect(audit).toEqual([{ action: 'need_index.create', actor_role: 'editor' }])
    })

    it('rejects a spec naming an unknown indicator, storing nothing', async () => {
      const before = await count()
      const res = await save(`Bearer ${TOKEN}`, { name: 'x', spec: { ...spec, indicators: [{ id: 'no_such_indicator', weight: 1 }] } })
      expect(res.status).toBe(404)
      expect(await count()).toBe(before)
    })
  })
})
