/** Real readers for every export format: what an analyst, Excel user or QGIS user would open them with. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as XLSX from '@e965/xlsx'
import { parse } from 'csv-parse/sync'
import { strFromU8, unzipSync } from 'fflate'
import gjv from 'geojson-validation'
import { expect } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'atlas-exports-'))

export interface Download { status: number; type: string; filename: string; link: string | null; body: Buffer }

export async function download(url: string): Promise<Download> {
  const r = await fetch(url)
  const body = Buffer.from(await r.arrayBuffer())
  expect(r.status, `${url}: ${body.toString().slice(0, 300)}`).toBe(200)
  const cd = r.headers.get('content-disposition') ?? ''
  return { status: r.status, type: r.headers.get('content-type') ?? '', filename: /filename="([^"]+)"/.exec(cd)?.[1] ?? '', link: r.headers.get('link'), body }
}

/** csv-parse with its strict defaults (no relaxed quotes or column counts): header, then records. */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(text, { relax_column_count: false, relax_quotes: false, skip_empty_lines: false, bom: false }) as string[][]
  return { header, rows }
}

export interface CsvwColumn { name: string; titles: string; datatype: string; 'dc:source'?: string; 'dc:license'?: string; 'dc:temporal'?: string; 'schema:unitText'?: string; 'schema:valuePrecision'?: number; 'rdfs:comment'?: string; 'prov:wasGeneratedBy'?: string }
export interface Csvw { '@context': string; url: string; 'dc:title': string; tableSchema: { columns: CsvwColumn[] } }

/** Checks a CSV against its CSVW metadata: same column names in order, each value valid for its datatype. */
export function checkAgainstCsvw(csv: { header: string[]; rows: string[][] }, meta: Csvw): void {
  expect(meta['@context']).toBe('http://www.w3.org/ns/csvw')
  expect(csv.header).toEqual(meta.tableSchema.columns.map((c) => c.name))
  for (const h of csv.header) expect(h).toMatch(/^[a-z][a-z0-9_]*$/)
  meta.tableSchema.columns.forEach((c, i) => {
    for (const r of csv.rows) {
      const v = r[i]
      if (v === '') continue
      if (c.datatype === 'number') expect(Number.isFinite(Number(v)), `${c.name}=${v}`).toBe(true)
      if (c.datatype === 'integer') expect(v, c.name).toMatch(/^-?\d+$/)
      if (c.datatype === 'boolean') expect(v).toMatch(/^(true|false)$/)
      if (c.datatype === 'number' && c['schema:valuePrecision'] !== undefined) {
        expect((v.split('.')[1] ?? '').length, `${c.name}=${v}`).toBeLessThanOrEqual(c['schema:valuePrecision'])
      }
    }
  })
}

export function readXlsx(body: Buffer) {
  const wb = XLSX.read(body, { type: 'buffer', cellStyles: true })
  const data = wb.Sheets.Data
  const rows = XLSX.utils.sheet_to_json<unknown[]>(data, { header: 1, raw: true, defval: null })
  const sources = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Sources, { header: 1, raw: true, defval: null })
  const sheetXml = strFromU8(unzipSync(new Uint8Array(body))['xl/worksheets/sheet1.xml'])
  return { wb, data, header: rows[0] as string[], rows: rows.slice(1), sources, frozen: /<pane [^>]*ySplit="1"[^>]*state="frozen"/.test(sheetXml), cols: data['!cols'] }
}

export function readGeoJson(body: Buffer) {
  const gj = JSON.parse(body.toString())
  const errors = gjv.isFeatureCollection(gj, true) as string[]
  expect(errors, errors.join('; ')).toEqual([])
  return gj
}

export function readZip(body: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(body))).map(([k, v]) => [k, strFromU8(v)]))
}

/** GDAL's ogrinfo: the layer summary, and rows through OGR SQL / SQLite. */
export function readGpkg(body: Buffer, name: string) {
  const file = join(dir, name)
  writeFileSync(file, body)
  const ogr = (...args: string[]) => execFileSync('ogrinfo', ['-ro', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
  return {
    file,
    summary: (layer: string) => ogr('-so', file, layer),
    layers: () => ogr('-q', file),
    /** rows of a SQL query as JSON objects (via ogrinfo -json when available, else -q text) */
    sql: (sql: string) => ogr('-q', '-dialect', 'SQLite', '-sql', sql, file),
  }
}
