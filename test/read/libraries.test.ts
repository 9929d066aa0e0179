import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { matchLibraryBuildings, readLibraries, readLibraryBuildings } from '../../geodata/read/libraries'
import { parseWktPolygon } from '../../geodata/read/wkt'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const LIBRARIES = raw('librarieshacked', 'bd2km_libraries_england_2023.csv')
const BUILDINGS = raw('librarieshacked', 'bd2km_os_library_buildings.csv')
const BD = 'Barking and Dagenham'

describe('libraries', () => {
  it('reads 12 B&D libraries, 6 open and 6 closed by 2023', async () => {
    const rows = await readLibraries(LIBRARIES, { authority: BD })
    expect(rows).toHaveLength(12)
    expect(rows.filter((r) => r.status === 'open').map((r) => r.name)).toEqual([
      'Barking Learning Centre Community Hub',
      'Dagenham Library Community Hub',
      'Marks Gate Community Hub',
      'Robert Jeyes Community Library',
      'Thames Community Hub',
      'Valence Library',
    ])
    const closed = Object.fromEntries(rows.filter((r) => r.status === 'closed').map((r) => [r.name, r.attrs.closedYear]))
    expect(closed).toEqual({ 'Castle Green': 2013, Fanshawe: 2010, Markyate: 2012, Rectory: 2010, 'Rush Green': 2013, Wantz: 2012 })
  })

  it('places 5 open B&D libraries at their OS building centroid; Dagenham stays at postcode precision', async () => {
    const rows = await readLibraries(LIBRARIES, { authority: BD, buildingsPath: BUILDINGS })
    const placed = rows.filter((r) => r.precision === 'building')
    expect(placed.map((r) => [r.name, r.attrs.buildingName])).toEqual([
      ['Barking Learning Centre Community Hub', 'Barking Library'],
      ['Marks Gate Community Hub', 'Marks Gate Library'],
      ['Robert Jeyes Community Library', 'Robert Jeyes Library'],
      ['Thames Community Hub', 'Sue Bramley Childrens Centre/Thames View Library'],
      ['Valence Library', 'Valence Library'],
    ])
    expect(placed[0]).toMatchObject({ easting: 544349.6, northing: 183990.5, postcode: 'IG11 7NB' })
    const dagenham = rows.find((r) => r.name === 'Dagenham Library Community Hub')!
    expect(dagenham).toMatchObject({ precision: 'postcode', postcode: 'RM10 9QS' })
    expect(dagenham.easting).toBeUndefined()
  })

  it('reads all 24 rows in the buffer and merges the two Seven Kings building polygons', async () => {
    const rows = await readLibraries(LIBRARIES, { buildingsPath: BUILDINGS })
    expect(rows).toHaveLength(24)
    expect(rows.find((r) => r.name === 'Uphall School Library')).toMatchObject({ status: 'closed', attrs: { closedYear: 2018 } })
    expect(rows.find((r) => r.name === 'Seven Kings Library')?.attrs.buildingIds).toHaveLength(2)
  })

  it('reads the 16 building polygons and matches names on their distinctive words', async () => {
    const buildings = await readLibraryBuildings(BUILDINGS)
    expect(buildings).toHaveLength(16)
    expect(matchLibraryBuildings('Castle Green', buildings)).toEqual([])
    expect(matchLibraryBuildings('Marks Gate Community Hub', buildings).map((b) => b.id)).toEqual(['B34D46B4-805D-44EE-AA7F-36E68B7B548A'])
  })

  it('parses WKT polygons and multipolygons', () => {
    expect(parseWktPolygon('POLYGON ((0 0, 1 0, 1 1, 0 0))').coordinates).toEqual([[[0, 0], [1, 0], [1, 1], [0, 0]]])
    expect(parseWktPolygon('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))').type).toBe('MultiPolygon')
    expect(() => parseWktPolygon('POLYGON ((0 0, 1 0, 1 1')).toThrow(/truncated/)
  })
})

describe('broken library files', () => {
  const dir = tempDir()

  it('names text in the closed-year column', async () => {
    const text = readFileSync(LIBRARIES, 'utf-8').replace(',2013,,-,', ',soon,,-,')
    await expectFormatError(readLibraries(writeTemp(dir, 'lib.csv', text)), { file: 'lib.csv', row: 3, column: 'closed', detail: /expected a year/ })
  })

  it('names a building whose WKT ring is not closed', async () => {
    const lines = readFileSync(BUILDINGS, 'utf-8').split('\n')
    lines[1] = lines[1].replace(/,549770\.4 191050\.95\)\)"/, '))"')
    await expectFormatError(readLibraryBuildings(writeTemp(dir, 'b.csv', lines.join('\n'))), { row: 2, column: 'WKT', detail: /first and last positions/ })
  })

  it('refuses a library list without its postcode column', async () => {
    const text = readFileSync(LIBRARIES, 'utf-8').replace(',postcode,', ',post_code,')
    await expectFormatError(readLibraries(writeTemp(dir, 'nopc.csv', text)), { row: 1, column: 'postcode', detail: /missing column/ })
  })
})
