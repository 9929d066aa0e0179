import type { Knex } from 'knex'

/**
 * Runs a script of several statements one by one. PGlite (through knex-pglite) sends each raw query
 * as a prepared statement, which may hold only one command; a pg server would accept the whole
 * script, but one code path serves both backends. Statements end with a semicolon at line end.
 */
export async function execScript(knex: Knex, sql: string): Promise<void> {
  const statements = sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
  for (const s of statements) await knex.raw(s)
}
