/**
 * A crash between a dataset's commit and the derived rebuild is repaired. The state such a crash
 * leaves is made for real: the localities dataset is imported and committed on its own (its locality
 * rows have no outline until the rebuild draws them), and no rebuild follows. /health then says the
 * data is degraded and why; start-up redoes the owed rebuild; and an import of unchanged files does
 * it too instead of saying "nothing changed".
 */
import { afterAll, describe, expect, it } from 'vitest'
import { importLocalities, localitiesSource, PROVISIONAL_LOCALITIES } from '../../server/import/localities'
import { importAll } from '../../server/import/plan'
import { importDataset } from '../../server/import/runner'
import { derivedPending } from '../../server/db/status'
import { createLogger } from '../../server/logger'
import { finishDerivedRebuild } from '../../server/startup'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { send } from './support/client'

describe(`an import interrupted before its derived rebuild (${backend})`, () => {
  const app = withApp()

  const health = async () => {
    const r = await send(app.url, { method: 'GET', path: '/health' }, { rotateIp: false })
    return { status: r.status, body: JSON.parse(r.text) }
  }
  const localitiesWithoutOutline = async () =>
    Number((await app.db.knex('areas').where({ level: 'locality' }).whereNull('geom').count<{ n: number }[]>({ n: '*' }))[0].n)
  /** Commits the localities dataset and stops there, as a process killed right after "localities imported". */
  const importLocalitiesThenCrash = async () => {
    const s = localitiesSource(PROVISIONAL_LOCALITIES)
    const r = await importDataset(app.db.knex, s, geodataDir, TEST_LA, importLocalities(s.id, true), undefined, { force: true })
    expect(r.status).toBe('imported')
  }
  afterAll(async () => {
    // Whatever happened, leave the (shared, on the server leg) database rebuilt.
    if ((await derivedPending(app.db.knex))) await finishDerivedRebuild({ config: app.db.config, db: app.db, logger: createLogger('silent') })
  })

  it('/health reports the data as degraded, naming the localities without geometry, and start-up redoes the rebuild', async () => {
    const before = await health()
    expect(before.body).toMatchObject({ status: 'ok' })
    expect(before.body.invariants).toBeUndefined()

    await importLocalitiesThenCrash()
    expect(await localitiesWithoutOutline()).toBe(3)
    const broken = await health()
    process.stdout.write(`[interrupted] /health ${broken.status} ${broken.body.status}: ${JSON.stringify(broken.body.invariants)}\n`)
    expect(broken.status).toBe(200)
    expect(broken.body.status).toBe('degraded')
    expect(broken.body.invariants).toEqual([
      'the derived data (links, locality outlines, aggregates) is owed a rebuild after an interrupted import',
      '3 locality areas have no geometry',
    ])

    // What server/main.ts runs after migrating, before it listens.
    expect(await finishDerivedRebuild({ config: app.db.config, db: app.db, logger: createLogger('silent') })).toBe(true)
    expect(await localitiesWithoutOutline()).toBe(0)
    expect(await derivedPending(app.db.knex)).toBe(false)
    expect((await health()).body.status).toBe('ok')
    // Nothing owed any more: the next start does nothing.
    expect(await finishDerivedRebuild({ config: app.db.config, db: app.db, logger: createLogger('silent') })).toBe(false)
  })

  it('an import of unchanged files after the crash rebuilds the derived data instead of saying nothing changed', async () => {
    await importLocalitiesThenCrash()
    const r = await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA, only: ['ons_lad22'] })
    expect(r.datasets.map((d) => d.status)).toEqual(['unchanged'])
    expect(r.changed).toBe(true)
    expect(r.derived?.wardLinks).toBe(115)
    expect(await localitiesWithoutOutline()).toBe(0)
    expect((await health()).body.status).toBe('ok')
    process.stdout.write(`[interrupted] unchanged re-import: derived rebuilt in ${r.derived?.ms} ms, ${r.derived?.wardLinks} ward links\n`)
  })
})
