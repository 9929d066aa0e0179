import { describe, expect, it } from 'vitest'
import { readLocalityCsv } from '../../geodata/read/localities'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

describe('ward -> locality CSV', () => {
  const dir = tempDir()

  it('reads wards with their locality, code optional', async () => {
    const path = writeTemp(dir, 'ok.csv', 'ward_code,locality_name,locality_code\nE05014053,Barking,L1\nE05014055, Barking ,L1\nE05014058,Marks Gate,\n')
    expect(await readLocalityCsv(path)).toEqual([
      { wardCode: 'E05014053', localityName: 'Barking', localityCode: 'L1' },
      { wardCode: 'E05014055', localityName: 'Barking', localityCode: 'L1' },
      { wardCode: 'E05014058', localityName: 'Marks Gate', localityCode: null },
    ])
    const noCode = writeTemp(dir, 'nocode.csv', 'ward_code,locality_name\nE05014053,Barking\n')
    expect(await readLocalityCsv(noCode)).toEqual([{ wardCode: 'E05014053', localityName: 'Barking', localityCode: null }])
  })

  it('throws on a ward code that is not E05 + 6 digits', async () => {
    const path = writeTemp(dir, 'bad.csv', 'ward_code,locality_name\nE05014053,Barking\nE01000006,Barking\n')
    await expectFormatError(readLocalityCsv(path), { file: 'bad.csv', row: 3, column: 'ward_code', detail: /E05/ })
  })

  it('throws on a ward listed twice', async () => {
    const path = writeTemp(dir, 'twice.csv', 'ward_code,locality_name\nE05014053,Barking\nE05014054,Dagenham\nE05014053,Dagenham\n')
    await expectFormatError(readLocalityCsv(path), { row: 4, column: 'ward_code', detail: /appears twice \(first on row 2\)/ })
  })

  it('throws on a locality given two codes, and on a missing column', async () => {
    const path = writeTemp(dir, 'codes.csv', 'ward_code,locality_name,locality_code\nE05014053,Barking,L1\nE05014054,Barking,L2\n')
    await expectFormatError(readLocalityCsv(path), { row: 3, column: 'locality_code' })
    await expectFormatError(readLocalityCsv(writeTemp(dir, 'nocol.csv', 'ward,locality_name\nE05014053,Barking\n')), { row: 1, column: 'ward_code' })
  })
})
