/**
 * Tidy CSV (RFC 4180: one header row, then data, nothing else) and its W3C CSV on the Web metadata
 * (https://www.w3.org/TR/tabular-metadata/), which carries each column's title, unit, source,
 * vintage, licence, method and suppression rule beside the data instead of inside it.
 */
import { stringify } from 'csv-stringify/sync'
import { tidyRows, type Cell, type ExportDataset } from './table'

/** A spreadsheet would run a text cell starting with = + - @ as a formula; a leading apostrophe keeps it text (OWASP CSV injection). */
const defuse = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)

const text = (v: Cell, datatype: string): string => {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return datatype === 'string' ? defuse(v) : v
}

export function writeCsv(d: ExportDataset): string {
  const rows = tidyRows(d).map((r) => r.map((v, i) => text(v, d.columns[i].datatype)))
  return stringify([d.columns.map((c) => c.name), ...rows])
}

const drop = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''))

/**
 * The CSVW table description. `url` is the CSV it describes: its file name inside a zip, or the
 * CSV's own URL when served beside it.
 */
export function csvwMetadata(d: ExportDataset, url: string) {
  const licences = [...new Set(d.columns.map((c) => c.licence).filter(Boolean))]
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    url,
    'dc:title': d.title,
    ...(d.description ? { 'dc:description': d.description } : {}),
    ...(licences.length ? { 'dc:license': licences.join('; ') } : {}),
    'dc:publisher': 'locality-atlas (London Borough of Barking and Dagenham JLHWS)',
    'dc:created': new Date().toISOString(),
    ...(d.notes?.length ? { 'rdfs:comment': d.notes } : {}),
    dialect: { header: true, headerRowCount: 1, delimiter: ',', encoding: 'utf-8' },
    tableSchema: {
      columns: d.columns.map((c) => drop({
        name: c.name,
        titles: c.title,
        datatype: c.datatype === 'datetime' ? 'datetime' : c.datatype,
        'dc:description': c.description,
        'schema:unitText': c.unit,
        'schema:valuePrecision': c.decimals,
        'dc:source': c.source,
        'dc:publisher': c.publisher,
        'dc:temporal': c.vintage,
        'dc:license': c.licence,
        'dc:rights': c.attribution,
        'prov:wasDerivedFrom': c.url,
        'prov:wasGeneratedBy': c.method,
        'rdfs:comment': c.suppression,
      })),
    },
  }
}

export const writeCsvMetadata = (d: ExportDataset, url: string) => JSON.stringify(csvwMetadata(d, url), null, 2)
