import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readPtalLsoa } from '../../geodata/read/ptal'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const FILE = raw('tfl-ptal', 'bd_LSOA2011_AvPTAI2015.csv')
const dir = tempDir()

describe('TfL PTAL, LSOA 2011 averages', () => {
  it('reads the 110 B&D LSOAs: mostly PTAL 1b-2, four at 6a', async () => {
    const rows = await readPtalLsoa(FILE)
    expect(rows).toHaveLength(110)
    expect(rows.find((r) => r.lsoa11cd === 'E01000027')).toEqual({ lsoa11cd: 'E01000027', av_ptai: 3.85844, ptal: '1b', ptai_high: 6.79676, ptai_low: 0 })
    const bands = rows.reduce<Record<string, number>>((n, r) => ({ ...n, [r.ptal]: (n[r.ptal] ?? 0) + 1 }), {})
    expect(bands).toEqual({ '1a': 3, '1b': 31, '2': 60, '3': 8, '4': 2, '5': 2, '6a': 4 })
  })

  it('names the row and column of a bad band, text in a number, a missing column or an empty file', async () => {
    const lines = readFileSync(FILE, 'utf8').split('\r\n') // this file has CRLF line ends
    const copy = (name: string, edit: (l: string[]) => void) => { const l = [...lines]; edit(l); return writeTemp(dir, name, l.join('\r\n')) }
    await expectFormatError(readPtalLsoa(copy('p1.csv', (l) => { l[2] = l[2].replace(',6a,', ',7,') })), { file: 'p1.csv', row: 3, column: 'PTAL', detail: /PTAL band/ })
    await expectFormatError(readPtalLsoa(copy('p2.csv', (l) => { l[4] = l[4].replace(/^([^,]+),[^,]+,/, '$1,n/a,') })), { row: 5, column: 'AvPTAI2015', detail: /got text "n\/a"/ })
    await expectFormatError(readPtalLsoa(copy('p3.csv', (l) => { l[0] = l[0].replace('PTAILow', 'Low') })), { row: 1, column: 'PTAILow' })
    await expectFormatError(readPtalLsoa(writeTemp(dir, 'p4.csv', '')), { detail: /file is empty/ })
  })
})
