import type { Knex } from 'knex'

/**
 * Tiles learn of data changes instead of asking for them:
 * - a data_version change is announced on the channel atlas_data_version (NOTIFY is delivered at
 *   commit, so a listener never hears of a version it cannot yet read), and the tile server holds
 *   the version in process rather than querying it on every cache hit;
 * - areas_version counts the statements that changed areas or indicator_values (a statement-level
 *   trigger, so a bulk insert costs one update). tile_areas depends on those two tables only, so it
 *   is prepared per areas_version: an asset edit bumps data_version but leaves tile_areas current.
 * Each statement is its own raw query (PGlite prepares each one; a function body holds semicolons).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE data_state ADD COLUMN areas_version bigint NOT NULL DEFAULT 0')
  await knex.raw('ALTER TABLE tile_prepared ADD COLUMN areas_version bigint')
  await knex.raw(`CREATE FUNCTION atlas_notify_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('atlas_data_version', NEW.data_version::text); RETURN NULL; END $$`)
  await knex.raw(`CREATE TRIGGER data_state_notify AFTER UPDATE OF data_version ON data_state
    FOR EACH ROW WHEN (NEW.data_version IS DISTINCT FROM OLD.data_version) EXECUTE FUNCTION atlas_notify_data_version()`)
  await knex.raw(`CREATE FUNCTION atlas_bump_areas_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE data_state SET areas_version = areas_version + 1; RETURN NULL; END $$`)
  for (const table of ['areas', 'indicator_values']) {
    await knex.raw(`CREATE TRIGGER ${table}_areas_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_areas_version()`)
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['areas', 'indicator_values']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_areas_version ON ${table}`)
  await knex.raw('DROP TRIGGER IF EXISTS data_state_notify ON data_state')
  await knex.raw('DROP FUNCTION IF EXISTS atlas_bump_areas_version()')
  await knex.raw('DROP FUNCTION IF EXISTS atlas_notify_data_version()')
  await knex.raw('ALTER TABLE tile_prepared DROP COLUMN IF EXISTS areas_version')
  await knex.raw('ALTER TABLE data_state DROP COLUMN IF EXISTS areas_version')
}
