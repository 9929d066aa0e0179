/** Which backend this test run targets, and where its shared test database lives. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { inject } from 'vitest'
import { projectRoot } from '../../server/config'

export const serverUrl = process.env.TEST_DATABASE_URL || undefined
export const backend: 'embedded' | 'server' = serverUrl ? 'server' : 'embedded'
/** The embedded template: migrated and imported once per run by globalSetup, copied per test file. */
export const templateDir = (): string => inject('templateDir')
export const geodataDir: string =
  process.env.GEODATA_DIR ||
  [path.join(projectRoot, 'geodata', 'raw'), path.join(projectRoot, '..', 'shared', 'geodata', 'raw')].find((p) =>
    existsSync(p),
  ) ||
  path.join(projectRoot, '..', 'shared', 'geodata', 'raw')
