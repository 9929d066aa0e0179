/**
 * Editors redefine localities (which wards make up each one). The rows go through the same checks
 * and importer as a council's CSV (server/import/localities.ts): the wards are checked against the
 * imported wards, the locality areas and links replaced, and everything derived (locality geometry,
 * aggregates) rebuilt. All of it and its audit row run in ONE transaction (the importer's own
 * transactions become savepoints), so a failure leaves the previous definition.
 */
import { SourceFormatError } from '../../geodata/read/errors'
import { parseLocalityRecords } from '../../geodata/read/localities'
import type { Database } from '../db/connect'
import { wardLocalities } from '../db/areas'
import { importLocalityDefinition } from '../import/plan'
import { recordAudit, type WriteContext } from './audit'
import { InvalidParameter } from './errors'

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
}

/** Ward -> locality as stored now, ordered by locality then ward. */
export const currentDefinition = (db: Database): Promise<LocalityMembership[]> => wardLocalities(db.knex)

export interface DefinitionResult {
  changed: boolean
  notes: string[]
  definition: LocalityMembership[]
}

/** Replaces the locality definition with `rows` and re-aggregates every figure to the new localities. */
export async function replaceLocalityDefinition(db: Database, ctx: WriteContext, la: string, rows: LocalityDefinitionRow[]): Promise<DefinitionResult> {
  try {
    // rows[i] is checked as a CSV's row i + 2 would be (after the header, counting from 1)
    const parsed = parseLocalityRecords('localities-edited.csv', rows.map((r, i) => ({
      row: i + 2, values: { ward_code: r.ward_code, locality_name: r.locality_name, locality_code: r.locality_code ?? '' },
    })))
    return await db.transaction(async (trx) => {
      const before = await wardLocalities(trx)
      const r = await importLocalityDefinition(trx, parsed, la)
      const definition = await wardLocalities(trx)
      const dataset = r.datasets[0]
      await recordAudit(trx, ctx, { action: 'localities.replace', entity: 'locality_definition', entityId: la, before, after: definition })
      return { changed: r.changed, notes: dataset.notes ?? [], definition }
    })
  } catch (err) {
    if (err instanceof SourceFormatError) {
      const at = err.row !== undefined ? `body.rows.${err.row - 2}` : 'body.rows'
      throw new InvalidParameter(`Locality definition rejected: ${err.detail}`, [{ path: err.column ? `${at}.${err.column}` : at, message: err.detail }])
    }
    throw err
  }
}
