import { describe, expect, it } from 'vitest'
import { readGenericAssetCsv } from '../../geodata/read/assetListCsv'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

describe('council asset list CSV', () => {
  const dir = tempDir()

  it('reads rows by postcode, lon/lat or grid reference and reports bad rows without throwing', async () => {
    const path = writeTemp(
      dir,
      'hubs.csv',
      [
        'name,category,postcode,lon,lat,easting,northing,address,status,opening',
        'Barking Family Hub,Family Hub,ig117nb,,,,,2 Town Square,open,Mon-Fri',
        'Becontree Hub,family_hub,,0.1267,51.5486,,,,,',
        'Thames View Hub,community_centre,,,,546085,183095,,closed,',
        'No place,family_hub,,,,,,,,',
        ',family_hub,RM9 6BU,,,,,,,',
        'Odd category,spaceport,RM9 6BU,,,,,,,',
        'Bad postcode,family_hub,RM9,,,,,,,',
        'Text lon,family_hub,,west,51.5,,,,,',
        'Half pair,family_hub,,,,546085,,,,',
        'Short row,family_hub',
      ].join('\n'),
    )
    const { rows, rejected } = await readGenericAssetCsv(path)
    expect(rows).toEqual([
      {
        category: 'family_hub', name: 'Barking Family Hub', address: '2 Town Square', postcode: 'IG11 7NB',
        sourceRef: 'hubs.csv#row2', precision: 'postcode', status: 'open', attrs: { description: null, opening: 'Mon-Fri' },
      },
      {
        category: 'family_hub', name: 'Becontree Hub', address: '', postcode: null, sourceRef: 'hubs.csv#row3',
        precision: 'exact', lon: 0.1267, lat: 51.5486, status: 'open', attrs: { description: null, opening: '' },
      },
      {
        category: 'community_centre', name: 'Thames View Hub', address: '', postcode: null, sourceRef: 'hubs.csv#row4',
        precision: 'exact', easting: 546085, northing: 183095, status: 'closed', attrs: { description: null, opening: '' },
      },
    ])
    expect(rejected.map((r) => [r.row, r.column])).toEqual([
      [5, 'postcode'],
      [6, 'name'],
      [7, 'category'],
      [8, 'postcode'],
      [9, 'lon'],
      [10, 'northing'],
      [11, undefined],
    ])
    expect(rejected[4].reason).toMatch(/expected a number/)
    expect(rejected[6].reason).toMatch(/has 2 fields, expected 10/)
  })

  it('rejects a repeated source_ref', async () => {
    const path = writeTemp(dir, 'refs.csv', 'name,category,postcode,source_ref\nA,library,IG11 7NB,X1\nB,library,RM9 6BU,X1\n')
    const { rows, rejected } = await readGenericAssetCsv(path)
    expect(rows.map((r) => r.sourceRef)).toEqual(['X1'])
    expect(rejected).toEqual([{ row: 3, column: 'source_ref', reason: 'duplicate source_ref "X1" (first on row 2)' }])
  })

  it('throws when the header is wrong', async () => {
    await expectFormatError(readGenericAssetCsv(writeTemp(dir, 'h1.csv', 'title,category,postcode\nA,gp,IG11 7NB\n')), { row: 1, column: 'name' })
    await expectFormatError(readGenericAssetCsv(writeTemp(dir, 'h2.csv', 'name,category,lon\nA,gp,0.1\n')), { row: 1, column: 'lat' })
    await expectFormatError(readGenericAssetCsv(writeTemp(dir, 'h3.csv', 'name,category,address\nA,gp,High St\n')), {
      row: 1,
      detail: /needs a location/,
    })
  })
})
