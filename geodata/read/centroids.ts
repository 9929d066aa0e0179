import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, kinds } from './statCells.js'

/** One LSOA 2021 population-weighted centroid, British National Grid metres. */
export interface Centroid {
  code: string
  x: number
  y: number
}

// Great Britain's National Grid extent, so a swapped or degree-valued column is caught on read.
const EASTING = { schema: kinds.nonNegative.schema.refine((v) => v <= 700_000), expected: 'an easting 0-700,000 m' }
const NORTHING = { schema: kinds.nonNegative.schema.refine((v) => v <= 1_300_000), expected: 'a northing 0-1,300,000 m' }

/**
 * ONS "LSOA (December 2021) EW Population Weighted Centroids (V4)" as `lsoa21cd,easting,northing`
 * (EPSG:27700), optionally keeping only `lsoaCodes`.
 *
 * @example
 * (await readLsoaCentroids('bd_lsoa21_pwc.csv'))[0] // { code: 'E01000006', x: 544911.7, y: 184310.7 }
 */
export async function readLsoaCentroids(file: string, options: { lsoaCodes?: Set<string> } = {}): Promise<Centroid[]> {
  const t = await readCsv(file, { required: ['lsoa21cd', 'easting', 'northing'] })
  const seen = new Set<string>()
  const out: Centroid[] = []
  for (const rec of t.records) {
    const at = (column: string) => ({ file, row: rec.row, column })
    const code = cell(kinds.lsoaCode, rec.values.lsoa21cd, at('lsoa21cd'))
    if (options.lsoaCodes && !options.lsoaCodes.has(code)) continue
    if (seen.has(code)) throw new SourceFormatError(file, `LSOA ${code} appears twice`, rec.row, 'lsoa21cd')
    seen.add(code)
    out.push({ code, x: cell(EASTING, rec.values.easting, at('easting')) as number, y: cell(NORTHING, rec.values.northing, at('northing')) as number })
  }
  return out
}
