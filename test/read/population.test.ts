import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readMidYearPopulation } from '../../geodata/read/population'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const POP = (year: number) => raw('london-data', 'population', `bd_london-mid${year}-pop.csv`)
const dir = tempDir()

describe('ONS LSOA 2011 mid-year population estimates', () => {
  it('reads 110 B&D LSOAs: 212,906 people in mid-2019 and 214,107 in mid-2020', async () => {
    const y2019 = await readMidYearPopulation(POP(2019), { ladCode: 'E09000002' })
    const y2020 = await readMidYearPopulation(POP(2020))
    expect([y2019.length, y2020.length]).toEqual([110, 110])
    expect(y2019.reduce((s, r) => s + r.persons.all, 0)).toBe(212_906)
    expect(y2020.reduce((s, r) => s + r.persons.all, 0)).toBe(214_107)
    expect(y2020.find((r) => r.lsoa11cd === 'E01000027')).toEqual({
      lsoa11cd: 'E01000027', lsoa11nm: 'Barking and Dagenham 001A', msoa11cd: 'E02000002', ladcd: 'E09000002', ladnm: 'Barking and Dagenham',
      persons: { all: 1829, age_0_15: 494, age_16_29: 316, age_30_44: 402, age_45_64: 412, age_65_plus: 205 },
      males: { all: 856, age_0_15: 235, age_16_29: 164, age_30_44: 178, age_45_64: 179, age_65_plus: 100 },
      females: { all: 973, age_0_15: 259, age_16_29: 152, age_30_44: 224, age_45_64: 233, age_65_plus: 105 },
    })
  })

  it('names the row and column of text in a count, bands that do not add up, or a missing column', async () => {
    const lines = readFileSync(POP(2019), 'utf8').split('\n')
    const copy = (name: string, edit: (l: string[]) => void) => { const l = [...lines]; edit(l); return writeTemp(dir, name, l.join('\n')) }
    const cells = (line: string, i: number, v: string) => line.split(',').map((c, j) => (j === i ? v : c)).join(',')
    await expectFormatError(readMidYearPopulation(copy('m1.csv', (l) => { l[3] = cells(l[3], 7, 'x') })), { file: 'm1.csv', row: 4, column: 'Persons_0-15', detail: /got text "x"/ })
    await expectFormatError(readMidYearPopulation(copy('m2.csv', (l) => { l[3] = cells(l[3], 6, '1') })), { row: 4, column: 'Persons_All-Ages', detail: /add up/ })
    await expectFormatError(readMidYearPopulation(copy('m3.csv', (l) => { l[0] = l[0].replace('Females_65+', 'F65') })), { row: 1, column: 'Females_65+' })
    await expectFormatError(readMidYearPopulation(POP(2019), { ladCode: 'E09000003' }), { detail: /no rows for local authority E09000003/ })
  })
})
