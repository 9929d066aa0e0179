import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readCensus2021Lsoa, readNomisTable, TS007A, TS037, TS065 } from '../../geodata/read/census2021'
import { raw, scale } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const dir = tempDir()

describe('Census 2021 Nomis LSOA tables', () => {
  it('derives the counts for the 115 B&D LSOAs, e.g. E01000027', async () => {
    const rows = await readCensus2021Lsoa(raw('census2021'))
    expect(rows).toHaveLength(115)
    expect(rows.find((r) => r.lsoa21cd === 'E01000027')).toEqual({
      lsoa21cd: 'E01000027', lsoa21nm: 'Barking and Dagenham 001A',
      age_total: 2083, age_0_4: 168, age_0_14: 564, age_0_19: 722, age_15_64: 1333, age_20_64: 1175, age_65_plus: 186, age_60_plus: 277, age_0_15_est: 595.6,
      health_residents: 2082, health_bad_or_very_bad: 140, // 99 bad + 41 very bad; TS037's own total differs from TS007A's (cell-key perturbation)
      unemp_not_in_employment_16_plus: 682, unemp_never_worked: 278, unemp_not_worked_12_months: 317,
      qual_residents_16_plus: 1483, qual_none: 380, qual_level4_plus: 378,
      persons_per_km2: 1412,
      cob_total: 2080, cob_uk: 1495, cob_outside_uk: 585,
    })
    expect(rows.reduce((s, r) => s + r.age_total, 0)).toBe(218_840)
    expect(rows.reduce((s, r) => s + r.age_0_19, 0)).toBe(68_946)
  })

  it('reads all 35,672 England and Wales LSOAs from the scale file, and filters them to B&D', async () => {
    const bd = await readNomisTable(raw('census2021', 'bd_census2021-ts007a-lsoa.csv'), TS007A)
    const ew = scale('ew_census2021-ts007a-lsoa.csv')
    expect(await readNomisTable(ew, TS007A)).toHaveLength(35_672)
    expect(await readNomisTable(ew, TS007A, { lsoaCodes: new Set(bd.map((r) => r.lsoa21cd)) })).toEqual(bd)
  })

  it('names file, row and exact column header when a table is broken', async () => {
    const src = readFileSync(raw('census2021', 'bd_census2021-ts037-lsoa.csv'), 'utf8').split('\n')
    const copy = (name: string, edit: (l: string[]) => void) => { const l = [...src]; edit(l); return writeTemp(dir, name, l.join('\n')) }
    await expectFormatError(readNomisTable(copy('h1.csv', (l) => { l[0] = l[0].replace('General health: Bad health', 'Bad health') }), TS037), {
      file: 'h1.csv', row: 1, column: 'General health: Bad health', detail: /missing column/,
    })
    await expectFormatError(readNomisTable(copy('h2.csv', (l) => { l[7] = l[7].replace(/,(\d+)$/, ',..') }), TS037), {
      row: 8, column: 'General health: Very bad health', detail: /whole number >= 0, got text "\.\."/,
    })
    await expectFormatError(readNomisTable(copy('h3.csv', (l) => { l[2] = l[2].replace('2021,', '2011,') }), TS037), { row: 3, column: 'date' })
    await expectFormatError(readNomisTable(copy('h4.csv', (l) => l.splice(60)), TS065), { row: 1, detail: /missing columns/ })
    await expectFormatError(readNomisTable(copy('h5.csv', (l) => { l[115] = l[115].slice(0, 30) }), TS037), { row: 116, detail: /fields, expected 9/ })
    await expectFormatError(readNomisTable(writeTemp(dir, 'h6.csv', '\n'), TS037), { detail: /file is empty/ })
  })
})
