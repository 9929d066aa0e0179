import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Offline basemap context (water, waterways, railways, stations, place names, parks): a handful of
 * kinds small enough to serve as GeoJSON, so the map needs nothing from outside the service.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE basemap_features (
      id         bigserial PRIMARY KEY,
      kind       text NOT NULL,
      name       text,
      class      text,
      dataset_id text REFERENCES datasets(id) ON DELETE CASCADE,
      geom       geometry(Geometry, 4326) NOT NULL
    );
    CREATE INDEX basemap_features_geom_gist ON basemap_features USING gist (geom);
    CREATE INDEX basemap_features_kind ON basemap_features (kind);
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS basemap_features')
}
