/**
 * `npm run geodata -- import --force` re-reads every source even when its file is unchanged. Each
 * dataset's rows are replaced whole, in every table it owns: a forced run over every source
 * succeeds and leaves the same rows behind (it once failed on the population-weighted centroids,
 * whose table the replace step did not clear, with a duplicate key).
 */
import type { Knex } from 'knex'
import { describe, expect, it } from 'vitest'
import { importAll, plan } from '../../server/import/plan'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'

const OWNED = ['areas', 'area_links', 'lsoa_lookup', 'indicator_values', 'postcodes', 'series_values', 'lsoa_centroids', 'lad_summaries', 'assets', 'basemap_features']

/** Rows per dataset in every table a dataset owns, and the borough's IMD 2025 average score. */
async function fingerprint(knex: Knex) {
  const rows: Record<string, number> = {}
  for (const t of OWNED) {
    const r = await knex(t).select('dataset_id').count<{ dataset_id: string; n: number }[]>({ n: '*' }).groupBy('dataset_id')
    for (const x of r) rows[`${t}/${x.dataset_id}`] = Number(x.n)
  }
  const imd = await knex('indicator_values').where({ level: 'borough', code: TEST_LA, indicator_id: 'imd_score_2025' }).first('value')
  return { rows, imd: imd ? Number(imd.value) : null }
}

describe(`a forced re-import of every source (${backend})`, () => {
  const app = withApp({ serve: false })

  it('re-imports each of the sources and leaves the same rows in every table and the same borough figures', async () => {
    const before = await fingerprint(app.db.knex)
    expect(before.rows['lsoa_centroids/ons_pwc21']).toBe(115)
    const r = await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA, force: true })
    expect(r.datasets.filter((d) => d.status !== 'imported').map((d) => `${d.id}: ${d.status}`)).toEqual([])
    expect(r.datasets.length).toBeGreaterThanOrEqual(plan.length)
    expect(await fingerprint(app.db.knex)).toEqual(before)
    process.stdout.write(`[force] ${r.datasets.length} datasets re-imported; borough IMD 2025 ${before.imd}\n`)
  }, 240_000) // a whole import: about 7 s on the server and 20 s embedded when quiet, minutes when busy
})
