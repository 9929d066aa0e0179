import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readLsoaLookup, summariseLsoaChanges } from '../../geodata/read/lookups'
import { raw, scale } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const BD_LOOKUP = raw('ons-lookups', 'bd_LSOA11_LSOA21_LAD22_lookup.csv')

describe('LSOA 2011 -> 2021 lookup', () => {
  it('reads the 116 B&D rows: 104 unchanged, 10 split rows, 2 merged rows', async () => {
    const rows = await readLsoaLookup(BD_LOOKUP)
    expect(rows).toHaveLength(116)
    expect(rows[0]).toEqual({ lsoa11cd: 'E01000006', lsoa21cd: 'E01000006', chgind: 'U', lad22cd: 'E09000002' })
    const counts = { U: 0, S: 0, M: 0, X: 0 }
    for (const r of rows) counts[r.chgind]++
    expect(counts).toEqual({ U: 104, S: 10, M: 2, X: 0 })
  })

  it('groups the B&D changes: four 2011 LSOAs split, two merged into E01034479', async () => {
    const changes = summariseLsoaChanges(await readLsoaLookup(BD_LOOKUP))
    expect(Object.fromEntries([...changes.split].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      E01000010: ['E01034473', 'E01034474'],
      E01000023: ['E01034471', 'E01034472'],
      E01000092: ['E01034475', 'E01034476', 'E01034477', 'E01034478'],
      E01000109: ['E01034469', 'E01034470'],
    })
    expect(Object.fromEntries(changes.merged)).toEqual({ E01034479: ['E01000048', 'E01033588'] })
    expect(changes.complex).toEqual([])
    // 104 unchanged + 10 split parts + 1 merged = the 115 LSOA 2021 in B&D.
    expect(changes.unchanged + [...changes.split.values()].flat().length + changes.merged.size).toBe(115)
  })

  it('filters the England and Wales file to the same B&D rows', async () => {
    const ew = await readLsoaLookup(scale('ew_LSOA11_LSOA21_LAD22_lookup.csv'), { lad22cd: 'E09000002' })
    expect(ew).toEqual(await readLsoaLookup(BD_LOOKUP))
  })

  it('reads all 35,795 England and Wales rows, with X (complex) changes among them', async () => {
    const all = await readLsoaLookup(scale('ew_LSOA11_LSOA21_LAD22_lookup.csv'))
    expect(all).toHaveLength(35_795)
    expect(summariseLsoaChanges(all).complex).toHaveLength(9)
  })
})

describe('broken lookup files', () => {
  const dir = tempDir()
  const text = readFileSync(BD_LOOKUP, 'utf-8')

  it('names a missing column', async () => {
    const path = writeTemp(dir, 'no_chgind.csv', text.replace('CHGIND', 'CHANGE'))
    await expectFormatError(readLsoaLookup(path), { file: 'no_chgind.csv', row: 1, column: 'CHGIND', detail: /missing column/ })
  })

  it('names the row and column of a bad change indicator', async () => {
    const lines = text.split('\n')
    lines[3] = lines[3].replace(',U,', ',Q,')
    const path = writeTemp(dir, 'bad_chgind.csv', lines.join('\n'))
    await expectFormatError(readLsoaLookup(path), { row: 4, column: 'CHGIND', detail: /expected U, S, M or X/ })
  })

  it('refuses a truncated file whose last row is cut short', async () => {
    const path = writeTemp(dir, 'cut.csv', text.slice(0, text.indexOf('\n', 2000) + 30))
    await expectFormatError(readLsoaLookup(path), { file: 'cut.csv', detail: /has \d fields, expected 9/ })
  })

  it('refuses an empty file', async () => {
    await expectFormatError(readLsoaLookup(writeTemp(dir, 'empty.csv', '')), { detail: /empty/ })
  })
})
