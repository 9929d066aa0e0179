import type { Knex } from 'knex'

/**
 * A role for the running app that cannot undo the audit trail. audit_log's append-only trigger binds
 * everyone but its owner, and the owner can `ALTER TABLE ... DISABLE TRIGGER`; so in production the
 * migrations run as the owner (MIGRATION_DATABASE_URL) and the app logs in as a member of
 * atlas_runtime (DATABASE_URL), which may read and write the data tables but only SELECT and INSERT
 * audit_log, owns nothing and runs no DDL. Roles are cluster-wide: the group is created once if this
 * role may create roles, and each database grants it its own privileges. Where roles cannot be
 * created (a restricted owner, or PGlite's single user) the migration notes it and grants nothing.
 */
export async function up(knex: Knex): Promise<void> {
  // One DO block is one command (PGlite prepares each raw query), so no execScript here.
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'atlas_runtime') THEN
        BEGIN
          CREATE ROLE atlas_runtime NOLOGIN;
        EXCEPTION
          WHEN duplicate_object OR unique_violation THEN NULL; -- another database's migration made it first
          WHEN insufficient_privilege THEN RAISE NOTICE 'atlas_runtime not created: this role may not create roles';
        END;
      END IF;
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'atlas_runtime') THEN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO atlas_runtime', current_database());
        GRANT USAGE ON SCHEMA public TO atlas_runtime;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO atlas_runtime;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO atlas_runtime;
        -- the trail: read and append, nothing else (and the trigger refuses UPDATE/DELETE/TRUNCATE anyway)
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM atlas_runtime;
        -- the schema's history is the owner's
        REVOKE INSERT, UPDATE, DELETE ON knex_migrations, knex_migrations_lock FROM atlas_runtime;
        -- tables later migrations create get the same data privileges
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO atlas_runtime;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO atlas_runtime;
      END IF;
    END $$;
  `)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DO $$
    BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'atlas_runtime') THEN
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM atlas_runtime;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM atlas_runtime;
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM atlas_runtime;
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM atlas_runtime;
        REVOKE ALL ON SCHEMA public FROM atlas_runtime;
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM atlas_runtime', current_database());
      END IF;
    END $$;
  `)
}
