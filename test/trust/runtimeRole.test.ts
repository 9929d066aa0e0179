/**
 * The running app is not the schema owner (issue 12, item 6). The test starts its own PostgreSQL 15 +
 * PostGIS cluster (roles are cluster-wide, so never the shared one): the owner migrates through
 * MIGRATION_DATABASE_URL, the app connects as a login role in atlas_runtime, imports and writes as
 * usual, and yet cannot disable the audit trigger, delete, update or truncate audit_log, or run DDL.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { importAll } from '../../server/import/plan'
import { connectServer, type Database } from '../../server/db/connect'
import { openDatabase } from '../../server/db/open'
import { issueToken } from '../../server/domain/auth'
import { testConfig } from '../support/db'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { startCluster, type Cluster } from '../robustness/support/cluster'
import { testCtx } from './support'
import { createLogger } from '../../server/logger'
import { createServices, prepareSharedSchemas } from '../../server/services'
import { sitingParams } from '../../server/http/contract/siting'

const pgCode = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

describe(`the app's runtime role cannot undo the audit trail (own PostgreSQL cluster; ${backend} leg)`, () => {
  let cluster: Cluster
  let owner: Database
  let app: Database
  let applied: string[] = []
  let appConfig: ReturnType<typeof testConfig>

  beforeAll(async () => {
    cluster = await startCluster('atlas_roles')
    const ownerUrl = cluster.url
    // The operator's one-off step (README): a login role that is a member of atlas_runtime. The
    // group itself is made by the migrations, so the owner migrates first through openDatabase.
    const appUrl = ownerUrl.replace('atlas:atlas@', 'atlas_app:app-secret@')
    const bootstrap = await connectServer(ownerUrl, { poolMax: 1, statementTimeoutMs: 60_000 })
    await bootstrap.knex.raw(`CREATE ROLE atlas_app LOGIN PASSWORD 'app-secret'`)
    await bootstrap.close()
    // The first open migrates as the owner, then connects as atlas_app, which may not be in the
    // group yet: grant membership once the group exists, as the README says.
    appConfig = testConfig({ DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl })
    const first = await openDatabase(appConfig)
    applied = first.applied
    await first.db.close()
    owner = await connectServer(ownerUrl, { poolMax: 2, statementTimeoutMs: 60_000 })
    await owner.knex.raw('GRANT atlas_runtime TO atlas_app')
    app = (await openDatabase(testConfig({ DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl }))).db
    await importAll(app.knex, { dir: geodataDir, la: TEST_LA, only: ['ons_lad22', 'ons_lsoa21', 'ons_wards22', 'census2021', 'localities'] })
  }, 240_000)

  afterAll(async () => {
    await app?.close().catch(() => {})
    await owner?.close().catch(() => {})
    cluster?.destroy()
  })

  it('migrates as the owner (every migration, the runtime grants included) and imports and writes as the app', async () => {
    expect(applied).toContain('20261202_090_runtime_role.ts')
    const who = await app.knex.raw('SELECT current_user AS u')
    expect(who.rows[0].u).toBe('atlas_app')
    const owners = await owner.knex.raw(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`)
    expect(owners.rows.map((r: { tableowner: string }) => r.tableowner)).toEqual(['atlas'])
    // the import ran as the app: the borough's Census 2021 residents, aggregated from LSOAs
    const boro = await app.knex('indicator_values').where({ indicator_id: 'census_pop_total', level: 'borough' }).first('value')
    expect(boro.value).toBe(218_840)
    // an audited write through the domain, as a route would make it
    const t = await issueToken(app, testCtx, { name: 'runtime role test', role: 'viewer', expiresDays: 1 })
    const row = await app.knex('audit_log').where({ entity_id: t.id }).first('action')
    expect(row.action).toMatch(/^token\./)
  })

  it('refuses the app every way to change or remove audit rows, and any DDL (42501 insufficient privilege)', async () => {
    const n = Number((await owner.knex('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n)
    expect(n).toBeGreaterThan(0)
    const codes = {
      disableTrigger: await pgCode(app.knex.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change')),
      delete: await pgCode(app.knex.raw('DELETE FROM audit_log')),
      update: await pgCode(app.knex.raw(`UPDATE audit_log SET action = 'forged'`)),
      truncate: await pgCode(app.knex.raw('TRUNCATE audit_log')),
      drop: await pgCode(app.knex.raw('DROP TABLE audit_log')),
      createTable: await pgCode(app.knex.raw('CREATE TABLE sneaky (id int)')),
      rewriteHistory: await pgCode(app.knex.raw(`DELETE FROM knex_migrations`)),
    }
    expect(codes).toEqual({
      disableTrigger: '42501', delete: '42501', update: '42501', truncate: '42501', drop: '42501', createTable: '42501', rewriteHistory: '42501',
    })
    expect(Number((await owner.knex('audit_log').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(n)
  })

  it('runs siting jobs through the pg-boss queue and counts rate limits as the app, once the owner has prepared their schemas', async () => {
    // the rate-limit library prints each failed query: preparing must not make it fail any
    const printed = vi.spyOn(console, 'error')
    await prepareSharedSchemas(appConfig)
    expect(printed.mock.calls.map((c) => String(c[0]))).toEqual([])
    printed.mockRestore()
    const owners = await owner.knex.raw(`SELECT DISTINCT schemaname, tableowner FROM pg_tables WHERE schemaname IN ('pgboss', 'rate_limit') ORDER BY 1`)
    expect(owners.rows).toEqual([{ schemaname: 'pgboss', tableowner: 'atlas' }, { schemaname: 'rate_limit', tableowner: 'atlas' }])
    const services = createServices({ config: appConfig, db: app, logger: createLogger('silent') })
    try {
      const job = await services.sitingJobs.start(sitingParams.parse({ hubs: 2, candidates: { categories: [], demandPoints: true } }))
      await expect.poll(async () => (await services.sitingJobs.get(job.id)).status, { timeout: 60_000, interval: 200 }).toBe('done')
      expect((await services.sitingJobs.get(job.id)).result!.sites).toHaveLength(2)
      const store = services.limitStores('writes')!
      store.init?.({ windowMs: 60_000 } as Parameters<NonNullable<typeof store.init>>[0])
      expect((await store.increment('runtime-role-test')).totalHits).toBe(1)
      expect((await store.increment('runtime-role-test')).totalHits).toBe(2)
    } finally {
      await services.close()
    }
  })
})
