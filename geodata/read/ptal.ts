import { z } from 'zod'
import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, kinds } from './statCells.js'

/*
 * TfL Public Transport Accessibility Levels, averaged to LSOA 2011 (London Datastore
 * "LSOA2011 AvPTAI2015.csv"). PTAI is TfL's access index (walk time to stops plus service
 * frequency, summed over modes); PTAL bands it: 0 (worst), 1a, 1b, 2, 3, 4, 5, 6a, 6b (best).
 * ptai_high / ptai_low: highest and lowest PTAI among the PTAL grid points in the LSOA (as we read
 * the London Datastore columns PTAIHigh / PTAILow).
 */

export const PTAL_BANDS = ['0', '1a', '1b', '2', '3', '4', '5', '6a', '6b'] as const
export type PtalBand = (typeof PTAL_BANDS)[number]

export interface PtalLsoa {
  lsoa11cd: string
  av_ptai: number
  ptal: PtalBand
  ptai_high: number
  ptai_low: number
}

const COLUMNS = { code: 'geography code', av: 'AvPTAI2015', ptal: 'PTAL', high: 'PTAIHigh', low: 'PTAILow' } as const
const band = { schema: z.string().trim().toLowerCase().pipe(z.enum(PTAL_BANDS)), expected: `a PTAL band (${PTAL_BANDS.join(', ')})` }

/**
 * @example
 * const rows = await readPtalLsoa(`${raw}/tfl-ptal/bd_LSOA2011_AvPTAI2015.csv`)
 * rows.find((r) => r.lsoa11cd === 'E01000027') // { av_ptai: 3.85844, ptal: '1b', ptai_high: 6.79676, ptai_low: 0 }
 */
export async function readPtalLsoa(path: string): Promise<PtalLsoa[]> {
  const table = await readCsv(path, { required: Object.values(COLUMNS) })
  const seen = new Set<string>()
  return table.records.map((rec) => {
    const at = (column: string) => ({ file: path, row: rec.row, column })
    const get = (k: keyof typeof COLUMNS) => rec.values[COLUMNS[k]]
    const row: PtalLsoa = {
      lsoa11cd: cell(kinds.lsoaCode, get('code'), at(COLUMNS.code)),
      av_ptai: cell(kinds.nonNegative, get('av'), at(COLUMNS.av)),
      ptal: cell(band, get('ptal'), at(COLUMNS.ptal)),
      ptai_high: cell(kinds.nonNegative, get('high'), at(COLUMNS.high)),
      ptai_low: cell(kinds.nonNegative, get('low'), at(COLUMNS.low)),
    }
    if (row.ptai_low > row.av_ptai || row.av_ptai > row.ptai_high) {
      throw new SourceFormatError(path, `average PTAI ${row.av_ptai} is outside low ${row.ptai_low} .. high ${row.ptai_high}`, rec.row, COLUMNS.av)
    }
    if (seen.has(row.lsoa11cd)) throw new SourceFormatError(path, `LSOA ${row.lsoa11cd} appears twice`, rec.row, COLUMNS.code)
    seen.add(row.lsoa11cd)
    return row
  })
}
