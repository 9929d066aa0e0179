/**
 * Anchor institutions on the real import: the default NHS-trust rule, marking and adding anchors
 * (editor only), and a catchment that holds exactly the LSOAs PostGIS puts within reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnchorRow, Catchment } from '../../server/domain/anchors'
import { issueToken } from '../../server/domain/auth'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const TOKEN = 'test-editor-token-anchors'

describe(`anchor institutions on the ${backend} backend`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [TOKEN] } }) })
  let anchors: AnchorRow[]
  const createdAssets: number[] = []
  const marked: number[] = []
  let viewer: { id: string; token: string }
  const send = (method: string, path: string, body?: unknown, auth?: string) =>
    fetch(`${app.url}${path}`, {
      method, headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
    })

  beforeAll(async () => {
    viewer = await issueToken(app.db, { actor: { id: 'test', name: 'anchor tests', role: 'admin' }, requestId: null }, { name: 'anchor viewer', role: 'viewer', expiresDays: 1 })
    anchors = (await (await fetch(`${app.url}/api/targeting/anchors`)).json()).anchors
  })
  afterAll(async () => {
    for (const id of marked) {
      const a = await app.db.knex('assets').where({ id }).first('dataset_id', 'source_ref')
      await app.db.knex('assets').where({ id }).update({ is_anchor: false })
      if (a?.dataset_id) await app.db.knex('anchor_marks').where({ dataset_id: a.dataset_id, source_ref: a.source_ref }).delete()
    }
    if (createdAssets.length) await app.db.knex('assets').whereIn('id', createdAssets).delete()
    if (viewer) await app.db.knex('api_tokens').where({ id: viewer.id }).delete()
    // the audit trail is append-only; a test may remove its own rows from the shared database
    const ids = [...marked, ...createdAssets].map(String)
    await app.db.knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')
      await trx('audit_log').where((q) => q.where({ entity: 'token', entity_id: viewer?.id ?? '' }).orWhere((w) => w.where({ entity: 'anchor' }).whereIn('entity_id', ids))).delete()
      await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change')
    })
  })

  it('treats open hospitals run by NHS trusts as anchors by default, not independent-sector ones', async () => {
    const names = anchors.filter((a) => a.basis === 'nhs-trust-hospital').map((a) => a.name)
    expect(names).toEqual(expect.arrayContaining(["Queen's Hospital", 'King George Hospital', 'Barking Community Hospital', 'Goodmayes Hospital']))
    expect(names).not.toContain('North East London NHS Treatment Centre') // run by Care UK
    expect(names).not.toContain('Cygnet Hospital Beckton')
    const q = anchors.find((a) => a.name === "Queen's Hospital")!
    expect(q).toMatchObject({ organisation: 'Barking, Havering and Redbridge University Hospitals NHS Trust', source: expect.any(String), vintage: expect.any(String) })
  })

  it('gives the LSOAs within the distance: exactly those PostGIS ST_DWithin finds at distance / detour', async () => {
    const barking = anchors.find((a) => a.name === 'Barking Community Hospital')!
    const kg = anchors.find((a) => a.name === 'King George Hospital')!
    for (const [anchor, distance, detour] of [[barking, 3000, 1.3], [barking, 5000, 1], [barking, 1500, 1.6], [kg, 3000, 1.3]] as const) {
      const res = await fetch(`${app.url}/api/targeting/anchors/${anchor.id}/catchment?distance=${distance}&detour=${detour}`)
      expect(res.status).toBe(200)
      const c: Catchment = await res.json()
      const expected = await app.db.knex.raw(
        `SELECT l.code FROM areas l LEFT JOIN lsoa_centroids c ON c.code = l.code, assets a WHERE a.id = ? AND l.level = 'lsoa21' AND ST_DWithin(COALESCE(c.geom_bng, l.point_bng), a.geom_bng, ?) ORDER BY l.code`,
        [anchor.id, distance / detour],
      )
      expect(c.lsoas.map((l) => l.code).sort()).toEqual(expected.rows.map((r: { code: string }) => r.code))
      expect(c.lsoas.length).toBeGreaterThan(0)
      expect(c.reach_m).toBeCloseTo(distance / detour, 1)
      for (const l of c.lsoas) expect(l.distance_m * detour).toBeLessThanOrEqual(distance + detour)
    }
  })

  it('ranks the catchment by employment deprivation, with working-age population and headline counts', async () => {
    const q = anchors.find((a) => a.name === "Queen's Hospital")!
    const kg = anchors.find((a) => a.name === 'King George Hospital')!
    const c: Catchment = await (await fetch(`${app.url}/api/targeting/anchors/${kg.id}/catchment?distance=3000`)).json()
    expect(c.detour).toBe(1.3)
    const scores = c.lsoas.map((l) => l.values.employment_score_2025)
    expect(scores.every((s) => typeof s === 'number')).toBe(true)
    expect(scores).toEqual([...scores].sort((a, b) => b! - a!))
    expect(c.lsoas[0].rank).toBe(1)
    for (const l of c.lsoas) {
      for (const id of ['income_score_2025', 'census_never_worked_pct', 'census_no_quals_pct', 'census_pop_15_64']) expect(l.values[id], id).toBeTypeOf('number')
    }
    // headline counts from the database directly: working-age residents of catchment LSOAs in employment deciles 1 and 1-2
    const codes = c.lsoas.map((l) => l.code)
    const sum = async (maxDecile: number) => {
      const r = await app.db.knex.raw(
        `SELECT coalesce(sum(p.value), 0)::float8 AS n, count(*)::int AS k FROM indicator_values p JOIN indicator_values d
           ON d.level = p.level AND d.code = p.code AND d.indicator_id = 'employment_decile_2025'
         WHERE p.indicator_id = 'census_pop_15_64' AND p.level = 'lsoa21' AND p.code = ANY(?) AND d.value <= ?`,
        [codes, maxDecile],
      )
      return { n: Number(r.rows[0].n), k: Number(r.rows[0].k) }
    }
    const [d10, d20] = [await sum(1), await sum(2)]
    expect(c.headline).toMatchObject({ lsoas: codes.length, workingAgeMostDeprived10: d10.n, lsoasMostDeprived10: d10.k, workingAgeMostDeprived20: d20.n, lsoasMostDeprived20: d20.k })
    expect(c.headline.workingAge).toBe(c.lsoas.reduce((s, l) => s + (l.values.census_pop_15_64 ?? 0), 0))
    expect(c.headline.workingAgeMostDeprived20).toBeGreaterThanOrEqual(c.headline.workingAgeMostDeprived10)
    expect(c.workingAgeBand).toMatch(/15-64/)
    expect(c.geometry.lsoas?.type).toMatch(/Polygon/)
    expect(c.geometry.reach.type).toBe('Polygon')
    // Queen's Hospital is in Romford, outside the borough: a smaller distance can hold no B&D LSOA at all
    const far: Catchment = await (await fetch(`${app.url}/api/targeting/anchors/${q.id}/catchment?distance=200&detour=1`)).json()
    expect(far.lsoas).toEqual([])
    expect(far.headline.workingAge).toBe(0)
  })

  it('exports the catchment as CSV with the anchor, method, sources and vintages', async () => {
    const kg = anchors.find((a) => a.name === 'King George Hospital')!
    const res = await fetch(`${app.url}/api/targeting/anchors/${kg.id}/catchment?distance=3000&format=csv`)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="anchor-\d+-King-George-Hospital-3000m\.csv"/)
    const text = await res.text()
    expect(text).toMatch(/^rank,code,name,distance_m,employment_score_2025/)
    expect(text).not.toMatch(/Sources|King George Hospital/)
    // the anchor, method, sources and vintages travel in the CSVW metadata named by the Link header
    const link = /^<([^>]+)>; rel="describedby"/.exec(res.headers.get('link')!)![1]
    const meta = JSON.stringify(await (await fetch(`${app.url}${link}`)).json())
    expect(meta).toMatch(/King George Hospital/)
    expect(meta).toMatch(/IoD 2019/)
    expect(meta).toMatch(/Census 2021 \(21 March 2021\)/)
    expect(meta).toMatch(/Open Government Licence/)
    expect(meta).toMatch(/15-64/)
  })

  it('answers 404 for an asset that is not an anchor and 400 for a distance out of range', async () => {
    const gp = Number((await app.db.knex('assets').where({ category: 'gp' }).first('id')).id)
    expect((await fetch(`${app.url}/api/targeting/anchors/${gp}/catchment`)).status).toBe(404)
    const kg = anchors.find((a) => a.name === 'King George Hospital')!
    expect((await fetch(`${app.url}/api/targeting/anchors/${kg.id}/catchment?distance=50000`)).status).toBe(400)
    expect((await fetch(`${app.url}/api/targeting/anchors/${kg.id}/catchment?detour=0.5`)).status).toBe(400)
  })

  it('refuses to mark or add anchors without a valid token (401) or with a viewer token (403), changing nothing', async () => {
    const before = (await app.db.knex('assets').count<{ n: number }[]>({ n: '*' }))[0].n
    const body = { name: 'Barking and Dagenham College', category: 'anchor', lon: 0.1466, lat: 51.5767 }
    expect((await send('POST', '/api/targeting/anchors', body)).status).toBe(401)
    expect((await send('POST', '/api/targeting/anchors', body, 'Bearer wrong')).status).toBe(401)
    expect((await send('POST', '/api/targeting/anchors', body, `Bearer ${viewer.token}`)).status).toBe(403)
    const gp = Number((await app.db.knex('assets').where({ category: 'gp' }).first('id')).id)
    expect((await send('POST', '/api/targeting/anchors', { asset_id: gp }, `Bearer ${viewer.token}`)).status).toBe(403)
    expect((await app.db.knex('assets').count<{ n: number }[]>({ n: '*' }))[0].n).toBe(before)
    expect((await app.db.knex('assets').where({ id: gp }).first('is_anchor')).is_anchor).toBe(false)
    expect((await send('DELETE', `/api/targeting/anchors/${gp}`)).status).toBe(401)
  })

  it('marks an existing asset and adds a new one with the editor token; both are listed and have catchments', async () => {
    const gp = Number((await app.db.knex('assets').where({ category: 'gp' }).orderBy('id').first('id')).id)
    marked.push(gp)
    const m = await send('POST', '/api/targeting/anchors', { asset_id: gp }, `Bearer ${TOKEN}`)
    expect(m.status).toBe(201)
    expect(await m.json()).toMatchObject({ id: gp, basis: 'marked' })
    expect((await send('POST', '/api/targeting/anchors', { asset_id: gp }, `Bearer ${TOKEN}`)).status).toBe(200) // already one
    const a = await send('POST', '/api/targeting/anchors', { name: 'Barking and Dagenham College', category: 'anchor', lon: 0.1466, lat: 51.5767 }, `Bearer ${TOKEN}`)
    expect(a.status).toBe(201)
    const added: AnchorRow = await a.json()
    createdAssets.push(added.id)
    expect(added).toMatchObject({ name: 'Barking and Dagenham College', category: 'anchor', basis: 'marked', lon: 0.1466, lat: 51.5767 })
    const list: AnchorRow[] = (await (await fetch(`${app.url}/api/targeting/anchors`)).json()).anchors
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining([gp, added.id]))
    const c: Catchment = await (await fetch(`${app.url}/api/targeting/anchors/${added.id}/catchment?distance=2000`)).json()
    expect(c.lsoas.length).toBeGreaterThan(0)
    expect((await send('POST', '/api/targeting/anchors', { name: 'x', category: 'no-such', lon: 0.1, lat: 51.5 }, `Bearer ${TOKEN}`)).status).toBe(400)

    // unmarking: the marked GP is no longer an anchor; the added college is deleted
    expect(await (await send('DELETE', `/api/targeting/anchors/${gp}`, undefined, `Bearer ${TOKEN}`)).json()).toEqual({ removed: 'unmarked', stillAnchor: false })
    expect(await (await send('DELETE', `/api/targeting/anchors/${added.id}`, undefined, `Bearer ${TOKEN}`)).json()).toEqual({ removed: 'deleted', stillAnchor: false })
    expect(await app.db.knex('assets').where({ id: added.id }).first()).toBeUndefined()
    const after: AnchorRow[] = (await (await fetch(`${app.url}/api/targeting/anchors`)).json()).anchors
    expect(after.map((x) => x.id)).not.toContain(gp)
    const audit = await app.db.knex('audit_log').where({ entity: 'anchor' }).whereIn('entity_id', [String(gp), String(added.id)]).orderBy('id').pluck('action')
    expect(audit).toEqual(['anchor.mark', 'anchor.create', 'anchor.unmark', 'anchor.delete'])
  })
})
