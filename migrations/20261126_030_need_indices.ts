import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Place-based targeting. need_indices: need indices saved by editors so they can be reopened and
 * shared (the spec is the same JSON the index endpoint takes). anchor_marks: imported assets an
 * editor has marked as anchor institutions, keyed by their dataset and source reference rather
 * than the asset id, because a re-import replaces a dataset's asset rows (and their ids).
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE need_indices (
      id          bigserial PRIMARY KEY,
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text,
      spec        jsonb NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE anchor_marks (
      dataset_id text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      source_ref text NOT NULL,
      marked_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (dataset_id, source_ref)
    );
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    DROP TABLE IF EXISTS anchor_marks;
    DROP TABLE IF EXISTS need_indices;
  `)
}
