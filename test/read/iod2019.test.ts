import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from '@e965/xlsx'
import { beforeAll, describe, expect, it } from 'vitest'
import { IOD_CORE_KEYS, IOD_CORE_MEASURES, readIodFile7Csv, readIodGlaWorkbook, type IodLsoaRow } from '../../geodata/read/iod2019'
import { readIodGlaBoroughSummaries } from '../../geodata/read/iod2019Boroughs'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const GLA = raw('gla-id2019', 'ID_2019_for_London.xlsx')
const BD = 'E09000002'
const dir = tempDir()

let london: IodLsoaRow[]
let bd: IodLsoaRow[]
beforeAll(async () => {
  london = await readIodGlaWorkbook(GLA)
  bd = await readIodGlaWorkbook(GLA, { ladCode: BD })
})

// The official File 7 column order: ids, IMD + 7 domains, IDACI, IDAOPI, 6 sub-domains, denominators.
const FILE7_IDS = ['LSOA code (2011)', 'LSOA name (2011)', 'Local Authority District code (2019)', 'Local Authority District name (2019)']
const csvCell = (v: string | number) => (typeof v === 'string' && /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))
function file7Text(rows: IodLsoaRow[]): string {
  // File 7's last header really ends in a space; the reader must not care.
  const headers = [...FILE7_IDS, ...IOD_CORE_KEYS.map((k) => IOD_CORE_MEASURES[k].header)].map((h, i, all) => (i === all.length - 1 ? `${h} ` : h))
  const lines = rows.map((r) => [r.lsoa11cd, r.lsoa11nm, r.ladcd, r.ladnm, ...IOD_CORE_KEYS.map((k) => r.values[k]!)].map(csvCell).join(','))
  return [headers.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n'
}

describe('IoD2019 LSOA readers', () => {
  it('reads the 110 B&D LSOAs with IMD scores from the GLA workbook (4,835 London LSOAs in all)', () => {
    expect(london).toHaveLength(4835)
    expect(bd).toHaveLength(110)
    const e27 = bd.find((r) => r.lsoa11cd === 'E01000027')!
    expect(e27).toMatchObject({ lsoa11nm: 'Barking and Dagenham 001A', ladcd: BD, ladnm: 'Barking and Dagenham' })
    expect(e27.values).toMatchObject({
      imd_score: 37.347, imd_rank: 5097, imd_decile: 2,
      income_score: 0.216, employment_score: 0.146, barriers_rank: 1062,
      idaci_score: 0.276, idaopi_decile: 3, wider_barriers_score: 5.66, outdoors_rank: 7457,
      pop_total: 1858, pop_0_15: 511, pop_16_59: 1066, pop_60_plus: 281, pop_working_age: 1055,
      income_numerator: 405, idaci_numerator: 140, entry_to_he: 0.911, homelessness_per_1000: 8.749, air_quality: 1.02,
    })
    // B&D's most deprived LSOA; four B&D LSOAs are in England's most deprived 10%.
    const mostDeprived = bd.reduce((a, b) => (a.values.imd_rank! < b.values.imd_rank! ? a : b))
    expect([mostDeprived.lsoa11cd, mostDeprived.values.imd_score, mostDeprived.values.imd_rank]).toEqual(['E01000093', 46.922, 2669])
    expect(bd.filter((r) => r.values.imd_decile === 1)).toHaveLength(4)
    expect(bd.reduce((s, r) => s + r.values.pop_total!, 0)).toBe(203_101)
  })

  it('returns withheld numerators as null with the reason, never 0 (none in B&D, 514 cells London-wide)', () => {
    expect(bd.every((r) => Object.keys(r.withheld).length === 0)).toBe(true)
    const city = london.find((r) => r.lsoa11cd === 'E01000001')!
    expect(city.values.income_numerator).toBeNull()
    expect(city.withheld.income_numerator).toMatch(/count under 10/)
    const counts: Record<string, number> = {}
    for (const r of london) for (const k of Object.keys(r.withheld)) counts[k] = (counts[k] ?? 0) + 1
    expect(counts).toEqual({ income_numerator: 5, idaci_numerator: 387, idaopi_numerator: 84, employment_numerator: 37, entry_to_he: 1 })
    for (const r of london) for (const k of Object.keys(r.withheld)) expect(r.values[k as keyof typeof r.values]).toBeNull()
  })

  it('reads a File 7 CSV built from the B&D rows and agrees with the workbook on every core measure', async () => {
    const file7 = writeTemp(dir, 'File_7_bd.csv', file7Text(london.filter((r) => r.ladcd === BD || r.ladcd === 'E09000001')))
    const fromCsv = await readIodFile7Csv(file7, { ladCode: BD })
    expect(fromCsv).toHaveLength(110)
    const core = (r: IodLsoaRow) => ({ ...r, values: Object.fromEntries(IOD_CORE_KEYS.map((k) => [k, r.values[k]])) })
    expect(fromCsv).toEqual(bd.map(core))
    expect(Object.keys(fromCsv[0].values)).toHaveLength(IOD_CORE_KEYS.length)
  })

  it('names the file, row and column when a File 7 copy is broken', async () => {
    const good = file7Text(bd).split('\r\n')
    const cells = (line: string) => line.split(',')
    // Text in a number cell: data row 4 (spreadsheet row 5), IMD score is column 5.
    const textLines = [...good]
    const c = cells(textLines[4]); c[4] = 'n/a'; textLines[4] = c.join(',')
    await expectFormatError(readIodFile7Csv(writeTemp(dir, 'f7_text.csv', textLines.join('\r\n'))), {
      file: 'f7_text.csv', row: 5, column: '"Index of Multiple Deprivation (IMD) Score"', detail: /expected a number, got text "n\/a"/,
    })
    // Missing column: drop "Income Score (rate)" (the 8th column) everywhere.
    const dropped = good.filter(Boolean).map((l) => cells(l).filter((_, i) => i !== 7).join(','))
    await expectFormatError(readIodFile7Csv(writeTemp(dir, 'f7_missing.csv', dropped.join('\n'))), { row: 1, column: 'Income Score (rate)', detail: /missing column/ })
    // Truncated mid-row: the last row has too few fields.
    const text = good.join('\r\n')
    await expectFormatError(readIodFile7Csv(writeTemp(dir, 'f7_cut.csv', text.slice(0, text.length - 400))), { file: 'f7_cut.csv', detail: /fields, expected 57/ })
    await expectFormatError(readIodFile7Csv(writeTemp(dir, 'f7_empty.csv', '')), { file: 'f7_empty.csv', detail: /file is empty/ })
    // A rank that is not a whole number.
    const rankLines = [...good]
    const r = cells(rankLines[2]); r[5] = '5097.5'; rankLines[2] = r.join(',')
    await expectFormatError(readIodFile7Csv(writeTemp(dir, 'f7_rank.csv', rankLines.join('\r\n'))), { row: 3, detail: /rank 1-32844/ })
  })
})

/** A small workbook with the five LSOA sheets cut to the header + B&D rows (sheet edits applied). */
let bdSheets: Record<string, unknown[][]> | undefined
function smallWorkbook(name: string, edit: (sheets: Record<string, unknown[][]>) => void): string {
  if (!bdSheets) {
    const src = XLSX.read(readFileSync(GLA), { sheets: ['IMD 2019', 'IDACI and IDAOPI', 'Sub domains', 'Population figures', 'Underlying indicators'] })
    bdSheets = {}
    for (const s of src.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(src.Sheets[s], { header: 1, raw: true, defval: null })
      bdSheets[s] = [rows[0], ...rows.filter((r) => r[2] === BD)]
    }
  }
  const sheets = structuredClone(bdSheets)
  edit(sheets)
  const wb = XLSX.utils.book_new()
  for (const [s, rows] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), s)
  const path = join(dir, name)
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }))
  return path
}

describe('IoD2019 GLA workbook errors', () => {
  it('reads a small copy of the workbook the same as the original', async () => {
    expect(await readIodGlaWorkbook(smallWorkbook('small.xlsx', () => {}))).toEqual(bd)
  })

  it('names sheet, column and row for text in a number cell, a blank, a missing column or sheet', async () => {
    const text = smallWorkbook('text.xlsx', (s) => { s['IMD 2019'][3][4] = 'abc' })
    await expectFormatError(readIodGlaWorkbook(text), { file: 'text.xlsx', row: 4, column: `'IMD 2019'!E "Index of Multiple Deprivation (IMD) Score"`, detail: /got text "abc"/ })
    const blank = smallWorkbook('blank.xlsx', (s) => { s['Population figures'][2][4] = null })
    await expectFormatError(readIodGlaWorkbook(blank), { row: 3, column: `'Population figures'!E "Total population: mid 2015 (excluding prisoners)"`, detail: /got a blank cell/ })
    const renamed = smallWorkbook('renamed.xlsx', (s) => { s['Sub domains'][0][7] = 'Adult Skills Score' })
    await expectFormatError(readIodGlaWorkbook(renamed), { row: 1, column: '"Adult Skills Sub-domain Score"', detail: /sheet "Sub domains" is missing column/ })
    const noSheet = smallWorkbook('nosheet.xlsx', (s) => { delete s['Sub domains'] })
    await expectFormatError(readIodGlaWorkbook(noSheet), { file: 'nosheet.xlsx', detail: /no sheet "Sub domains"/ })
    const unmatched = smallWorkbook('unmatched.xlsx', (s) => { s['IDACI and IDAOPI'].splice(5, 1) })
    await expectFormatError(readIodGlaWorkbook(unmatched), { detail: /has no row in sheet "IDACI and IDAOPI"/ })
  })

  it('rejects a truncated or empty workbook with one message', async () => {
    const bytes = readFileSync(smallWorkbook('whole.xlsx', () => {}))
    await expectFormatError(readIodGlaWorkbook(writeTemp(dir, 'cut.xlsx', bytes.subarray(0, bytes.length >> 1))), { file: 'cut.xlsx' })
    await expectFormatError(readIodGlaWorkbook(writeTemp(dir, 'empty.xlsx', '')), { file: 'empty.xlsx', detail: /file is empty/ })
  })
})

describe('IoD2019 borough summaries', () => {
  it("reads B&D's summary: average score 32.768 (21st most deprived of 317), average rank 25,551.85 (5th)", async () => {
    const all = await readIodGlaBoroughSummaries(GLA)
    expect(all).toHaveLength(33)
    const [b] = await readIodGlaBoroughSummaries(GLA, { ladCode: BD })
    expect(b.ladnm).toBe('Barking and Dagenham')
    expect(b.values).toMatchObject({
      imd_avg_score: 32.768, imd_rank_of_avg_score: 21, imd_avg_rank: 25551.85, imd_rank_of_avg_rank: 5,
      imd_prop_most_deprived_10pc: 0.0364, imd_rank_of_prop_most_deprived_10pc: 139,
      imd_extent: 0.4724, imd_rank_of_extent: 20, imd_local_concentration: 29391.87, imd_rank_of_local_concentration: 125,
      income_scale: 39254, employment_scale: 14074.75, barriers_rank_of_avg_score: 2,
      idaci_avg_score: 0.238, idaci_rank_of_avg_score: 32, idaopi_avg_score: 0.261, idaopi_rank_of_avg_score: 12,
    })
    expect(Object.keys(b.values)).toHaveLength(10 + 7 * 6 + 2 * 2 + 2 * 6)
  })

  it('matches the IoD method: the borough average score is the population-weighted mean of its LSOA scores', () => {
    const pop = bd.reduce((s, r) => s + r.values.pop_total!, 0)
    const mean = bd.reduce((s, r) => s + r.values.imd_score! * r.values.pop_total!, 0) / pop
    expect(mean).toBeCloseTo(32.768, 3)
    expect(bd.filter((r) => r.values.imd_decile === 1).length / bd.length).toBeCloseTo(0.0364, 4)
  })
})
