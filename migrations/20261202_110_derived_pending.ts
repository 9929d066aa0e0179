import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * The derived rebuild is recorded. Each dataset import commits on its own and the derived data
 * (ward links, locality outlines, carry-over, aggregates) is rebuilt afterwards in one more
 * transaction; a crash in between used to leave, e.g., localities without geometry for good.
 * derived_pending is set in the same transaction as every dataset commit and cleared in the one that
 * finishes the rebuild: while it is true the rebuild is owed, and start-up (or the next import) does it.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE data_state ADD COLUMN derived_pending boolean NOT NULL DEFAULT false;
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE data_state DROP COLUMN IF EXISTS derived_pending;
  `)
}
