import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Saved Family Hub siting scenarios: the parameters a planner chose, the result the server computed
 * from them (sites, allocation, catchments, metrics), who saved it and when.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    CREATE TABLE scenarios (
      id         bigserial PRIMARY KEY,
      name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      params     jsonb NOT NULL,
      result     jsonb NOT NULL,
      author     text NOT NULL CHECK (length(author) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX scenarios_created_at ON scenarios (created_at DESC, id DESC);
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS scenarios')
}
