import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Low zooms that stay small and fast: each prepared area also keeps its web-mercator geometry
 * generalised once per zoom band (see tileDefaults.generalised), so a tile over a region at a low
 * zoom clips and encodes a few vertices per area instead of every one. Filled by prepareTileAreas;
 * a tile_prepared row from before this migration names an older layer key, so the rows are rebuilt.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE tile_areas ADD COLUMN geom_3857_z9 geometry(MultiPolygon, 3857), ADD COLUMN geom_3857_z11 geometry(MultiPolygon, 3857);
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, 'ALTER TABLE tile_areas DROP COLUMN IF EXISTS geom_3857_z9, DROP COLUMN IF EXISTS geom_3857_z11')
}
