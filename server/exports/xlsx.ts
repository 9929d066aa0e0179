/**
 * XLSX for people who live in Excel (SheetJS 0.20): a Data sheet with typed numbers, a frozen
 * header row and column widths, and a Sources sheet with the provenance of every column.
 */
import * as XLSX from '@e965/xlsx'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { PROVENANCE_FIELDS, provenanceRows, tidyRows, type ExportDataset } from './table'

const width = (values: unknown[]) => Math.min(60, Math.max(8, ...values.map((v) => (v === null || v === undefined ? 0 : String(v).length + 2))))

/**
 * SheetJS community edition does not write frozen panes (its sheetView writer only emits
 * workbookViewId), so the pane (SpreadsheetML 18.3.1.66) is added to the Data sheet's XML after writing.
 */
function freezeHeader(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx)
  const sheet = 'xl/worksheets/sheet1.xml'
  files[sheet] = strToU8(strFromU8(files[sheet]).replace(/<sheetView ([^>]*?)\/>/,
    '<sheetView $1><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'))
  return zipSync(files, { level: 6 })
}

export function writeXlsx(d: ExportDataset): Buffer {
  const rows = tidyRows(d)
  const data = XLSX.utils.aoa_to_sheet([d.columns.map((c) => c.name), ...rows])
  data['!cols'] = d.columns.map((c, i) => ({ wch: width([c.name, ...rows.slice(0, 500).map((r) => r[i])]) }))
  data['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: Math.max(0, d.columns.length - 1) } }) }
  // number formats: the declared precision, so 0.305 does not show as 0.3050596
  d.columns.forEach((c, ci) => {
    if (c.datatype !== 'number' || c.decimals === undefined) return
    const z = c.decimals > 0 ? `0.${'0'.repeat(c.decimals)}` : '0'
    for (let r = 1; r <= rows.length; r++) {
      const cell = data[XLSX.utils.encode_cell({ r, c: ci })]
      if (cell && cell.t === 'n') cell.z = z
    }
  })
  const prov = provenanceRows(d)
  const sources = XLSX.utils.aoa_to_sheet([
    [d.title], ...(d.description ? [[d.description]] : []), ...(d.notes ?? []).map((n) => [n]), [],
    [...PROVENANCE_FIELDS], ...prov,
  ])
  sources['!cols'] = PROVENANCE_FIELDS.map((f, i) => ({ wch: width([f, ...prov.map((r) => r[i])]) }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, data, 'Data')
  XLSX.utils.book_append_sheet(wb, sources, 'Sources')
  wb.Props = { Title: d.title, Author: 'locality-atlas' }
  return Buffer.from(freezeHeader(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array))
}
