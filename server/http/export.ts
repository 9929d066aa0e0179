/**
 * The one way an export leaves the server: the format's media type, a file name with its
 * extension, and a Link to the CSVW metadata that describes the data (RFC 8288 rel="describedby").
 */
import type { Request, Response } from 'express'
import { z } from 'zod'
import { EXPORT_FORMATS, type ExportFormatId } from '../exports/formats'
import { fileStem, type ExportDataset } from '../exports/table'

/** format=<one of these>, default first unless given. */
export const formatParam = <const F extends readonly [string, ...string[]]>(formats: F, fallback: F[number] = formats[0]) =>
  z.enum(formats).default(fallback as never).meta({ description: `Response format: ${formats.join(', ')}` })

export const mediaTypes = (formats: readonly string[]) =>
  formats.map((f) => (f === 'json' ? 'application/json' : EXPORT_FORMATS[f as ExportFormatId].mediaType.split(';')[0]))

/** The request's own URL with another format: siblings of one export (the CSV and its metadata). */
export function withFormat(req: Request, format: ExportFormatId): string {
  const u = new URL(req.originalUrl, 'http://x')
  u.searchParams.set('format', format)
  return `${u.pathname}${u.search}`
}

export async function sendExport(req: Request, res: Response, format: ExportFormatId, d: ExportDataset): Promise<void> {
  const f = EXPORT_FORMATS[format]
  const body = await f.write(d, { csvUrl: withFormat(req, 'csv') })
  const name = `${fileStem(d.name)}.${f.extension}`
  res.status(200).type(f.mediaType)
    .set('Content-Disposition', `attachment; filename="${name}"`)
    .set('Link', `<${withFormat(req, 'csv-metadata')}>; rel="describedby"; type="application/csvm+json"`)
  res.send(body)
}
