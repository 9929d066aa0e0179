import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * The core schema: datasets (provenance), areas at every level with typed geometries, the links
 * between levels, indicator values, postcodes and assets. Later features add tables in later
 * migrations; this one is not rewritten.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    -- One row per imported dataset version: what the service can say about where a figure came from.
    CREATE TABLE datasets (
      id            text PRIMARY KEY,
      title         text NOT NULL,
      publisher     text NOT NULL,
      licence       text NOT NULL,
      attribution   text NOT NULL,
      source_url    text NOT NULL,
      vintage       text NOT NULL,
      files         jsonb NOT NULL DEFAULT '[]',
      checksum      text NOT NULL,
      rows_read     integer NOT NULL DEFAULT 0,
      rows_loaded   integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      notes         jsonb NOT NULL DEFAULT '[]',
      imported_at   timestamptz NOT NULL DEFAULT now()
    );

    -- Every geography the service serves. level: lsoa11 | lsoa21 | msoa21 | oa11 | ward | locality
    -- | borough | region | country. Comparator areas (London, England) have no geometry here.
    CREATE TABLE areas (
      level      text NOT NULL,
      code       text NOT NULL,
      name       text NOT NULL,
      dataset_id text REFERENCES datasets(id) ON DELETE CASCADE,
      attrs      jsonb NOT NULL DEFAULT '{}',
      geom       geometry(MultiPolygon, 4326),
      geom_bng   geometry(MultiPolygon, 27700),
      -- point on surface in BNG: the demand point for siting and the best-fit ward test
      point_bng  geometry(Point, 27700),
      PRIMARY KEY (level, code)
    );
    CREATE INDEX areas_geom_gist ON areas USING gist (geom);
    CREATE INDEX areas_geom_bng_gist ON areas USING gist (geom_bng);

    -- Child area -> parent area, with how the link was made (official lookup, best fit, configuration).
    CREATE TABLE area_links (
      child_level  text NOT NULL,
      child_code   text NOT NULL,
      parent_level text NOT NULL,
      parent_code  text NOT NULL,
      method       text NOT NULL CHECK (method IN ('official', 'best-fit', 'config', 'provisional')),
      dataset_id   text REFERENCES datasets(id) ON DELETE CASCADE,
      PRIMARY KEY (child_level, child_code, parent_level)
    );
    CREATE INDEX area_links_parent ON area_links (parent_level, parent_code);

    -- ONS LSOA 2011 -> 2021 lookup. chgind: U unchanged, S split, M merged, X irregular.
    CREATE TABLE lsoa_lookup (
      lsoa11cd   text NOT NULL,
      lsoa21cd   text NOT NULL,
      chgind     text NOT NULL CHECK (chgind IN ('U', 'S', 'M', 'X')),
      lad_code   text NOT NULL,
      dataset_id text REFERENCES datasets(id) ON DELETE CASCADE,
      PRIMARY KEY (lsoa11cd, lsoa21cd)
    );

    -- One value of one indicator for one area. The descriptor (server/catalogue) says what it means;
    -- this row says where it came from: its own vintage and geography, and how it was derived.
    CREATE TABLE indicator_values (
      indicator_id text NOT NULL,
      level        text NOT NULL,
      code         text NOT NULL,
      value        double precision,
      numerator    double precision,
      denominator  double precision,
      suppressed   boolean NOT NULL DEFAULT false,
      method       text NOT NULL,
      source_level text NOT NULL,
      dataset_id   text REFERENCES datasets(id) ON DELETE CASCADE,
      PRIMARY KEY (indicator_id, level, code)
    );
    CREATE INDEX indicator_values_area ON indicator_values (level, code);

    CREATE TABLE postcodes (
      postcode   text PRIMARY KEY,
      quality    smallint NOT NULL,
      district   text,
      ward       text,
      geom_bng   geometry(Point, 27700) NOT NULL,
      dataset_id text REFERENCES datasets(id) ON DELETE CASCADE
    );

    CREATE TABLE assets (
      id         bigserial PRIMARY KEY,
      category   text NOT NULL,
      name       text NOT NULL,
      address    text,
      postcode   text,
      source_ref text NOT NULL,
      precision  text NOT NULL CHECK (precision IN ('exact', 'building', 'postcode')),
      status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      is_anchor  boolean NOT NULL DEFAULT false,
      verified   boolean NOT NULL DEFAULT true,
      attrs      jsonb NOT NULL DEFAULT '{}',
      dataset_id text REFERENCES datasets(id) ON DELETE CASCADE,
      geom       geometry(Point, 4326) NOT NULL,
      geom_bng   geometry(Point, 27700) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (dataset_id, source_ref)
    );
    CREATE INDEX assets_geom_gist ON assets USING gist (geom);
    CREATE INDEX assets_geom_bng_gist ON assets USING gist (geom_bng);
    CREATE INDEX assets_category ON assets (category);

    -- Borough-level or comparator series with no area geometry (e.g. temporary accommodation by
    -- quarter): one figure per area code and period.
    CREATE TABLE series_values (
      indicator_id text NOT NULL,
      area_code    text NOT NULL,
      area_name    text NOT NULL,
      period       text NOT NULL,
      value        double precision,
      suppressed   boolean NOT NULL DEFAULT false,
      dataset_id   text REFERENCES datasets(id) ON DELETE CASCADE,
      PRIMARY KEY (indicator_id, area_code, period)
    );

    -- A single counter that changes whenever imported data changes: the ETag of tiles and areas.
    CREATE TABLE data_state (
      id           boolean PRIMARY KEY DEFAULT true CHECK (id),
      data_version bigint NOT NULL DEFAULT 0,
      changed_at   timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO data_state DEFAULT VALUES;
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    DROP TABLE IF EXISTS data_state, series_values, assets, postcodes, indicator_values,
      lsoa_lookup, area_links, areas, datasets CASCADE
  `)
}
