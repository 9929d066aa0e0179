/**
 * Editors redefine localities (which wards make up each one). The rows go through the same checks
 * and importer as a council's CSV (server/import/localities.ts): the wards are checked against the
 * imported wards, the locality areas and links replaced, and everything derived (locality geometry,
 * aggregates) rebuilt. All of it and its audit row run in ONE transaction (the importer's own
 * transactions become savepoints), so a failure leaves the previous definition. A change is undone
 * from its audit entry: the definition it replaced (its `before`) is put back the same way, and
 * that is audited too.
 */
import { SourceFormatError } from '../../geodata/read/errors'
import { parseLocalityRecords, type WardLocality } from '../../geodata/read/localities'
import type { Database, Transaction } from '../db/connect'
import { wardLocalities } from '../db/areas'
import { getAudit } from '../db/audit'
import { importLocalityDefinition, type ImportAllResult } from '../import/plan'
import { recordAudit, type WriteContext } from './audit'
import { Conflict, InvalidParameter, NotFound } from './errors'
import { checkPartition } from './localityPartition'

export interface LocalityDefinitionRow {
  ward_code: string
  locality_name: string
  locality_code?: string | null
}

export interface LocalityMembership {
  ward_code: string
  ward_name: string | null
  locality_code: string
  locality_name: string
  /** the locality is the shipped provisional grouping, not the council's */
  provisional: boolean
}

/** The audit entity of every locality definition change (replace and undo). */
export const DEFINITION_ENTITY = 'locality_definition'

/** Ward -> locality as stored now, ordered by locality then ward. */
export const currentDefinition = (db: Database): Promise<LocalityMembership[]> => wardLocalities(db.knex)

export interface DefinitionResult {
  changed: boolean
  notes: string[]
  definition: LocalityMembership[]
  /** the audit entry that records this change (what an undo names) */
  auditId: number
}

function parseRows(rows: LocalityDefinitionRow[]): WardLocality[] {
  try {
    // rows[i] is checked as a CSV's row i + 2 would be (after the header, counting from 1)
    return parseLocalityRecords('localities-edited.csv', rows.map((r, i) => ({
      row: i + 2, values: { ward_code: r.ward_code, locality_name: r.locality_name, locality_code: r.locality_code ?? '' },
    })))
  } catch (err) {
    if (err instanceof SourceFormatError) {
      const at = err.row !== undefined ? `body.rows.${err.row - 2}` : 'body.rows'
      throw new InvalidParameter(`Locality definition rejected: ${err.detail}`, [{ path: err.column ? `${at}.${err.column}` : at, message: err.detail }])
    }
    throw err
  }
}

export interface Applied {
  before: LocalityMembership[]
  after: LocalityMembership[]
  result: ImportAllResult
}

/** Checks and imports `rows` inside `trx`: the definition before and after. The caller commits (or not). */
export async function applyDefinition(trx: Transaction, la: string, rows: LocalityDefinitionRow[], provisional = false): Promise<Applied> {
  await checkPartition(trx, rows)
  const parsed = parseRows(rows)
  const before = await wardLocalities(trx)
  const result = await importLocalityDefinition(trx, parsed, la, { provisional })
  return { before, after: await wardLocalities(trx), result }
}

async function commitChange(db: Database, ctx: WriteContext, la: string, action: string, rows: LocalityDefinitionRow[], provisional = false): Promise<DefinitionResult> {
  return db.transaction(async (trx) => {
    const { before, after, result } = await applyDefinition(trx, la, rows, provisional)
    const auditId = await recordAudit(trx, ctx, { action, entity: DEFINITION_ENTITY, entityId: la, before, after })
    return { changed: result.changed, notes: result.datasets[0].notes ?? [], definition: after, auditId }
  })
}

/** Replaces the locality definition with `rows` and re-aggregates every figure to the new localities. */
export function replaceLocalityDefinition(db: Database, ctx: WriteContext, la: string, rows: LocalityDefinitionRow[]): Promise<DefinitionResult> {
  return commitChange(db, ctx, la, 'localities.replace', rows)
}

export const membershipRows = (m: LocalityMembership[]): LocalityDefinitionRow[] =>
  m.map((r) => ({ ward_code: r.ward_code, locality_name: r.locality_name, locality_code: r.locality_code }))

/** The definition a locality change replaced, from its audit entry (refused if it is not one). */
export async function definitionBefore(db: Database, auditId: number): Promise<LocalityMembership[]> {
  const entry = await getAudit(db.knex, auditId)
  if (!entry || entry.entity !== DEFINITION_ENTITY) throw new NotFound(`There is no locality change ${auditId} in the audit trail.`)
  const before = entry.before as LocalityMembership[] | null
  if (!Array.isArray(before) || before.length === 0) throw new Conflict(`Locality change ${auditId} has no earlier definition to restore.`)
  return before
}

/**
 * Undoes a locality change: puts back the definition its audit entry says it replaced (the
 * provisional label too, when that was the shipped grouping), audited as `localities.undo`.
 */
export async function undoLocalityChange(db: Database, ctx: WriteContext, la: string, auditId: number): Promise<DefinitionResult & { undid: number }> {
  const before = await definitionBefore(db, auditId)
  const provisional = before.every((r) => r.provisional === true)
  return { ...(await commitChange(db, ctx, la, 'localities.undo', membershipRows(before), provisional)), undid: auditId }
}
