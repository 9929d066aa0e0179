/**
 * The council's localities file in the browser: the CLI's format (header ward_code, locality_name,
 * optional locality_code), read with csv-parse. Only the shape is checked here; the server checks
 * the wards.
 */
import { parse } from 'csv-parse/browser/esm/sync'
import type { LocalityDefinitionInput } from '../../api'

export function readLocalityCsv(text: string): LocalityDefinitionInput['rows'] {
  const records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, trim: true, skip_empty_lines: true }) as Array<Record<string, string>>
  if (!records.length) throw new Error('The file has no rows under its header.')
  for (const col of ['ward_code', 'locality_name']) {
    if (!(col in records[0])) throw new Error(`The file needs a ${col} column (its header: ward_code, locality_name and optionally locality_code).`)
  }
  return records.map((r) => ({ ward_code: r.ward_code, locality_name: r.locality_name, ...(r.locality_code ? { locality_code: r.locality_code } : {}) }))
}
