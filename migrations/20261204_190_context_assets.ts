import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Assets held as context around the borough (e.g. every London GP practice and hospital outside it,
 * after `npm run geodata -- context london`): a table of their own with the assets' shape, so every
 * query of the borough's assets (map, tiles, register, siting, search, counts) is unchanged, and a
 * query that asks for the context reads both. Ids come from the assets' sequence (INCLUDING
 * DEFAULTS copies it), so an id names one asset in either table. Removed with their dataset.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE context_assets (LIKE assets INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
    ALTER TABLE context_assets ADD FOREIGN KEY (dataset_id) REFERENCES datasets(id) ON DELETE CASCADE;
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, 'DROP TABLE IF EXISTS context_assets')
}
