import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from '@e965/xlsx'
import { describe, expect, it } from 'vitest'
import { readTaTable1, readTemporaryAccommodation } from '../../geodata/read/temporaryAccommodation'
import { readLocalTaCsv } from '../../geodata/read/localTemporaryAccommodation'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const TA_2025 = raw('mhclg-homelessness', 'Statutory_Homelessness_Detailed_Local_Authority_Data_202512.ods')
const TA_2024 = raw('mhclg-homelessness', 'Detailed_LA_202412.ods')
const BD = 'E09000002'
const dir = tempDir()

let ta1: unknown[][] | undefined
/** A copy of TA1 (title, header block, England/London/B&D rows), written as .ods or .xlsx. */
function smallCopy(name: string, edit: (rows: unknown[][]) => void = () => {}): string {
  if (!ta1) {
    const wb = XLSX.read(readFileSync(TA_2025), { sheets: ['TA1'] })
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.TA1, { header: 1, raw: true, defval: null, blankrows: true })
    ta1 = [...rows.slice(0, 7), ...rows.filter((r) => ['E92000001', 'E12000007', BD].includes(r[0] as string))]
  }
  const rows = structuredClone(ta1)
  edit(rows)
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'TA1')
  const path = join(dir, name)
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: name.endsWith('.ods') ? 'ods' : 'xlsx' }))
  return path
}

describe('MHCLG temporary accommodation (TA1)', () => {
  it("reads B&D's 1,020 households in TA at 31 December 2025, with England and London comparators", async () => {
    const ta = await readTemporaryAccommodation(TA_2025, { ladCode: BD })
    expect(ta.snapshotDate).toBe('2025-12-31')
    expect(ta.authority).toEqual({
      code: BD, name: 'Barking & Dagenham',
      households_in_ta: 1020, households_in_area_000s: 76.381, ta_per_1000_households: 13.354106387714221,
      households_with_children_in_ta: 775, children_in_ta: 1632,
      by_type: {
        bed_and_breakfast: { households: 50, with_children: 41 },
        nightly_paid_self_contained: { households: 0, with_children: 0 },
        hostels: { households: 184, with_children: 157 },
        private_sector_leased: { households: 508, with_children: 364 },
        la_ha_stock: { households: 278, with_children: 213 },
        other: { households: 0, with_children: 0 },
      },
      in_another_la_district: 87,
      duty_owed_no_accommodation: { households: 0, with_children: 0 },
      withheld: {},
    })
    expect(ta.england).toMatchObject({ households_in_ta: 134_210, ta_per_1000_households: 5.491344616346458, households_with_children_in_ta: 85_800, children_in_ta: 176_130 })
    expect(ta.london).toMatchObject({ name: 'London', households_in_ta: 75_600, ta_per_1000_households: 21.14550456642206 })
  })

  it('reads the 2024 snapshot: 1,043 B&D households, 12.99 per 1,000', async () => {
    const ta = await readTemporaryAccommodation(TA_2024, { ladCode: BD })
    expect(ta.snapshotDate).toBe('2024-12-31')
    expect(ta.authority).toMatchObject({ households_in_ta: 1043, ta_per_1000_households: 12.9883067880403, households_with_children_in_ta: 807, children_in_ta: 1698, in_another_la_district: 62 })
    expect(ta.authority.by_type.private_sector_leased).toEqual({ households: 543, with_children: 392 })
    expect(ta.england?.households_in_ta).toBe(127_890)
  })

  it('takes the type columns from the right place despite the merged header (types add up to the total)', async () => {
    for (const file of [TA_2025, TA_2024]) {
      const { rows } = await readTaTable1(file)
      expect(rows).toHaveLength(306) // England, 9 regions, 296 authorities
      for (const code of [BD, 'E92000001']) {
        const r = rows.find((x) => x.code === code)!
        expect(Object.values(r.by_type).reduce((s, t) => s + t.households!, 0)).toBe(r.households_in_ta)
      }
    }
  })

  it('returns ".." (no return) and "-" (B&B breakdown under 5) as null with the reason, never 0', async () => {
    const { rows } = await readTaTable1(TA_2025)
    const brent = rows.find((r) => r.code === 'E09000005')!
    expect(brent.households_in_ta).toBeNull()
    expect(brent.withheld.households_in_ta).toMatch(/missing data/)
    expect(rows.filter((r) => r.households_in_ta === null).map((r) => r.code).sort()).toEqual(['E06000043', 'E06000023', 'E06000016', 'E09000005', 'E09000009', 'E07000072', 'E07000114'].sort())
    const city = rows.find((r) => r.code === 'E09000001')!
    expect(city.by_type.bed_and_breakfast).toEqual({ households: 3, with_children: null })
    expect(city.withheld['by_type.bed_and_breakfast.with_children']).toMatch(/fewer than 5 households/)
  })

  it('reads a small .ods or .xlsx copy the same way', async () => {
    const full = await readTemporaryAccommodation(TA_2025, { ladCode: BD })
    expect(await readTemporaryAccommodation(smallCopy('small.ods'), { ladCode: BD })).toEqual(full)
    expect(await readTemporaryAccommodation(smallCopy('small.xlsx'), { ladCode: BD })).toEqual(full)
  })

  it('names file, row and column for text in a number, a missing header, a cut table or a wrong sheet', async () => {
    // Rows 8-11 of the copy: England, London, London again (TA1 lists it twice), B&D.
    await expectFormatError(readTemporaryAccommodation(smallCopy('text.ods', (r) => { r[10][4] = 'about 1000' }), { ladCode: BD }), {
      file: 'text.ods', row: 11, column: `'TA1'!E "Total number of households in TA"`, detail: /whole number >= 0, got text "about 1000"/,
    })
    await expectFormatError(readTaTable1(smallCopy('hostel.ods', (r) => { r[10][19] = 'n/a' })), {
      row: 11, column: `'TA1'!T "Hostels (including reception centres, emergency units and refuges): Total number of households"`,
    })
    await expectFormatError(readTaTable1(smallCopy('nohdr.ods', (r) => { r[1][22] = 'Leased' })), {
      row: 2, detail: /no header "Private sector accommodation leased by authority or by a registered provider"/,
    })
    await expectFormatError(readTaTable1(smallCopy('noeng.ods', (r) => { r.splice(7, 1) })), { detail: /no England row/ })
    await expectFormatError(readTaTable1(smallCopy('nodate.ods', (r) => { r[0][0] = 'Table TA1' })), { row: 1, detail: /no snapshot date/ })
    await expectFormatError(readTaTable1(raw('gla-id2019', 'ID_2019_for_London.xlsx')), { detail: /no sheet "TA1"/ })
    await expectFormatError(readTaTable1(writeTemp(dir, 'empty.ods', '')), { file: 'empty.ods', detail: /file is empty/ })
  })
})

describe('council-held TA counts by small area', () => {
  it('reads LSOA and ward rows, keeping "[c]" as null with its reason', async () => {
    const file = writeTemp(dir, 'local_ta.csv', 'area_code,households_in_ta,period\nE01000027,12,2025 Q4\nE05014053,[c],2025 Q4\nE01000027,9,2025 Q3\n')
    expect(await readLocalTaCsv(file)).toEqual([
      { area_code: 'E01000027', area_type: 'lsoa21', households_in_ta: 12, period: '2025 Q4' },
      { area_code: 'E05014053', area_type: 'ward22', households_in_ta: null, withheld: expect.stringMatching(/confidential/), period: '2025 Q4' },
      { area_code: 'E01000027', area_type: 'lsoa21', households_in_ta: 9, period: '2025 Q3' },
    ])
    expect(await readLocalTaCsv(writeTemp(dir, 'noperiod.csv', 'households_in_ta,area_code\n3,E01000027\n'))).toEqual([
      { area_code: 'E01000027', area_type: 'lsoa21', households_in_ta: 3, period: null },
    ])
  })

  it('names the row and column of a bad code, a non-integer, a dash, a repeat or a missing column', async () => {
    const head = 'area_code,households_in_ta\n'
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l1.csv', `${head}E01000027,4\nE09000002,5\n`)), { file: 'l1.csv', row: 3, column: 'area_code', detail: /LSOA 2021 \(E01...\) or ward/ })
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l2.csv', `${head}E01000027,4.5\n`)), { row: 2, column: 'households_in_ta', detail: /whole number/ })
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l3.csv', `${head}E01000027,-\n`)), { row: 2, column: 'households_in_ta', detail: /got text "-"/ })
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l4.csv', `${head}E01000027,4\nE01000027,5\n`)), { row: 3, column: 'area_code', detail: /repeats row 2/ })
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l5.csv', 'area_code,households\nE01000027,4\n')), { row: 1, column: 'households_in_ta', detail: /missing column/ })
    await expectFormatError(readLocalTaCsv(writeTemp(dir, 'l6.csv', head)), { detail: /no data rows/ })
  })
})
