/**
 * A broken copy of each file type the importers read is rejected with one clear message naming the
 * file (and row and column where the reader knows them), and the data imported before is untouched:
 * same rows, same values, same provenance row, same data version. Also: re-running the import is a
 * no-op, a forced re-import gives identical figures, and council lists report their bad rows.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import * as XLSX from '@e965/xlsx'
import { afterAll, describe, expect, it } from 'vitest'
import { importAll, importLocalFile } from '../../server/import/plan'
import { importDataset, silentReporter } from '../../server/import/runner'
import { PROVISIONAL_LOCALITIES } from '../../server/import/localities'
import { source } from '../../geodata/manifest'
import { SourceFormatError } from '../../geodata/read/errors'
import { bumpDataVersion, dataVersion } from '../../server/db/status'
import { withApp } from '../support/app'
import { backend, geodataDir } from '../support/env'
import { TEST_LA } from '../support/prepareData'
import { allFigures, copyDataset, fileOf, fingerprint, makeTempDir, removeDir, stepRun } from './support/datasets'

/** Rewrites one CSV cell (row as a spreadsheet numbers it, header = row 1) and keeps the rest. */
function setCsvCell(file: string, row: number, column: string | number, value: string): void {
  const rows = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]
  const col = typeof column === 'number' ? column : rows[0].indexOf(column)
  if (col < 0) throw new Error(`no column ${column} in ${file}`)
  rows[row - 1][col] = value
  writeFileSync(file, stringify(rows))
}

/** Renames the first cell of `sheet` whose text is `from` (whitespace-normalised), using SheetJS. */
function renameWorkbookHeader(file: string, sheet: string, from: string, to: string): void {
  const wb = XLSX.read(readFileSync(file), { type: 'buffer' })
  const ws = wb.Sheets[sheet]
  const norm = (v: unknown) => String(v).replace(/\s+/g, ' ').trim()
  const address = Object.keys(ws).find((a) => !a.startsWith('!') && typeof ws[a].v === 'string' && norm(ws[a].v) === from)
  if (!address) throw new Error(`no header "${from}" in sheet ${sheet}`)
  ws[address] = { t: 's', v: to }
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer)
}

/** Applies `edit` to one line (1-based) of a text file. */
function editLine(file: string, line: number, edit: (text: string) => string): void {
  const lines = readFileSync(file, 'utf8').split('\n')
  const edited = edit(lines[line - 1])
  if (edited === lines[line - 1]) throw new Error(`editLine: line ${line} of ${file} unchanged`)
  lines[line - 1] = edited
  writeFileSync(file, lines.join('\n'))
}

const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

interface BrokenCopy {
  behaviour: string
  id: string
  /** breaks the copied dataset in `dir` */
  breakIt(dir: string): void
  /** the whole message: file, then row and column where known, then what is wrong */
  message: RegExp
}

const cases: BrokenCopy[] = [
  {
    behaviour: 'a shapefile whose .prj says WGS 84 where British National Grid is expected',
    id: 'ons_lsoa21',
    breakIt: (dir) => writeFileSync(fileOf(dir, 'ons_lsoa21', 3), WGS84_PRJ),
    message: /^bd_lsoa21_gen20\.shp: coordinate system is EPSG:4326, expected EPSG:27700$/,
  },
  {
    behaviour: 'a truncated .shp',
    id: 'ons_lsoa11',
    breakIt: (dir) => truncateSync(fileOf(dir, 'ons_lsoa11', 0), 30_000),
    message: /^bd_lsoa11_gen20\.shp: truncated or padded: header says 61948 bytes, file has 30000$/,
  },
  {
    behaviour: 'a GeoJSON-lines ward whose ring is not closed',
    id: 'ons_wards22',
    breakIt: (dir) =>
      editLine(fileOf(dir, 'ons_wards22', 0), 3, (line) => {
        const f = JSON.parse(line)
        const c = f.geometry.coordinates
        const ring: number[][] = f.geometry.type === 'Polygon' ? c[0] : c[0][0]
        ring.pop() // drop the closing position of the first outer ring
        return JSON.stringify(f)
      }),
    message: /^bd_wards_WD22\.geojsonl: row 3: broken geometry: .*first and last positions must be equivalent/,
  },
  {
    behaviour: 'a GeoJSON-lines ward with a NaN coordinate',
    id: 'ons_wards22',
    // What Python's json.dumps writes for float('nan'): not JSON, so the line cannot be parsed.
    breakIt: (dir) => editLine(fileOf(dir, 'ons_wards22', 0), 5, (line) => line.replace(/("coordinates":\s*\[+)-?[0-9.]+/, '$1NaN')),
    message: /^bd_wards_WD22\.geojsonl: row 5: not valid JSON/,
  },
  {
    behaviour: 'an .xlsx workbook with a required column header renamed',
    id: 'desnz_fuel_poverty',
    breakIt: (dir) =>
      renameWorkbookHeader(fileOf(dir, 'desnz_fuel_poverty', 0), 'Table 3', 'Number of households in fuel poverty', 'Fuel poor households (number)'),
    message: /^sub-regional-fuel-poverty-tables-2023-2021-data\.xlsx: row \d+, column "Number of households in fuel poverty": sheet "Table 3" is missing column "Number of households in fuel poverty"$/,
  },
  {
    behaviour: 'a truncated .ods workbook',
    id: 'mhclg_ta',
    breakIt: (dir) => truncateSync(fileOf(dir, 'mhclg_ta', 1), 900_000),
    message: /^Statutory_Homelessness_Detailed_Local_Authority_Data_202512\.ods: not a readable \.xlsx\/\.ods workbook \(truncated\?\)/,
  },
  {
    behaviour: 'a Census CSV with text in a count column',
    id: 'census2021',
    breakIt: (dir) => setCsvCell(path.join(dir, 'census2021/bd_census2021-ts037-lsoa.csv'), 10, 'General health: Bad health', 'n/a'),
    message: /^bd_census2021-ts037-lsoa\.csv: row 10, column General health: Bad health: expected a whole number >= 0, got text "n\/a"$/,
  },
  {
    behaviour: 'an LAEI CSV with text in a concentration column',
    id: 'laei2019',
    breakIt: (dir) => setCsvCell(fileOf(dir, 'laei2019', 1), 7, 'PM25-2019-mean', 'high'),
    message: /^bd_lsoa21-2019-PM25\.csv: row 7, column PM25-2019-mean: expected a number >= 0, got text "high"$/,
  },
  {
    behaviour: 'an empty lookup CSV',
    id: 'ons_lsoa_lookup',
    breakIt: (dir) => writeFileSync(fileOf(dir, 'ons_lsoa_lookup', 0), ''),
    message: /^bd_LSOA11_LSOA21_LAD22_lookup\.csv: file is empty$/,
  },
  {
    behaviour: 'a header-less Code-Point Open CSV with text in the Eastings column',
    id: 'os_codepoint',
    breakIt: (dir) => setCsvCell(fileOf(dir, 'os_codepoint', 0), 100, 2, 'TQ 44343'),
    message: /^bd2km_codepoint_open_2025-10\.csv: row 100, column Eastings: expected a number \(got "TQ 44343"\)$/,
  },
  {
    behaviour: 'an asset list CSV with text in a grid reference column',
    id: 'schools',
    breakIt: (dir) => setCsvCell(fileOf(dir, 'schools', 0), 12, 'EASTING', 'unknown'),
    message: /^bd2km_all_schools_xy_2016\.csv: row 12, column EASTING: expected a number \(got "unknown"\)$/,
  },
]

describe(`importing broken and repeated files on the ${backend} backend`, () => {
  const app = withApp({ serve: false })
  const temps: string[] = []
  const tempDir = () => {
    const d = makeTempDir()
    temps.push(d)
    return d
  }
  const councilListId = 'council_assets_robustness_test_list'
  afterAll(async () => {
    // The server database is shared by every test file: remove what this file added.
    const removed = await app.db.knex('datasets').where({ id: councilListId }).del()
    if (removed) await bumpDataVersion(app.db.knex)
    for (const d of temps) removeDir(d)
  })

  it('re-running the full import on the same files changes nothing', async () => {
    const v0 = await dataVersion(app.db.knex)
    const figures = await allFigures(app.db.knex)
    const r = await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA })
    expect(r.datasets.map((d) => [d.id, d.status])).toEqual(r.datasets.map((d) => [d.id, 'unchanged']))
    expect(r.datasets).toHaveLength(27) // 26 manifest sources + localities
    expect(r.changed).toBe(false)
    expect(r.derived).toBeUndefined()
    expect(await dataVersion(app.db.knex)).toBe(v0)
    expect(await allFigures(app.db.knex)).toEqual(figures)
  })

  it('a forced re-import of one dataset bumps the data version and leaves identical figures', async () => {
    const v0 = await dataVersion(app.db.knex)
    const figures = await allFigures(app.db.knex)
    const census = await fingerprint(app.db.knex, 'census2021')
    const r = await importAll(app.db.knex, { dir: geodataDir, la: TEST_LA, only: ['census2021'], force: true })
    expect(r.datasets.map((d) => [d.id, d.status, d.loaded])).toEqual([['census2021', 'imported', census.values.n]])
    expect(r.changed).toBe(true)
    // one bump for the dataset, one for the derived rebuild
    expect(await dataVersion(app.db.knex)).toBe(v0 + 2)
    const after = await fingerprint(app.db.knex, 'census2021')
    expect(after.dataset!.checksum).toBe(census.dataset!.checksum)
    expect(after.dataset!.imported_at > census.dataset!.imported_at).toBe(true)
    expect(after.values).toEqual(census.values)
    expect(await allFigures(app.db.knex)).toEqual(figures)
  })

  for (const c of cases) {
    it(`rejects ${c.behaviour} (${c.id}) naming the file, and keeps the data imported before`, async () => {
      const dir = tempDir()
      copyDataset(c.id, dir)
      c.breakIt(dir)
      const before = await fingerprint(app.db.knex, c.id)
      const v0 = await dataVersion(app.db.knex)
      expect(before.dataset).not.toBeNull()
      const loaded = before.areas.n + before.values.n + before.postcodes.n + before.assets.n + before.series.n + before.lookup.n
      expect(loaded).toBeGreaterThan(0)

      const error = await importDataset(app.db.knex, source(c.id), dir, TEST_LA, stepRun(c.id), silentReporter, { force: true, acceptChanged: true }).then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(SourceFormatError)
      const message = (error as Error).message
      expect(message).toMatch(c.message)
      expect(message).not.toContain('\n')

      expect(await fingerprint(app.db.knex, c.id)).toEqual(before)
      expect(await dataVersion(app.db.knex)).toBe(v0)
    })
  }

  it('importAll with only the broken dataset stops with the same message and rebuilds nothing', async () => {
    const dir = tempDir()
    copyDataset('ons_lsoa21', dir)
    writeFileSync(fileOf(dir, 'ons_lsoa21', 3), WGS84_PRJ)
    const v0 = await dataVersion(app.db.knex)
    const figures = await allFigures(app.db.knex)
    await expect(importAll(app.db.knex, { dir, la: TEST_LA, only: ['ons_lsoa21'], force: true, acceptChanged: true })).rejects.toThrow(
      /^bd_lsoa21_gen20\.shp: coordinate system is EPSG:4326, expected EPSG:27700$/,
    )
    expect(await dataVersion(app.db.knex)).toBe(v0)
    expect(await allFigures(app.db.knex)).toEqual(figures)
    expect((await app.db.knex('areas').where({ level: 'lsoa21' }).count<{ n: number }[]>({ n: '*' }))[0].n).toEqual(115)
  })

  it('loads a council asset list, geocoding postcodes through Code-Point, and reports each rejected row', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'council_list.csv')
    writeFileSync(
      file,
      [
        'name,category,postcode,lon,lat,address,opening_hours',
        'Barking Family Hub,family_hub,IG11 7NB,,,1 Town Square,Mon-Fri', // row 2: postcode in Code-Point
        'Dagenham Youth Zone,Youth Centre,rm10  9qs,,,,', // row 3: postcode normalised, category spelled loosely
        'Parsloes Park Pavilion,leisure_centre,,0.1280,51.5450,,', // row 4: coordinates
        'Nowhere Centre,community_centre,RM10 0ZZ,,,,', // row 5: a postcode-shaped code Code-Point does not have
        'Moon Base,spaceport,IG11 7NB,,,,', // row 6: unknown category
        ',food_bank,RM10 9QS,,,,', // row 7: no name
        'Half Postcode Hall,advice_centre,RM9,,,,', // row 8: not a postcode
      ].join('\n') + '\n',
    )
    const v0 = await dataVersion(app.db.knex)
    const r = await importLocalFile(app.db.knex, { kind: 'assets', file, name: 'robustness test list', la: TEST_LA })
    const [d] = r.datasets
    expect(d).toMatchObject({ id: councilListId, status: 'imported', read: 7, loaded: 3, rejected: 4 })
    const notes = d.notes!.join('\n')
    expect(notes).toMatch(/row 6, column category: unknown category/)
    expect(notes).toMatch(/row 7, column name: expected a value, the cell is empty/)
    expect(notes).toMatch(/row 8, column postcode: not a UK postcode \(got "RM9"\)/)
    expect(notes).toMatch(/Nowhere Centre \[RM10 0ZZ\]/)
    expect(notes).toMatch(/row ?5/) // the ungeocoded row is named by its row too
    expect(await dataVersion(app.db.knex)).toBeGreaterThan(v0)

    const rows = await app.db.knex.raw(
      `SELECT a.name, a.category, a.postcode, a.precision, a.attrs->>'opening_hours' AS hours,
              round(ST_X(a.geom_bng)) AS e, round(ST_Y(a.geom_bng)) AS n, ST_Equals(a.geom_bng, p.geom_bng) AS at_postcode
       FROM assets a LEFT JOIN postcodes p ON p.postcode = a.postcode WHERE a.dataset_id = ? ORDER BY a.name`,
      [councilListId],
    )
    expect(rows.rows.map((x: Record<string, unknown>) => ({ ...x, e: Number(x.e), n: Number(x.n) }))).toEqual([
      { name: 'Barking Family Hub', category: 'family_hub', postcode: 'IG11 7NB', precision: 'postcode', hours: 'Mon-Fri', e: 544343, n: 183985, at_postcode: true },
      { name: 'Dagenham Youth Zone', category: 'youth_centre', postcode: 'RM10 9QS', precision: 'postcode', hours: '', e: 549172, n: 184542, at_postcode: true },
      expect.objectContaining({ name: 'Parsloes Park Pavilion', category: 'leisure_centre', postcode: null, precision: 'exact', at_postcode: null }),
    ])
    const provenance = await app.db.knex('datasets').where({ id: councilListId }).first('rows_read', 'rows_loaded', 'rows_rejected')
    expect(provenance).toEqual({ rows_read: 7, rows_loaded: 3, rows_rejected: 4 })
  })

  it('rejects a locality file naming a ward of another borough, naming the row, and keeps the localities', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'localities-other-borough.csv')
    const lines = readFileSync(PROVISIONAL_LOCALITIES, 'utf8').trimEnd().split('\n')
    lines[4] = lines[4].replace(/^E05\d{6}/, 'E05013983') // a Havering ward (Code-Point Admin_ward_code of RM1 1AA)
    writeFileSync(file, lines.join('\n') + '\n')
    const before = await fingerprint(app.db.knex, 'localities')
    const links = await app.db.knex('area_links').where({ parent_level: 'locality' }).orderBy('child_code').select('child_code', 'parent_code')
    const v0 = await dataVersion(app.db.knex)
    expect(before.areas.n).toBe(3)

    await expect(importLocalFile(app.db.knex, { kind: 'localities', file, la: TEST_LA })).rejects.toThrow(
      /^localities-other-borough\.csv: row 5, column ward_code: ward E05013983 is not a ward of this authority$/,
    )
    expect(await fingerprint(app.db.knex, 'localities')).toEqual(before)
    expect(await app.db.knex('area_links').where({ parent_level: 'locality' }).orderBy('child_code').select('child_code', 'parent_code')).toEqual(links)
    expect(await dataVersion(app.db.knex)).toBe(v0)
  })
})
