import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Trust: API tokens (stored only as SHA-256 hashes), the suggestion moderation queue, and the
 * append-only audit trail of every write. audit_log refuses UPDATE, DELETE and TRUNCATE through a
 * trigger on both backends (PGlite runs plpgsql triggers too); only a table owner deliberately
 * disabling the trigger can remove rows.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    -- A bearer token is "atlas_<id>_<secret>": id is public (logs, audit, revocation), the secret is
    -- 32 random bytes shown once. token_hash = hex SHA-256 of the whole token; the token itself is never stored.
    CREATE TABLE api_tokens (
      id           text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{10}$'),
      name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role         text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
      token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      created_at   timestamptz NOT NULL DEFAULT now(),
      created_by   text NOT NULL,
      expires_at   timestamptz NOT NULL,
      revoked_at   timestamptz,
      revoked_by   text
    );

    -- Suggestions from anyone: a new asset or a correction to one. Never published until an editor
    -- accepts; then asset_id names the asset created or corrected.
    CREATE TABLE suggestions (
      id           bigserial PRIMARY KEY,
      kind         text NOT NULL CHECK (kind IN ('new-asset', 'correction')),
      status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
      name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      category     text,
      description  text CHECK (length(description) <= 2000),
      contact      text CHECK (length(contact) <= 200),
      address      text CHECK (length(address) <= 300),
      postcode     text,
      lon          double precision,
      lat          double precision,
      asset_id     bigint,
      fields       jsonb NOT NULL DEFAULT '{}',
      submitted_at timestamptz NOT NULL DEFAULT now(),
      decided_at   timestamptz,
      decided_by   text,
      reason       text CHECK (length(reason) <= 500)
    );
    CREATE INDEX suggestions_status ON suggestions (status, submitted_at, id);

    -- Every write: who (token id, name and role at the time), when, what, before and after.
    CREATE TABLE audit_log (
      id         bigserial PRIMARY KEY,
      at         timestamptz NOT NULL DEFAULT now(),
      actor_id   text,
      actor_name text NOT NULL,
      actor_role text NOT NULL,
      action     text NOT NULL,
      entity     text NOT NULL,
      entity_id  text,
      before     jsonb,
      after      jsonb,
      request_id text
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
    CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '42501'; END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    DROP TABLE IF EXISTS audit_log, suggestions, api_tokens;
    DROP FUNCTION IF EXISTS audit_log_append_only();
  `)
}
