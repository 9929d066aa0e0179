/** The people admins invite (by e-mail address) and the role each holds at sign-in. */
import type { Knex } from 'knex'
import type { Role } from '../auth/roles'

type Db = Knex | Knex.Transaction

export interface PersonRow {
  email: string
  name: string
  role: Role
  invited_by: string
  invited_at: string
  removed_at: string | null
  removed_by: string | null
  last_sign_in_at: string | null
}

const COLUMNS = ['email', 'name', 'role', 'invited_by', 'invited_at', 'removed_at', 'removed_by', 'last_sign_in_at'] as const
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString())
const plain = (r: Record<string, unknown>): PersonRow => ({
  ...(r as unknown as PersonRow),
  invited_at: iso(r.invited_at)!, removed_at: iso(r.removed_at), last_sign_in_at: iso(r.last_sign_in_at),
})

/** Everyone invited, current first, then by name. */
export async function listPeople(db: Db): Promise<PersonRow[]> {
  const rows = await db('people').select([...COLUMNS]).orderByRaw('removed_at IS NOT NULL, lower(name), email')
  return rows.map(plain)
}

export async function getPerson(db: Db, email: string, opts: { forUpdate?: boolean } = {}): Promise<PersonRow | null> {
  const q = db('people').where({ email }).first([...COLUMNS])
  if (opts.forUpdate) q.forUpdate()
  const r = await q
  return r ? plain(r) : null
}

/** Invites, or invites again (a removed person comes back with the new role; the old removal is cleared). */
export async function upsertPerson(trx: Db, p: { email: string; name: string; role: Role; invited_by: string }): Promise<PersonRow> {
  const [r] = await trx('people')
    .insert({ ...p, invited_at: trx.fn.now() })
    .onConflict('email')
    .merge({ name: p.name, role: p.role, invited_by: p.invited_by, invited_at: trx.fn.now(), removed_at: null, removed_by: null })
    .returning([...COLUMNS])
  return plain(r)
}

export async function markPersonRemoved(trx: Db, email: string, by: string): Promise<PersonRow> {
  const [r] = await trx('people').where({ email }).update({ removed_at: trx.fn.now(), removed_by: by }).returning([...COLUMNS])
  return plain(r)
}

/** The role of a current (not removed) person, recording the sign-in; null when not invited. */
export async function signInPerson(db: Db, email: string): Promise<Role | null> {
  const [r] = await db('people').where({ email }).whereNull('removed_at').update({ last_sign_in_at: db.fn.now() }).returning(['role'])
  return r ? (r.role as Role) : null
}
