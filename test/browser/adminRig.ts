/**
 * The admin tests' setting: a harness whose server imports from a temporary GEODATA_DIR filled by
 * `sources`, and afterwards the people invited (by address), the tokens tracked and the audit rows
 * written are removed, so the server leg's shared database is left as it was found.
 */
import { afterAll, beforeAll } from 'vitest'
import { makeTempDir, removeDir } from '../geodata/support/datasets'
import { cleanUp, startTracking, type Created } from '../trust/support'
import { withHarness, type Harness } from './browser'

export function adminRig(opts: { sources: (dir: string) => void; emails: string[] }, use: (h: Harness, track: Created) => void): void {
  const geodata = makeTempDir()
  opts.sources(geodata)
  let h: Harness | undefined
  let track: Created | undefined
  withHarness((started) => { h = started }, { config: { geodataDir: geodata } })
  beforeAll(async () => {
    track = await startTracking(h!.db.knex)
    use(h!, track)
  })
  afterAll(async () => {
    if (h && track) {
      await h.db.knex('people').whereIn('email', opts.emails).delete()
      await cleanUp(h.db.knex, track)
    }
    removeDir(geodata)
  })
}
