/**
 * The origin written into absolute URLs (TileJSON tiles, OGC links, the basemap style's sources and
 * fonts). The Host header is the client's to choose, so it is never copied through unchecked:
 * PUBLIC_URL wins when set; otherwise the host must be well formed and, when ALLOWED_HOSTS is set,
 * one of them.
 */
import type { Request } from 'express'
import type { Config } from '../config'
import { InvalidParameter } from '../domain/errors'

const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/

export function publicBase(config: Pick<Config, 'PUBLIC_URL' | 'ALLOWED_HOSTS'>, req: Request): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL
  const host = req.get('host')
  if (!host || !HOST.test(host)) {
    throw new InvalidParameter('The Host header is missing or malformed; absolute URLs in this answer are built from it.', [
      { path: 'header.host', message: 'must be a host name or address with an optional port' },
    ])
  }
  const allowed = config.ALLOWED_HOSTS
  if (allowed.length && !allowed.some((h) => h.toLowerCase() === host.toLowerCase())) {
    throw new InvalidParameter('This service does not answer for that host name.', [
      { path: 'header.host', message: `must be one of ${allowed.join(', ')}` },
    ])
  }
  return `${req.protocol}://${host}`
}
