import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { POLLUTANTS, readLaeiCsv } from '../../geodata/read/airQuality'
import { raw, scale } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const AQ = (name: string) => raw('london-data', 'airquality', name)
const dir = tempDir()

describe('LAEI modelled air quality by census zone', () => {
  it('reads the 115 B&D LSOA 2021 NO2 2019 rows with min, max, mean, std and median', async () => {
    const rows = await readLaeiCsv(AQ('bd_lsoa21-2019-NO2.csv'))
    expect(rows).toHaveLength(115)
    expect(rows[0]).toEqual({ code: 'E01000006', geography: 'lsoa21', pollutant: 'NO2', year: 2019, unit: 'ug/m3', min: 25.608, max: 34.197, mean: 26.619, std: 0.793, median: 26.487 })
  })

  it("reads B&D's borough row from the London file keyed LAD22CD: NO2 2019 mean 24.905 µg/m³", async () => {
    const rows = await readLaeiCsv(AQ('lad21-2019-NO2.csv'))
    expect(rows).toHaveLength(33)
    expect(rows.find((r) => r.code === 'E09000002')).toMatchObject({ geography: 'lad22', mean: 24.905, min: 21.044, max: 110.132, median: 24.073 })
  })

  it('reads every year and pollutant for LSOA 2011 and 2021 (PM10d in days over 50 µg/m³)', async () => {
    for (const year of [2013, 2016, 2019]) {
      for (const pol of POLLUTANTS) {
        expect(await readLaeiCsv(AQ(`bd_lsoa11-${year}-${pol}.csv`))).toHaveLength(110)
        expect(await readLaeiCsv(AQ(`bd_lsoa21-${year}-${pol}.csv`))).toHaveLength(115)
      }
    }
    const pm10d = await readLaeiCsv(AQ('bd_lsoa11-2013-PM10d.csv'))
    expect(pm10d[0]).toMatchObject({ code: 'E01000006', geography: 'lsoa11', unit: 'days', mean: 11.039 })
  })

  it('filters the London-wide scale file (4,994 LSOAs) to the same B&D rows', async () => {
    const bd = await readLaeiCsv(AQ('bd_lsoa21-2019-PM25.csv'))
    const london = await readLaeiCsv(scale('london_laei_lsoa21-2019-PM25.csv'))
    expect(london).toHaveLength(4994)
    expect(await readLaeiCsv(scale('london_laei_lsoa21-2019-PM25.csv'), { codes: new Set(bd.map((r) => r.code)) })).toEqual(bd)
  })

  it('names file, row and column for a broken copy', async () => {
    const lines = readFileSync(AQ('bd_lsoa21-2019-NO2.csv'), 'utf8').split('\n')
    const copy = (name: string, edit: (l: string[]) => void) => { const l = [...lines]; edit(l); return writeTemp(dir, name, l.join('\n')) }
    await expectFormatError(readLaeiCsv(copy('bd_lsoa21-2019-NO2.csv', (l) => { l[3] = l[3].replace(/,[^,]+,/, ',high,') })), {
      file: 'bd_lsoa21-2019-NO2.csv', row: 4, column: 'NO2-2019-min', detail: /expected a number >= 0, got text "high"/,
    })
    await expectFormatError(readLaeiCsv(copy('a-2019-NO2.csv', (l) => { l[0] = l[0].replace(',NO2-2019-median', ',median') })), { row: 1, column: 'NO2-2019-median', detail: /missing column/ })
    await expectFormatError(readLaeiCsv(copy('b-2019-NO2.csv', (l) => { l[0] = l[0].replace('LSOA21CD', 'code') })), { row: 1, detail: /area code column/ })
    await expectFormatError(readLaeiCsv(copy('c-2016-NO2.csv', () => {})), { row: 1, detail: /file name says NO2 2016 but the header says NO2 2019/ })
    await expectFormatError(readLaeiCsv(copy('d-2019-NO2.csv', (l) => { l[5] = l[5].slice(0, 20) })), { row: 6, detail: /has 3 fields, expected 6/ })
    await expectFormatError(readLaeiCsv(copy('e-2019-NO2.csv', (l) => { l[2] = l[2].replace(/,([^,]+)$/, ',99') })), { row: 3, column: 'NO2-2019-median', detail: /outside min/ })
    await expectFormatError(readLaeiCsv(writeTemp(dir, 'f-2019-NO2.csv', '')), { detail: /file is empty/ })
  })
})
