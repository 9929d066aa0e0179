/**
 * ETags that carry the data version: W/"v<version>-<hash of the body>" on successful GET and HEAD
 * responses (areas, catalogue, series, OGC items, ...). The hash alone would already change with the
 * data; the version in front lets a proxy, a CDN or a person reading logs see which data a cached
 * copy was made from, and an If-None-Match that names it still gets 304 (Express's freshness check
 * in res.send, which runs once the ETag is set). Responses without a Cache-Control of their own get
 * `no-cache`: keep a copy, but revalidate it on each use, since any node's write may change it.
 * Responses marked no-store, errors, and those with an ETag of their own (tiles) are left alone.
 *
 * The version is the one held in process (no query). While it is not live (the listener is
 * reconnecting) Express's own body-hash ETag is used, which is just as correct, without the version.
 */
import { createHash } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { DataVersionSource } from '../domain/dataVersion'

export const versionedEtag = (version: number, body: string | Buffer): string =>
  `W/"v${version}-${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`

export function versionedEtags(source: Pick<DataVersionSource, 'held'>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    // read before the route reads its data: a change committed meanwhile gives a newer body under
    // this (older) version, and the body's hash still tells the two apart
    const version = source.held()
    if (version === undefined) return next()
    const send = res.send.bind(res)
    res.send = ((body?: unknown) => {
      if ((typeof body === 'string' || Buffer.isBuffer(body)) && res.statusCode >= 200 && res.statusCode < 300 && !res.get('ETag')) {
        const cacheControl = res.get('Cache-Control')
        if (!/no-store/i.test(String(cacheControl ?? ''))) {
          res.set('ETag', versionedEtag(version, body))
          if (!cacheControl) res.set('Cache-Control', 'no-cache')
        }
      }
      return send(body)
    }) as typeof res.send
    next()
  }
}
