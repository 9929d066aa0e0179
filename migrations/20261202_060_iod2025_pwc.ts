import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * IoD 2025 beside 2019:
 * - lad_summaries holds the publisher's local-authority summaries (IoD 2025 File 10, all 296 LADs),
 *   shown as published: the borough's headline position is MHCLG's, not recomputed.
 * - lsoa_centroids holds ONS population-weighted centroids: where people live in each LSOA, the
 *   demand point for siting and anchor catchments (points on surface stay for the ward best fit).
 * - indicator ids now carry their edition year: values stored under the old IoD 2019 and fuel
 *   poverty 2021 ids are renamed, so an existing database keeps them without a re-import.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE lad_summaries (
      edition               text NOT NULL,
      lad_code              text NOT NULL,
      lad_name              text NOT NULL,
      domain                text NOT NULL,
      average_rank          double precision NOT NULL,
      rank_of_average_rank  integer NOT NULL,
      average_score         double precision NOT NULL,
      rank_of_average_score integer NOT NULL,
      share_10              double precision NOT NULL,
      rank_of_share_10      integer NOT NULL,
      dataset_id            text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      PRIMARY KEY (edition, lad_code, domain)
    );

    CREATE TABLE lsoa_centroids (
      code       text PRIMARY KEY,
      geom_bng   geometry(Point, 27700) NOT NULL,
      dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE
    );

    UPDATE indicator_values SET indicator_id = indicator_id || '_2019'
      WHERE indicator_id ~ '^(imd|income|employment|education|health|crime|barriers|living_env|idaci|idaopi|cyp|adult_skills|geographical_barriers|wider_barriers|indoors|outdoors)_(score|rank|decile|share_10|share_20)$'
         OR indicator_id ~ '^iod_(pop_total|pop_0_15|pop_60_plus|pop_working_age|years_potential_life_lost|illness_disability_ratio|mood_anxiety|overcrowding|homelessness_per_1000|housing_affordability|no_central_heating|dist_gp_km|dist_primary_school_km)$';
    UPDATE indicator_values SET indicator_id = indicator_id || '_2021' WHERE indicator_id IN ('fp_pct', 'fp_households', 'fp_fuel_poor');
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    DROP TABLE IF EXISTS lsoa_centroids, lad_summaries;
    UPDATE indicator_values SET indicator_id = regexp_replace(indicator_id, '_2019$', '') WHERE dataset_id IN ('iod2019') OR indicator_id ~ '^iod_.*_2019$';
    UPDATE indicator_values SET indicator_id = regexp_replace(indicator_id, '_2021$', '') WHERE indicator_id ~ '^fp_.*_2021$';
  `)
}
