import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeAgeRange, readSchools } from '../../geodata/read/schools'
import { raw, scale } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const SCHOOLS = raw('london-schools-atlas', 'bd2km_all_schools_xy_2016.csv')

describe('London Schools Atlas', () => {
  it('reads 60 unique B&D schools from 65 rows, at exact grid references', async () => {
    const schools = await readSchools(SCHOOLS, { laName: 'Barking and Dagenham' })
    expect(schools).toHaveLength(60)
    expect(new Set(schools.map((s) => s.sourceRef)).size).toBe(60)
    const phases: Record<string, number> = {}
    for (const s of schools) phases[s.attrs.phase as string] = (phases[s.attrs.phase as string] ?? 0) + 1
    expect(phases).toEqual({ Primary: 44, Secondary: 10, 'All Through': 2, 'Not applicable': 4 })
    expect(schools[0]).toMatchObject({
      name: 'Rush Green Primary School',
      sourceRef: '101212',
      postcode: 'RM7 0TL',
      easting: 550976,
      northing: 187161,
      precision: 'exact',
      status: 'open',
      attrs: { phase: 'Primary', ageLow: 3, ageHigh: 11 },
    })
    expect(schools.filter((s) => s.status === 'closed').map((s) => s.name)).toEqual(['Eastbury Primary School'])
  })

  it('reads the whole London file as 3,493 unique URNs', async () => {
    expect(await readSchools(scale('london_all_schools_xy_2016.csv'))).toHaveLength(3493)
  })

  it('decodes spreadsheet-mangled age ranges', () => {
    expect(decodeAgeRange('11-Mar')).toEqual({ low: 3, high: 11 })
    expect(decodeAgeRange('19-Nov')).toEqual({ low: 11, high: 19 })
    expect(decodeAgeRange('7-Feb')).toEqual({ low: 2, high: 7 })
    expect(decodeAgeRange('14 - 19')).toEqual({ low: 14, high: 19 })
    expect(decodeAgeRange('soon')).toBeNull()
  })
})

describe('broken school files', () => {
  const dir = tempDir()
  const text = readFileSync(SCHOOLS, 'utf-8')

  it('names text in the EASTING column', async () => {
    await expectFormatError(readSchools(writeTemp(dir, 's.csv', text.replace(',550976,', ',TBC,'))), { row: 2, column: 'EASTING', detail: /expected a number/ })
  })

  it('names an AGE that is no range', async () => {
    await expectFormatError(readSchools(writeTemp(dir, 'age.csv', text.replace(',11-Mar,', ',infant,'))), { row: 2, column: 'AGE' })
  })

  it('refuses a file without a URN column', async () => {
    await expectFormatError(readSchools(writeTemp(dir, 'nourn.csv', text.replace(',URN,', ',ID,'))), { row: 1, column: 'URN', detail: /missing column/ })
  })
})
