import { z } from 'zod'
import { readCsv, parseRecord } from './csvSource.js'
import { gssCodeCell } from './csvCells.js'

/**
 * One row of the ONS "LSOA (2011) to LSOA (2021) to Local Authority District (2022)" lookup.
 * `chgind`: U unchanged, S the 2011 LSOA was split (one row per 2021 part), M merged (several
 * 2011 LSOAs share one 2021 code), X redrawn in a way that is neither (ONS "complex" change).
 */
export interface LsoaLookupRow {
  lsoa11cd: string
  lsoa21cd: string
  chgind: 'U' | 'S' | 'M' | 'X'
  lad22cd: string
}

// The ONS file names its first column F_LSOA11CD (a GIS export artefact) and starts with a BOM.
const COLUMNS = ['F_LSOA11CD', 'LSOA21CD', 'CHGIND', 'LAD22CD'] as const

const rowSchema = z
  .object({
    F_LSOA11CD: gssCodeCell(['E01', 'W01'], 'LSOA'),
    LSOA21CD: gssCodeCell(['E01', 'W01'], 'LSOA'),
    CHGIND: z.enum(['U', 'S', 'M', 'X'], { error: 'expected U, S, M or X' }),
    LAD22CD: gssCodeCell(['E06', 'E07', 'E08', 'E09', 'W06'], 'local authority'),
  })
  .transform(
    (r): LsoaLookupRow => ({ lsoa11cd: r.F_LSOA11CD, lsoa21cd: r.LSOA21CD, chgind: r.CHGIND, lad22cd: r.LAD22CD }),
  )

/**
 * Reads the LSOA11 -> LSOA21 -> LAD22 lookup, optionally keeping only one 2022 local authority
 * (the England & Wales file in raw/scale/ is 35,795 rows; B&D is 116).
 *
 * @example
 * const rows = await readLsoaLookup(`${raw}/scale/ew_LSOA11_LSOA21_LAD22_lookup.csv`, { lad22cd: 'E09000002' })
 */
export async function readLsoaLookup(path: string, filter: { lad22cd?: string } = {}): Promise<LsoaLookupRow[]> {
  const table = await readCsv(path, { required: COLUMNS })
  const rows: LsoaLookupRow[] = []
  for (const record of table.records) {
    if (filter.lad22cd !== undefined && record.values.LAD22CD !== filter.lad22cd) continue
    rows.push(parseRecord(path, record, rowSchema))
  }
  return rows
}

/** What changed between the 2011 and 2021 LSOAs, from lookup rows. */
export interface LsoaChanges {
  /** 2011 code -> the 2021 codes it was split into (CHGIND S). */
  split: Map<string, string[]>
  /** 2021 code -> the 2011 codes merged into it (CHGIND M). */
  merged: Map<string, string[]>
  /** Rows marked X (complex), kept as they are. */
  complex: LsoaLookupRow[]
  unchanged: number
}

/**
 * Groups the lookup's changed rows: splits by 2011 code, merges by 2021 code.
 * @example summariseLsoaChanges(rows).split.get('E01000027') // ['E01033557', 'E01033558']
 */
export function summariseLsoaChanges(rows: readonly LsoaLookupRow[]): LsoaChanges {
  const changes: LsoaChanges = { split: new Map(), merged: new Map(), complex: [], unchanged: 0 }
  const push = (map: Map<string, string[]>, key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value])
  for (const row of rows) {
    if (row.chgind === 'U') changes.unchanged++
    else if (row.chgind === 'S') push(changes.split, row.lsoa11cd, row.lsoa21cd)
    else if (row.chgind === 'M') push(changes.merged, row.lsoa21cd, row.lsoa11cd)
    else changes.complex.push(row)
  }
  return changes
}
