/**
 * The export formats: one entry each (media type, file extension, writer). A new format is one
 * entry here plus its writer; every export route offers the formats its dataset can fill.
 */
import { strToU8, zipSync } from 'fflate'
import { writeCsv, writeCsvMetadata } from './csv'
import { writeGpkg } from './gpkg'
import type { ExportDataset } from './table'
import { writeXlsx } from './xlsx'

export interface ExportFormat {
  /** what a download link says, and its tooltip */
  label: string
  description: string
  /** where its link stands among a table's download links (null: not offered as a link of its own) */
  link: number | null
  mediaType: string
  extension: string
  /** needs `features` (GIS formats) */
  geo: boolean
  /** `csvUrl`: where the CSV this file describes or accompanies is served */
  write: (d: ExportDataset, ctx: { csvUrl: string }) => Promise<string | Buffer> | string | Buffer
}

export const EXPORT_FORMATS = {
  csv: { label: 'CSV', description: 'Tidy CSV: one header row, values rounded to each indicator\'s precision', link: 1, mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv', geo: false, write: (d) => writeCsv(d) },
  'csv-metadata': { label: 'CSVW metadata', description: 'CSV on the Web metadata of the CSV', link: null, mediaType: 'application/csvm+json', extension: 'csv-metadata.json', geo: false, write: (d, ctx) => writeCsvMetadata(d, ctx.csvUrl) },
  zip: {
    label: 'CSV + metadata (zip)', description: 'The CSV with its CSV on the Web metadata: title, unit, source, vintage and licence of every column', link: 3,
    mediaType: 'application/zip', extension: 'zip', geo: false,
    // the metadata's url is the CSV's name beside it, as CSVW resolves it relative to the metadata file
    write: (d) => Buffer.from(zipSync({ [`${d.name}.csv`]: strToU8(writeCsv(d)), [`${d.name}.csv-metadata.json`]: strToU8(writeCsvMetadata(d, `${d.name}.csv`)) })),
  },
  xlsx: { label: 'Excel', description: 'Spreadsheet with a Data sheet and a Sources sheet', link: 2, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', geo: false, write: (d) => writeXlsx(d) },
  geojson: { label: 'GeoJSON', description: 'For web maps and GIS', link: 4, mediaType: 'application/geo+json', extension: 'geojson', geo: true, write: (d) => JSON.stringify(d.features) },
  gpkg: { label: 'GeoPackage', description: 'For QGIS and ArcGIS, with a sources table', link: 5, mediaType: 'application/geopackage+sqlite3', extension: 'gpkg', geo: true, write: (d) => writeGpkg(d) },
} satisfies Record<string, ExportFormat>

export type ExportFormatId = keyof typeof EXPORT_FORMATS
type Formats = [ExportFormatId, ...ExportFormatId[]]
/** Every format, for data with geometry (the GIS formats need it). */
export const ALL_FORMATS = Object.keys(EXPORT_FORMATS) as Formats
/** The formats a table without geometry fills. */
export const TABLE_FORMATS = ALL_FORMATS.filter((f) => !EXPORT_FORMATS[f].geo) as Formats

/**
 * The formats each exporting resource offers, by the shape of what it returns: a resource with
 * geometry offers every format, a plain table the table formats. The contract's `format`
 * parameters and the client's download links (through the catalogue's vocabulary) both read this,
 * so a new format reaches every route and link from its one entry above.
 */
export const RESOURCE_FORMATS = {
  areas: ALL_FORMATS,
  assets: ALL_FORMATS,
  profile: TABLE_FORMATS,
  needIndex: ALL_FORMATS,
  anchorCatchment: ALL_FORMATS,
  reach: ALL_FORMATS,
  audit: TABLE_FORMATS,
  scenario: ALL_FORMATS,
  scenarioComparison: TABLE_FORMATS,
} as const satisfies Record<string, Formats>

export type ExportResource = keyof typeof RESOURCE_FORMATS
