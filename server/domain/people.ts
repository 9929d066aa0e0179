/**
 * People: admins invite editors and admins by their e-mail address (the one the council's identity
 * provider gives at sign-in) and remove them; every change is audited with before and after. A
 * signed-in person holds the higher of their invited role and the role their provider groups map to.
 */
import type { Role } from '../auth/roles'
import type { Database } from '../db/connect'
import { getPerson, listPeople, markPersonRemoved, signInPerson, upsertPerson, type PersonRow } from '../db/people'
import { recordAudit, type WriteContext } from './audit'
import { Conflict, NotFound } from './errors'

export type { PersonRow }

export const normaliseEmail = (email: string): string => email.trim().toLowerCase()

export function people(db: Database): Promise<PersonRow[]> {
  return listPeople(db.knex)
}

export async function invitePerson(db: Database, ctx: WriteContext, p: { email: string; name: string; role: Role }): Promise<PersonRow> {
  const email = normaliseEmail(p.email)
  return db.transaction(async (trx) => {
    const before = await getPerson(trx, email, { forUpdate: true })
    if (before && !before.removed_at && before.role === p.role && before.name === p.name) {
      throw new Conflict(`${email} is already invited as ${before.role}`)
    }
    const after = await upsertPerson(trx, { email, name: p.name, role: p.role, invited_by: ctx.actor.id ?? ctx.actor.name })
    await recordAudit(trx, ctx, { action: before && !before.removed_at ? 'person.update' : 'person.invite', entity: 'person', entityId: email, before, after })
    return after
  })
}

export async function removePerson(db: Database, ctx: WriteContext, emailIn: string): Promise<PersonRow> {
  const email = normaliseEmail(emailIn)
  return db.transaction(async (trx) => {
    const before = await getPerson(trx, email, { forUpdate: true })
    if (!before) throw new NotFound(`No one with the address ${email} has been invited`)
    if (before.removed_at) throw new Conflict(`${email} was already removed at ${before.removed_at}`)
    const after = await markPersonRemoved(trx, email, ctx.actor.id ?? ctx.actor.name)
    await recordAudit(trx, ctx, { action: 'person.remove', entity: 'person', entityId: email, before, after })
    return after
  })
}

/** At sign-in: the invited role of a current person (and the sign-in is recorded), or null. */
export function invitedRole(db: Database, email: string | undefined): Promise<Role | null> {
  return email ? signInPerson(db.knex, normaliseEmail(email)) : Promise.resolve(null)
}
