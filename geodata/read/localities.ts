import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readCsv, parseRecord } from './csvSource.js'
import { optionalTextCell, textCell } from './csvCells.js'

/** Which locality a ward belongs to, as the council groups them. */
export interface WardLocality {
  wardCode: string
  localityName: string
  localityCode: string | null
}

const rowSchema = z.object({
  ward_code: z.string().trim().regex(/^E05\d{6}$/, 'expected a ward code of the form E05 + 6 digits'),
  locality_name: textCell,
  locality_code: optionalTextCell.optional(),
})

/**
 * Reads a ward -> locality CSV (header `ward_code,locality_name`, optional `locality_code`).
 * Unlike an asset list this is a definition: any bad row throws, as does a ward listed twice or a
 * locality name given two different codes.
 *
 * @example
 * await readLocalityCsv('localities.csv') // [{ wardCode: 'E05014053', localityName: 'Barking', localityCode: 'L1' }, ...]
 */
export async function readLocalityCsv(path: string): Promise<WardLocality[]> {
  const table = await readCsv(path, { required: ['ward_code', 'locality_name'] })
  return parseLocalityRecords(path, table.records)
}

/**
 * The same checks on records already in hand (an editor's rows sent to the API): `row` numbers
 * them as a spreadsheet would, header first; `path` names where they came from in errors.
 */
export function parseLocalityRecords(path: string, records: Array<{ row: number; values: Record<string, string> }>): WardLocality[] {
  const wardRow = new Map<string, number>()
  const codeOf = new Map<string, string | null>()
  return records.map((record) => {
    const r = parseRecord(path, record, rowSchema)
    const earlier = wardRow.get(r.ward_code)
    if (earlier !== undefined) {
      throw new SourceFormatError(path, `ward ${r.ward_code} appears twice (first on row ${earlier})`, record.row, 'ward_code')
    }
    wardRow.set(r.ward_code, record.row)
    const localityCode = r.locality_code ?? null
    if (codeOf.has(r.locality_name) && codeOf.get(r.locality_name) !== localityCode) {
      throw new SourceFormatError(path, `locality "${r.locality_name}" has two codes: ${codeOf.get(r.locality_name)} and ${localityCode}`, record.row, 'locality_code')
    }
    codeOf.set(r.locality_name, localityCode)
    return { wardCode: r.ward_code, localityName: r.locality_name, localityCode }
  })
}
