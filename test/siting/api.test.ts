/**
 * Family Hub siting through HTTP against the real B&D import: one hub per locality honoured,
 * fixed sites kept, every objective answered, bad parameters refused with a named problem, a
 * user travel-time matrix used as given, and scenarios saved only with an editor token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SitingResult } from '../../server/domain/siting/result'
import { withApp } from '../support/app'
import { backend } from '../support/env'
import { download, readCsv, readGpkg, readXlsx } from '../exports/readers'

const TOKEN = 'siting-test-editor-token'
const HUB_CANDIDATES = ['library', 'community_hub', 'primary_school']

describe(`Family Hub siting API on the ${backend} backend`, () => {
  const app = withApp({ deps: (db) => ({ config: { ...db.config, EDITOR_TOKENS: [TOKEN] } }) })
  const created: number[] = []
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const solve = async (body: unknown): Promise<SitingResult> => {
    const res = await post('/api/siting/solve', body)
    const json = await res.json()
    expect(res.status, JSON.stringify(json).slice(0, 400)).toBe(200)
    return json
  }
  const problem = async (body: unknown) => {
    const res = await post('/api/siting/solve', body)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    return (await res.json()) as { detail: string; type: string }
  }
  afterAll(async () => {
    if (created.length) await app.db.knex('scenarios').whereIn('id', created).del()
  })

  it('puts exactly one hub inside each of the three localities, proven optimal, and explains the weighting', async () => {
    const r = await solve({ need: { kind: 'idaci-score' }, candidates: { categories: HUB_CANDIDATES } })
    expect(r.status).toBe('optimal')
    expect(r.gap).toBe(0)
    expect(r.sites).toHaveLength(3)
    const locs = (await app.db.knex('areas').where({ level: 'locality' }).orderBy('code').pluck('code')) as string[]
    expect(r.sites.map((s) => s.locality!.code).sort()).toEqual(locs)
    for (const s of r.sites) {
      const inside = await app.db.knex.raw(
        `SELECT ST_Intersects(l.geom_bng, a.geom_bng) AS ok FROM assets a, areas l WHERE a.id = ? AND l.level = 'locality' AND l.code = ?`,
        [s.assetId, s.locality!.code],
      )
      expect(inside.rows[0].ok, s.name).toBe(true)
      expect(['library', 'community_hub', 'school']).toContain(s.category)
    }
    expect(r.allocation).toHaveLength(115)
    expect(new Set(r.allocation.map((a) => a.hub))).toEqual(new Set(r.sites.map((s) => s.id)))
    expect(r.catchments.features).toHaveLength(3)
    expect(r.catchments.features.every((f) => /Polygon/.test(f.geometry.type))).toBe(true)
    expect(r.weighting.text).toMatch(/children aged 0-4/)
    expect(r.weighting.text).toMatch(/IDACI score/)
    expect(r.travel.text).toMatch(/× 1.3 .*4.8 km\/h/)
    expect(r.metrics.byLocality).toHaveLength(3)
    const o = r.metrics.overall
    expect(o.meanMinutes).toBeGreaterThan(0)
    expect(o.maxMinutes!).toBeGreaterThanOrEqual(o.meanMinutes!)
    expect(o.within10!).toBeLessThanOrEqual(o.within15!)
    expect(o.within15!).toBeLessThanOrEqual(o.within30!)
    expect(o.deprivedWithinThreshold).not.toBeNull()
    // the reported objective is the weighted sum of each area's travel to its hub
    const sum = r.allocation.reduce((s, a) => s + a.weight * a.minutes, 0)
    expect(r.value).toBeCloseTo(sum, 6)
  })

  it('gives the same answer for the same parameters', async () => {
    const body = { hubs: 4, objective: 'coverage', threshold: 10, candidates: { categories: ['primary_school', 'library'] } }
    const [a, b] = [await solve(body), await solve(body)]
    expect(a.sites.map((s) => s.id)).toEqual(b.sites.map((s) => s.id))
    expect(a.value).toBe(b.value)
  })

  it('always opens fixed sites, and compares against them as the baseline', async () => {
    const lib = await app.db.knex.raw(
      `SELECT a.id FROM assets a JOIN areas l ON l.level = 'locality' AND ST_Intersects(l.geom_bng, a.geom_bng)
       WHERE a.category = 'library' AND a.status = 'open' ORDER BY a.id LIMIT 1`,
    )
    const fixed = `asset:${lib.rows[0].id}`
    for (const hubs of ['one-per-locality', 4] as const) {
      for (const objective of ['p-median', 'coverage', 'p-center'] as const) {
        const r = await solve({ hubs, objective, fixed: [fixed], candidates: { categories: ['primary_school'] } })
        expect(r.sites.map((s) => s.id), `${hubs} ${objective}`).toContain(fixed)
        expect(r.sites.find((s) => s.id === fixed)!.fixed).toBe(true)
        expect(r.baseline!.sites.map((s) => s.id)).toEqual([fixed])
        expect(r.baseline!.metrics.meanMinutes!).toBeGreaterThanOrEqual(r.metrics.overall.meanMinutes! - 1e-9)
      }
    }
  })

  it('answers every objective with free p and says how sure it is', async () => {
    for (const objective of ['p-median', 'coverage', 'p-center'] as const) {
      const r = await solve({ hubs: 3, objective, need: { kind: 'idaci-decile' }, candidates: { categories: ['library', 'primary_school'] } })
      expect(r.sites).toHaveLength(3)
      expect(r.status).toBe('optimal')
      expect(r.method).toMatch(/optimal/)
      expect(r.weighting.text).toMatch(/decile 1/)
    }
  })

  it('excludes excluded sites and can use every demand point as a candidate', async () => {
    const first = await solve({ hubs: 2, candidates: { categories: [], demandPoints: true } })
    expect(first.sites.every((s) => s.kind === 'lsoa')).toBe(true)
    const again = await solve({ hubs: 2, candidates: { categories: [], demandPoints: true }, excluded: [first.sites[0].id] })
    expect(again.sites.map((s) => s.id)).not.toContain(first.sites[0].id)
    expect(again.value).toBeGreaterThanOrEqual(first.value - 1e-9)
  })

  it('refuses bad parameters with a 400 that names the problem', async () => {
    expect((await problem({ hubs: 40, candidates: { categories: ['library'] } })).detail).toMatch(/p = 40 hubs but only \d+ candidate sites/)
    expect((await problem({ candidates: { categories: ['library', 'castles'] } })).detail).toMatch(/unknown candidate category: castles/)
    expect((await problem({ threshold: 'NaN' })).detail).toMatch(/threshold/)
    expect((await problem({ capacities: { 'asset:1': 100 } })).detail).toMatch(/capacities are not yet supported/)
    expect((await problem({ need: { kind: 'indicator', id: 'ptai' } })).detail).toMatch(/not a score or rate where higher means more need/)
    expect((await problem({ fixed: ['asset:999999999'] })).detail).toMatch(/asset:999999999 does not exist/)
    expect((await problem({ excluded: ['point:zz'] })).detail).toMatch(/excluded site point:zz is not among the candidates/)
    expect((await problem({ hubs: 2, objective: 'median' })).detail).toMatch(/objective/)
  })

  describe('a user travel-time matrix', () => {
    let codes: string[]
    const points = [{ id: 'a', lon: 0.08, lat: 51.54 }, { id: 'b', lon: 0.15, lat: 51.55 }]
    // "b" is one minute from everywhere, "a" ten: any correct solver opens b.
    const rows = () => codes.flatMap((c) => [`${c},point:a,10`, `${c},point:b,1`])
    const body = (matrix: string) => ({ hubs: 1, candidates: { categories: [], points }, travel: { matrix } })
    beforeAll(async () => {
      codes = (await app.db.knex('areas').where({ level: 'lsoa21' }).orderBy('code').pluck('code')) as string[]
    })

    it('is used as given, and the response says so', async () => {
      const r = await solve(body(['origin,destination,minutes', ...rows()].join('\n')))
      expect(r.sites.map((s) => s.id)).toEqual(['point:b'])
      expect(r.travel.mode).toBe('matrix')
      expect(r.travel.text).toMatch(/supplied matrix/)
      expect(r.metrics.overall.meanMinutes).toBeCloseTo(1, 9)
      expect(r.metrics.overall.meanMetres).toBeNull()
    })

    it('must hold every demand × site pair', async () => {
      const missing = rows().filter((l) => !l.startsWith(`${codes[5]},point:a`))
      expect((await problem(body(['origin,destination,minutes', ...missing].join('\n')))).detail)
        .toMatch(new RegExp(`no time for origin ${codes[5]}, destination point:a`))
    })

    it('must hold finite times', async () => {
      const bad = rows().map((l) => (l.startsWith(`${codes[0]},point:b`) ? `${codes[0]},point:b,NaN` : l))
      expect((await problem(body(['origin,destination,minutes', ...bad].join('\n')))).detail)
        .toMatch(new RegExp(`origin ${codes[0]}, destination point:b must be a finite number`))
    })
  })

  describe('scenarios', () => {
    const params = { need: { kind: 'idaci-score' }, candidates: { categories: HUB_CANDIDATES } }
    const count = async () => Number((await app.db.knex('scenarios').count<{ n: number }[]>({ n: '*' }))[0].n)

    it('are saved only with an editor token: 401 without one or with an unknown one, nothing stored', async () => {
      const before = await count()
      const none = await post('/api/siting/scenarios', { name: 'No token', params })
      expect(none.status).toBe(401)
      expect(none.headers.get('content-type')).toMatch(/problem\+json/)
      const wrong = await post('/api/siting/scenarios', { name: 'Wrong token', params }, { authorization: 'Bearer not-the-token' })
      expect(wrong.status).toBe(401)
      // checked before the body: a bad body without a token is still a 401, not a 400
      expect((await post('/api/siting/scenarios', { nonsense: true })).status).toBe(401)
      expect(await count()).toBe(before)
    })

    it('save, list, reopen, compare side by side and export as CSV and GeoJSON', async () => {
      const auth = { authorization: `Bearer ${TOKEN}` }
      const a = await post('/api/siting/scenarios', { name: 'Libraries, hubs and primaries (IDACI)', author: 'Test planner', params }, auth)
      expect(a.status).toBe(201)
      const sa = await a.json()
      created.push(sa.id)
      expect(a.headers.get('location')).toBe(`/api/siting/scenarios/${sa.id}`)
      const b = await post('/api/siting/scenarios', { name: 'Same, children 0-19', author: 'Test planner', params: { ...params, population: '0-19' } }, auth)
      expect(b.status).toBe(201)
      const sb = await b.json()
      created.push(sb.id)

      const list = await (await fetch(`${app.url}/api/siting/scenarios`)).json()
      const mine = list.scenarios.filter((s: { id: number }) => created.includes(s.id))
      expect(mine.map((s: { name: string }) => s.name).sort()).toEqual(['Libraries, hubs and primaries (IDACI)', 'Same, children 0-19'])
      expect(mine[0].summary.metrics.meanMinutes).toBeGreaterThan(0)

      const one = await (await fetch(`${app.url}/api/siting/scenarios/${sa.id}`)).json()
      expect(one.author).toBe('Test planner')
      expect(one.result.sites).toHaveLength(3)
      expect(one.params.population).toBe('0-4')

      const cmp = await (await fetch(`${app.url}/api/siting/compare?ids=${sa.id},${sb.id}`)).json()
      expect(cmp.scenarios.map((s: { id: number }) => s.id)).toEqual([sa.id, sb.id])
      const mean = cmp.rows.find((r: { key: string }) => r.key === 'meanMinutes')
      expect(mean.values).toEqual([sa.result.metrics.overall.meanMinutes, sb.result.metrics.overall.meanMinutes])
      expect(cmp.byLocality).toHaveLength(3)

      const csv = await fetch(`${app.url}/api/siting/scenarios/${sa.id}?format=csv`)
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
      const lines = (await csv.text()).split('\n')
      expect(lines[0]).toMatch(/^lsoa21cd,lsoa21nm,locality/)
      expect(lines.filter((l) => /^E01/.test(l))).toHaveLength(115)
      expect(lines.join('\n').trimEnd().split('\n')).toHaveLength(116)
      const x = readXlsx((await download(`${app.url}/api/siting/scenarios/${sa.id}?format=xlsx`)).body)
      expect(x.rows).toHaveLength(115)
      expect(x.sources.flat().join(' ')).toContain(sa.result.summary)
      const gp = await download(`${app.url}/api/siting/scenarios/${sa.id}?format=gpkg`)
      expect(gp.filename).toBe(`scenario-${sa.id}.gpkg`)
      expect(readGpkg(gp.body, gp.filename).summary(`scenario_${sa.id}`)).toMatch(/Feature Count: 6/)
      const cmpCsv = readCsv((await download(`${app.url}/api/siting/compare?ids=${sa.id},${sb.id}&format=csv`)).body.toString())
      expect(cmpCsv.header).toEqual(['scope', 'locality', 'metric', 'label', 'unit', 'better', `scenario_${sa.id}`, `scenario_${sb.id}`])
      const meanRow = cmpCsv.rows.find((r) => r[0] === 'borough' && r[2] === 'meanMinutes')!
      expect(meanRow.slice(6).map(Number)).toEqual(mean.values.map((v: number) => Math.round(v * 1e4) / 1e4))

      const gj = await (await fetch(`${app.url}/api/siting/scenarios/${sa.id}?format=geojson`)).json()
      expect(gj.type).toBe('FeatureCollection')
      expect(gj.features.filter((f: { properties: { feature: string } }) => f.properties.feature === 'site')).toHaveLength(3)
      expect(gj.features.filter((f: { properties: { feature: string } }) => f.properties.feature === 'catchment')).toHaveLength(3)

      expect((await fetch(`${app.url}/api/siting/scenarios/999999999`)).status).toBe(404)
      expect((await fetch(`${app.url}/api/siting/compare?ids=${sa.id}`)).status).toBe(400)
    })
  })
})
