import { defineConfig } from 'vitest/config'

// Tests run against real PostGIS: the embedded PGlite build by default, a PostgreSQL server when
// TEST_DATABASE_URL is set (.ci/run runs both). Files run one at a time: they share the server
// database and PGlite is single-connection, and 2 cores gain little from parallel files.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
})
