/**
 * pg-boss (schema pgboss) and the rate-limit store (schema rate_limit, table public.migrations)
 * create their own schemas. With a separate owner (MIGRATION_DATABASE_URL) the owner creates them
 * at start (server/services.ts prepareSharedSchemas) and this lets atlas_runtime, which runs no DDL,
 * use them: read and write their rows, run their functions.
 */
import type { Queryable } from './connect'

export async function grantSharedSchemas(q: Queryable): Promise<void> {
  // One DO block is one command (as in migration 090).
  await q.raw(`
    DO $$
    BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'atlas_runtime') THEN
        GRANT USAGE ON SCHEMA pgboss, rate_limit TO atlas_runtime;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss, rate_limit TO atlas_runtime;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss, rate_limit TO atlas_runtime;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss, rate_limit TO atlas_runtime;
        GRANT SELECT ON public.migrations TO atlas_runtime;
      END IF;
    END $$;
  `)
}
