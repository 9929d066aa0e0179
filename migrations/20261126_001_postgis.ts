import type { Knex } from 'knex'

// PostGIS first: every later migration uses its types. In PGlite the first CREATE EXTENSION takes
// 10-20 s (it unpacks the extension), which is why it runs once per data directory, here.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP EXTENSION IF EXISTS postgis CASCADE')
}
