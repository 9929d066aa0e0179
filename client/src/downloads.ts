/**
 * Download links for any table the UI shows: one helper, so every table offers the same formats
 * under the same words. The server's exports keep the rows in the order shown (server/exports).
 */
import { h } from './dom'
import { EXPORTS, FORMAT_LABEL as LABEL, type ExportResource } from './vocabulary'

/** A format id of the catalogue's export formats (vocabulary.exportFormats). */
export type DownloadFormat = string

// the formats, their words and which resource offers which are the server's (GET /api/catalogue), learnt at start
export type { ExportResource }

/** `url` with format=<f> set, keeping every other parameter. */
export function withFormat(url: string, format: DownloadFormat): string {
  const [path, query = ''] = url.split('?')
  const p = new URLSearchParams(query)
  p.set('format', format)
  return `${path}?${p}`
}

/** "Download: CSV · Excel · CSV + metadata (zip) · …" for the data behind `url`, a `resource` of the API. */
export function downloadLinks(url: string, resource: ExportResource, what = 'this table'): HTMLElement {
  const links = EXPORTS[resource].flatMap((f, i) => [
    ...(i ? [' · '] : []),
    h('a', { href: withFormat(url, f), download: '', 'data-format': f, title: LABEL[f][1], 'aria-label': `Download ${what} as ${LABEL[f][0]}` }, LABEL[f][0]),
  ])
  return h('p', { class: 'downloads' }, 'Download: ', ...links)
}
