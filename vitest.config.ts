import { defineConfig } from 'vitest/config'

// Three projects. `unit`: pure code (solvers, arithmetic, file readers, client state) with no
// database and no global setup, so `npx vitest run --project unit` answers in seconds.
// `workbooks`: the readers of the publishers' full-size workbooks, also without a database, apart
// because each spends seconds parsing a real England-wide file. `db`: tests
// against real PostGIS, the embedded PGlite build by default, a PostgreSQL server when
// TEST_DATABASE_URL is set (.ci/run runs both); its global setup migrates and imports the B&D data
// once. db files run one at a time: they share the server database and PGlite is single-connection,
// and 2 cores gain little from parallel files. `npm test` runs both projects.
const workbooks = ['test/read/fuelPoverty.test.ts', 'test/read/iod2019.test.ts', 'test/read/temporaryAccommodation.test.ts']
const unit = [
  'test/read/**/*.test.ts',
  'test/siting/solver.test.ts',
  'test/siting/workerPool.test.ts',
  'test/targeting/arithmetic.test.ts',
  'test/tiles/byteLru.test.ts',
  'test/client/layerFamilies.test.ts',
  'test/client/state.test.ts',
  'test/client/localityDraft.test.ts',
  'test/client/assetRegisterList.test.ts',
  'test/foundation/config.test.ts',
  'test/geodata/fetch.test.ts',
  'test/fleet/compose.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: unit, exclude: workbooks },
      },
      {
        extends: true,
        test: { name: 'workbooks', include: workbooks },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['test/**/*.test.ts'],
          exclude: [...unit, ...workbooks],
          globalSetup: ['test/support/globalSetup.ts'],
          fileParallelism: false,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
