/**
 * Download links for any table the UI shows: one helper, so every table offers the same formats
 * under the same words. The server's exports keep the rows in the order shown (server/exports).
 */
import { h } from './dom'
import { FORMAT_LABEL as LABEL, GIS_DOWNLOADS, TABLE_DOWNLOADS } from './vocabulary'

/** A format id of the catalogue's export formats (vocabulary.exportFormats). */
export type DownloadFormat = string

// the formats and their words are the server's (GET /api/catalogue), learnt at start
export { GIS_DOWNLOADS, TABLE_DOWNLOADS }

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
