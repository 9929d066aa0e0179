import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalisePostcode, readCodePointOpen } from '../../geodata/read/postcodes'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const CODEPOINT = raw('os-codepoint-open', 'bd2km_codepoint_open_2025-10.csv')
const HEADERS = raw('os-codepoint-open', 'Code-Point_Open_Column_Headers.csv')

describe('normalisePostcode', () => {
  it('upper-cases and puts one space before the inward code', () => {
    expect(normalisePostcode('ig117lx')).toBe('IG11 7LX')
    expect(normalisePostcode(' RM10   9QS ')).toBe('RM10 9QS')
    expect(normalisePostcode('e62rt')).toBe('E6 2RT')
    expect(normalisePostcode('SW1A1AA')).toBe('SW1A 1AA')
  })

  it('returns null for text without a postcode shape', () => {
    for (const text of ['', 'IG11', 'IG11 7L', '11 7LX', 'IG11 7LXX', 'not a postcode']) expect(normalisePostcode(text)).toBeNull()
  })
})

describe('Code-Point Open', () => {
  it('reads 8,483 postcodes, 3,060 of them in B&D across the 19 Dec-2022 wards', async () => {
    const points = await readCodePointOpen(CODEPOINT)
    expect(points).toHaveLength(8483)
    const bd = points.filter((p) => p.district === 'E09000002')
    expect(bd).toHaveLength(3060)
    expect(new Set(bd.map((p) => p.ward))).toEqual(new Set(Array.from({ length: 19 }, (_, i) => `E050140${53 + i}`)))
    expect(points.filter((p) => p.pq === 50)).toHaveLength(17)
    expect(points[0]).toEqual({ postcode: 'RM1 1AA', pq: 50, easting: 551035, northing: 188774, district: 'E09000016', ward: 'E05013983' })
    expect(points.find((p) => p.postcode === 'IG11 0AB')).toMatchObject({ easting: 547437, northing: 182820, ward: 'E05014055' })
  })
})

describe('broken Code-Point files', () => {
  const dir = tempDir()
  const headers = readFileSync(HEADERS, 'utf-8')
  const lines = readFileSync(CODEPOINT, 'utf-8').split('\n')

  it('says when a row is wider or narrower than the header file names', async () => {
    writeTemp(dir, 'Code-Point_Open_Column_Headers.csv', headers)
    const path = writeTemp(dir, 'short.csv', [lines[0], lines[1].replace(/,"E05013983"$/, ''), lines[2]].join('\n'))
    await expectFormatError(readCodePointOpen(path), {
      file: 'short.csv',
      row: 2,
      detail: /has 9 fields, expected 10 as named in Code-Point_Open_Column_Headers\.csv/,
    })
  })

  it('names the row and column of text in the Eastings column', async () => {
    writeTemp(dir, 'Code-Point_Open_Column_Headers.csv', headers)
    const path = writeTemp(dir, 'text_easting.csv', [lines[0], lines[1], lines[2].replace(',550985,', ',"n/a",')].join('\n'))
    await expectFormatError(readCodePointOpen(path), { row: 3, column: 'Eastings', detail: /expected a number \(got "n\/a"\)/ })
  })

  it('refuses a headers file that does not name the needed columns', async () => {
    const other = writeTemp(dir, 'other_headers.csv', 'PC,PQ\nPostcode,Quality\n')
    await expectFormatError(readCodePointOpen(CODEPOINT, other), { file: 'other_headers.csv', row: 2, detail: /does not name .*Eastings/ })
  })

  it('names a malformed postcode', async () => {
    writeTemp(dir, 'Code-Point_Open_Column_Headers.csv', headers)
    const path = writeTemp(dir, 'bad_pc.csv', lines[0].replace('"RM1 1AA"', '"RM1"'))
    await expectFormatError(readCodePointOpen(path), { row: 1, column: 'Postcode', detail: /not a UK postcode/ })
  })
})
