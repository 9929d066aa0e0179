import type { Knex } from 'knex'
import { execScript } from './lib/exec'

/**
 * Editors' changes to imported assets survive re-imports. An asset keeps its id across imports of
 * its dataset (rows are matched on the publisher's own code, source_ref, and updated in place), and
 * what an editor changed is kept beside the row, to be applied again over each import:
 * - overrides: the fields an editor set (name, category, address, postcode, status, point) with their
 *   values, and under "attrs" the attribute keys they set (null: removed).
 * - closed_reason: why an asset is closed when that is not the publisher's own status, e.g.
 *   'removed from source' (a re-import no longer has the row: it is closed, never deleted).
 * - seen_at: when an import last read the row (the import's transaction time), which is how rows
 *   gone from the source are found.
 * Existing editor edits (recorded in the audit trail) become overrides.
 */
export async function up(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE assets
      ADD COLUMN overrides jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN closed_reason text,
      ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now();

    UPDATE assets a SET overrides = o.overrides
    FROM (
      SELECT x.id, jsonb_object_agg(x.field, to_jsonb(x.value)) AS overrides
      FROM (
        SELECT DISTINCT s.id, f.field, CASE f.field WHEN 'name' THEN s.name WHEN 'category' THEN s.category
                 WHEN 'address' THEN s.address WHEN 'postcode' THEN s.postcode ELSE s.status END AS value
        FROM assets s
        JOIN audit_log l ON l.entity = 'asset' AND l.entity_id = s.id::text AND l.action IN ('asset.update', 'asset.close')
        CROSS JOIN (VALUES ('name'), ('category'), ('address'), ('postcode'), ('status')) AS f(field)
        WHERE s.dataset_id IS DISTINCT FROM 'community_suggestions'
          AND (l.before ->> f.field) IS DISTINCT FROM (l.after ->> f.field)
      ) x
      GROUP BY x.id
    ) o
    WHERE a.id = o.id;
  `)
}

export async function down(knex: Knex): Promise<void> {
  await execScript(knex, `
    ALTER TABLE assets DROP COLUMN IF EXISTS overrides, DROP COLUMN IF EXISTS closed_reason, DROP COLUMN IF EXISTS seen_at;
  `)
}
