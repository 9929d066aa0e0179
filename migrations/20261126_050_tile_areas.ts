import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Tiles read prepared rows: each area's tile properties (code, name and its tile indicators, as one
 * jsonb) and a web-mercator copy of its geometry, written once per data version instead of being
 * pivoted from indicator_values and transformed per feature on every tile request.
 * tile_prepared says which data version and which layer definition (the catalogue's `tile: true`
 * indicators per level) the rows were built for; a tile read that finds either stale rebuilds them.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE tile_areas (
      level     text NOT NULL,
      code      text NOT NULL,
      id        bigint NOT NULL,
      props     jsonb NOT NULL,
      geom_3857 geometry(MultiPolygon, 3857),
      PRIMARY KEY (level, code)
    );

    CREATE TABLE tile_prepared (
      id           boolean PRIMARY KEY DEFAULT true CHECK (id),
      data_version bigint NOT NULL,
      layers_key   text NOT NULL
    );
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, 'DROP TABLE IF EXISTS tile_prepared, tile_areas')
}
