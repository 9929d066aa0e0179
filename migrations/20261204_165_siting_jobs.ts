import type { Knex } from 'knex'

/**
 * Siting jobs that any node can start, poll, cancel or finish (the server backend's jobs; the
 * embedded backend keeps them in memory and leaves this table empty). pg-boss (schema pgboss)
 * decides which node runs a job and retries it when its node dies; this row is what clients see:
 * the parameters, progress as the solve reports it, and the result or error until expires_at.
 * `attempt` counts the runs pg-boss has handed out, so a node that lost the job (it was presumed
 * dead and the job retried elsewhere) cannot overwrite the new run's progress or result.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE siting_jobs (
    id uuid PRIMARY KEY,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
    params jsonb NOT NULL,
    progress jsonb NOT NULL,
    result jsonb,
    error jsonb,
    attempt integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    expires_at timestamptz,
    CHECK ((status = 'running') = (finished_at IS NULL))
  )`)
  await knex.raw('CREATE INDEX siting_jobs_running ON siting_jobs (created_at) WHERE status = \'running\'')
  await knex.raw('CREATE INDEX siting_jobs_expiry ON siting_jobs (expires_at) WHERE expires_at IS NOT NULL')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS siting_jobs')
}
