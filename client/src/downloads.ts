/**
 * Download links for any table the UI shows: one helper, so every table offers the same formats
 * under the same words. The server's exports keep the rows in the order shown (server/exports).
 */
import { h } from './dom'

export type DownloadFormat = 'csv' | 'xlsx' | 'zip' | 'geojson' | 'gpkg'

const LABEL: Record<DownloadFormat, [string, string]> = {
  csv: ['CSV', 'Tidy CSV: one header row, values rounded to each indicator\'s precision'],
  xlsx: ['Excel', 'Spreadsheet with a Data sheet and a Sources sheet'],
  zip: ['CSV + metadata (zip)', 'The CSV with its CSV on the Web metadata: title, unit, source, vintage and licence of every column'],
  geojson: ['GeoJSON', 'For web maps and GIS'],
  gpkg: ['GeoPackage', 'For QGIS and ArcGIS, with a sources table'],
}

export const TABLE_DOWNLOADS: DownloadFormat[] = ['csv', 'xlsx', 'zip']
export const GIS_DOWNLOADS: DownloadFormat[] = [...TABLE_DOWNLOADS, 'geojson', 'gpkg']

/** `url` with format=<f> set, keeping every other parameter. */
export function withFormat(url: string, format: DownloadFormat): string {
  const [path, query = ''] = url.split('?')
  const p = new URLSearchParams(query)
  p.set('format', format)
  return `${path}?${p}`
}

/** "Download: CSV · Excel · CSV + metadata (zip) · …" for the data behind `url`. */
export function downloadLinks(url: string, formats: DownloadFormat[] = TABLE_DOWNLOADS, what = 'this table'): HTMLElement {
  const links = formats.flatMap((f, i) => [
    ...(i ? [' · '] : []),
    h('a', { href: withFormat(url, f), download: '', 'data-format': f, title: LABEL[f][1], 'aria-label': `Download ${what} as ${LABEL[f][0]}` }, LABEL[f][0]),
  ])
  return h('p', { class: 'downloads' }, 'Download: ', ...links)
}
