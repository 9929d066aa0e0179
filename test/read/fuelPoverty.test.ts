import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from '@e965/xlsx'
import { describe, expect, it } from 'vitest'
import { readFuelPovertyAreas, readFuelPovertyAuthority, readFuelPovertyLsoa } from '../../geodata/read/fuelPoverty'
import { openWorkbook } from '../../geodata/read/workbook'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const FILE = raw('desnz-fuel-poverty', 'sub-regional-fuel-poverty-tables-2023-2021-data.xlsx')
const BD = 'E09000002'
const dir = tempDir()

let source: Record<string, unknown[][]> | undefined
/** A copy with Tables 2 and 3 cut to their title, header, England/London/B&D rows and footer. */
function smallCopy(name: string, edit: (sheets: Record<string, unknown[][]>) => void = () => {}): string {
  if (!source) {
    const wb = XLSX.read(readFileSync(FILE), { sheets: ['Table 2', 'Table 3'] })
    const rows = (s: string) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[s], { header: 1, raw: true, defval: null, blankrows: true })
    const t2 = rows('Table 2')
    const t3 = rows('Table 3')
    source = {
      'Table 2': [...t2.slice(0, 3), ...t2.filter((r) => ['E92000001', 'E12000007', 'E13000002', BD].includes(r[0] as string)), [null], ['Back to contents']],
      'Table 3': [...t3.slice(0, 3), ...t3.filter((r) => r[2] === BD), [null], ['Back to contents']],
    }
  }
  const sheets = structuredClone(source)
  edit(sheets)
  const wb = XLSX.utils.book_new()
  for (const [s, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), s)
  const path = join(dir, name)
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }))
  return path
}

describe('DESNZ sub-regional fuel poverty 2023 (2021 data)', () => {
  it("reads the 115 B&D LSOA rows of Table 3, adding up to the LA's 78,052 households and 11,925 fuel poor", async () => {
    const all = await readFuelPovertyLsoa(FILE)
    expect(all).toHaveLength(33_755)
    const bd = await readFuelPovertyLsoa(FILE, { ladCode: BD })
    expect(bd).toHaveLength(115)
    // one authority's read parses only its rows, and gives exactly what the whole table gives
    expect(bd).toEqual(all.filter((r) => r.ladcd === BD))
    expect(bd[0]).toEqual({
      lsoa21cd: 'E01000006', lsoa21nm: 'Barking and Dagenham 016A', ladcd: BD, ladnm: 'Barking and Dagenham', region: 'London',
      households: 588, fuel_poor_households: 109, fuel_poor_pct: 18.537414965986397,
    })
    expect(bd.reduce((s, r) => s + r.households, 0)).toBe(78_052)
    expect(bd.reduce((s, r) => s + r.fuel_poor_households, 0)).toBe(11_925)
  })

  it("reads B&D's Table 2 row (15.28% fuel poor) with London (11.94%) and England (13.14%) as comparators", async () => {
    const { authority, region, england } = await readFuelPovertyAuthority(FILE, BD)
    expect(authority).toEqual({ code: BD, name: 'Barking and Dagenham', level: 'authority', regionCode: 'E12000007', households: 78_052, fuel_poor_households: 11_925, fuel_poor_pct: 15.278276021114129 })
    expect(region).toMatchObject({ code: 'E12000007', name: 'LONDON', households: 3_613_195, fuel_poor_households: 431_366, fuel_poor_pct: 11.938630491850011 })
    expect(england).toMatchObject({ code: 'E92000001', name: 'ENGLAND', households: 24_070_861, fuel_poor_households: 3_162_752, fuel_poor_pct: 13.139338887794667 })
    const levels = (await readFuelPovertyAreas(FILE)).reduce<Record<string, number>>((n, a) => ({ ...n, [a.level]: (n[a.level] ?? 0) + 1 }), {})
    expect(levels).toEqual({ country: 1, region: 9, group: 29, authority: 296 })
  })

  it("parses only the authority's rows of Table 3 when asked, at their own row numbers, shared strings or inline", async () => {
    const whole = (await openWorkbook(FILE, ['Table 3'])).get('Table 3')!
    const cut = (await openWorkbook(FILE, ['Table 3'], { rowsWith: BD })).get('Table 3')!
    const filled = (rows: unknown[][]) => rows.flatMap((r, i) => (r.some((c) => c !== null) ? [i] : []))
    const bdRows = whole.rows.flatMap((r, i) => (r[2] === BD ? [i] : []))
    expect(bdRows).toHaveLength(115)
    // the title and header rows and the 115 B&D rows, each where it is in the whole sheet; beside
    // them only the few rows with a number equal to the code's shared-string index (3 here)
    const head = filled(whole.rows).filter((i) => i < 30)
    const kept = filled(cut.rows)
    expect(kept).toEqual(expect.arrayContaining([...head, ...bdRows]))
    expect(kept.length - head.length - bdRows.length).toBeLessThan(10)
    for (const i of kept) expect(cut.rows[i]).toEqual(whole.rows[i])
    // a workbook written with inline strings (SheetJS's own) is cut the same way, and an error in
    // a B&D row below 40 rows of another authority still names its spreadsheet row
    const below = (s: Record<string, unknown[][]>) => {
      const t3 = s['Table 3']
      t3.splice(3, 0, ...Array.from({ length: 40 }, () => t3[3].map((c) => (c === BD ? 'E09000003' : c))))
      t3[45][6] = '[c]'
    }
    await expectFormatError(readFuelPovertyLsoa(smallCopy('text-bd.xlsx', below), { ladCode: BD }), {
      row: 46, column: `'Table 3'!G "Number of households in fuel poverty"`, detail: /whole number >= 0, got text "\[c\]"/,
    })
    await expectFormatError(readFuelPovertyLsoa(smallCopy('other-la.xlsx'), { ladCode: 'E09000003' }), { detail: /no LSOA rows for local authority E09000003/ })
  })

  it('finds the header by its text when the title block grows', async () => {
    const moved = smallCopy('moved.xlsx', (s) => { s['Table 3'].unshift(['Extra title'], [null]); s['Table 2'].unshift(['Extra title']) })
    expect(await readFuelPovertyLsoa(moved)).toEqual(await readFuelPovertyLsoa(FILE, { ladCode: BD }))
    expect((await readFuelPovertyAuthority(moved, BD)).authority.fuel_poor_households).toBe(11_925)
  })

  it('names file, sheet, row and column for text in a number, a missing column, a wrong sheet or an empty file', async () => {
    await expectFormatError(readFuelPovertyLsoa(smallCopy('text.xlsx', (s) => { s['Table 3'][5][6] = '[c]' })), {
      file: 'text.xlsx', row: 6, column: `'Table 3'!G "Number of households in fuel poverty"`, detail: /whole number >= 0, got text "\[c\]"/,
    })
    await expectFormatError(readFuelPovertyLsoa(smallCopy('nocol.xlsx', (s) => { s['Table 3'][2][5] = 'Households' })), {
      row: 3, column: '"Number of households"', detail: /sheet "Table 3" is missing column/,
    })
    await expectFormatError(readFuelPovertyAuthority(smallCopy('pct.xlsx', (s) => { s['Table 2'][6][6] = 152.8 }), BD), {
      row: 7, column: `'Table 2'!G "Proportion of households fuel poor (%)"`, detail: /percentage 0-100, got 152.8/,
    })
    await expectFormatError(readFuelPovertyLsoa(smallCopy('wrongsheet.xlsx', (s) => { s['Table 3b'] = s['Table 3']; delete s['Table 3'] })), { detail: /no sheet "Table 3"/ })
    await expectFormatError(readFuelPovertyLsoa(smallCopy('noheader.xlsx', (s) => { s['Table 3'][2][0] = null })), { detail: /no header row \("LSOA Code" in column A\)/ })
    await expectFormatError(readFuelPovertyLsoa(writeTemp(dir, 'empty.xlsx', '')), { file: 'empty.xlsx', detail: /file is empty/ })
  })
})
