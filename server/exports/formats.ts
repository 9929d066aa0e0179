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
  mediaType: string
  extension: string
  /** needs `features` (GIS formats) */
  geo: boolean
  /** `csvUrl`: where the CSV this file describes or accompanies is served */
  write: (d: ExportDataset, ctx: { csvUrl: string }) => Promise<string | Buffer> | string | Buffer
}

export const EXPORT_FORMATS = {
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv', geo: false, write: (d) => writeCsv(d) },
  'csv-metadata': { mediaType: 'application/csvm+json', extension: 'csv-metadata.json', geo: false, write: (d, ctx) => writeCsvMetadata(d, ctx.csvUrl) },
  zip: {
    mediaType: 'application/zip', extension: 'zip', geo: false,
    // the metadata's url is the CSV's name beside it, as CSVW resolves it relative to the metadata file
    write: (d) => Buffer.from(zipSync({ [`${d.name}.csv`]: strToU8(writeCsv(d)), [`${d.name}.csv-metadata.json`]: strToU8(writeCsvMetadata(d, `${d.name}.csv`)) })),
  },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', geo: false, write: (d) => writeXlsx(d) },
  geojson: { mediaType: 'application/geo+json', extension: 'geojson', geo: true, write: (d) => JSON.stringify(d.features) },
  gpkg: { mediaType: 'application/geopackage+sqlite3', extension: 'gpkg', geo: true, write: (d) => writeGpkg(d) },
} satisfies Record<string, ExportFormat>

export type ExportFormatId = keyof typeof EXPORT_FORMATS
export const TABLE_FORMATS = ['csv', 'csv-metadata', 'zip', 'xlsx'] as const satisfies readonly ExportFormatId[]
export const ALL_FORMATS = [...TABLE_FORMATS, 'geojson', 'gpkg'] as const satisfies readonly ExportFormatId[]
