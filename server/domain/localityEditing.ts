/**
 * Editors redefine localities (which wards make up each one). The rows go through the same
 * importer as a council's CSV (geodata/import/localities.ts via importLocalFile): the wards are
 * checked against the imported wards, the locality areas and links replaced, and everything derived
 * (locality geometry, aggregates) rebuilt. All of it and its audit row run in ONE transaction (the
 * importer's own transactions become savepoints), so a failure leaves the previous definition.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stringify } from 'csv-stringify/sync'
import type { Knex } from 'knex'
import { importLocalFile } from '../../geodata/import/plan'
import { SourceFormatError } from '../../geodata/read/errors'
import { wardLocalities } from '../db/areas'
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
export const currentDefinition = (db: Knex | Knex.Transaction): Promise<LocalityMembership[]> => wardLocalities(db)

export interface DefinitionResult {
  changed: boolean
  notes: string[]
  definition: LocalityMembership[]
}

/** Replaces the locality definition with `rows` and re-aggregates every figure to the new localities. */
export async function replaceLocalityDefinition(knex: Knex, ctx: WriteContext, la: string, rows: LocalityDefinitionRow[]): Promise<DefinitionResult> {
  // The importer reads a file; a private temporary one keeps a single code path for councils' CSVs and the API.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-localities-'))
  const file = path.join(dir, 'localities-edited.csv')
  writeFileSync(file, stringify(rows.map((r) => [r.ward_code, r.locality_name, r.locality_code ?? '']), {
    header: true, columns: ['ward_code', 'locality_name', 'locality_code'],
  }))
  try {
    return await knex.transaction(async (trx) => {
      const before = await currentDefinition(trx)
      const r = await importLocalFile(trx, { kind: 'localities', file, la })
      const definition = await currentDefinition(trx)
      const dataset = r.datasets[0]
      await recordAudit(trx, ctx, { action: 'localities.replace', entity: 'locality_definition', entityId: la, before, after: definition })
      return { changed: r.changed, notes: dataset.notes ?? [], definition }
    })
  } catch (err) {
    if (err instanceof SourceFormatError) {
      // rows[i] is the CSV's row i + 2 (after the header, counting from 1)
      const at = err.row !== undefined ? `body.rows.${err.row - 2}` : 'body.rows'
      throw new InvalidParameter(`Locality definition rejected: ${err.detail}`, [{ path: err.column ? `${at}.${err.column}` : at, message: err.detail }])
    }
    throw err
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
