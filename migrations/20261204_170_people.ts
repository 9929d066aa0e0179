import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * The people an admin has invited, by e-mail address, with the role they hold when they sign in
 * through the council's identity provider (the provider's groups may grant more, never less); and
 * when each API token was last used, so admins can see which are alive before revoking.
 * A removed person keeps their row (removed_at), so the trail's "who" still resolves.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

    CREATE TABLE people (
      email           text PRIMARY KEY CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
      name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role            text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
      invited_by      text NOT NULL,
      invited_at      timestamptz NOT NULL DEFAULT now(),
      removed_at      timestamptz,
      removed_by      text,
      last_sign_in_at timestamptz
    );
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    DROP TABLE IF EXISTS people;
    ALTER TABLE api_tokens DROP COLUMN IF EXISTS last_used_at;
  `)
}
