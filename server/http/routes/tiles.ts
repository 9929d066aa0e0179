import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Router } from 'express'
import { findTileLayer, getTile, getTileJson, tileDefaults, type TileResponse } from '../../domain/tiles'
import type { AppDeps } from '../app'
import { MVT_MEDIA_TYPE, tileJsonParams, tileParams, tileQuery } from '../contract/tiles'
import { publicBase } from '../publicUrl'
import { route } from '../route'
import { CORS_EXPOSED_HEADERS, fixedSecurityHeaders, originAllowed } from '../security'

export function tileRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/tiles/:layer/:z/:x/:y.pbf', tags: ['tiles'],
    summary: 'One Mapbox Vector Tile (extent 4096, buffer 64) of a layer; 204 when no feature is in it',
    params: tileParams,
    query: tileQuery,
    produces: [MVT_MEDIA_TYPE],
    handler: async ({ params }, req, res) => {
      // The fast path failed on this request (the database, say): render its error here, once.
      if (fastPathErrors.has(req)) throw fastPathErrors.get(req)
      // req.fresh compares If-None-Match with the response's ETag, so set it before asking.
      const notModified = (etag: string) => {
        res.set('ETag', etag)
        return req.fresh
      }
      const tile = await getTile(deps.db, { layer: params.layer, z: params.z, x: params.x, y: params.y }, {
        notModified: req.headers['if-none-match'] ? notModified : undefined,
        gzip: acceptsGzip(req),
      })
      res.set({ ETag: tile.etag, 'Cache-Control': `public, max-age=${tileDefaults.maxAgeSeconds}`, Vary: 'Origin, Accept-Encoding' })
      if (tile.bytes === null) res.status(304).end()
      else if (tile.bytes.byteLength === 0) res.status(204).end()
      else {
        // Compressed once by the tile cache; the compression middleware leaves encoded bodies alone.
        if (tile.encoding === 'gzip') res.set('Content-Encoding', 'gzip')
        res.type(MVT_MEDIA_TYPE).send(Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength))
      }
    },
  })
  route(r, {
    method: 'get', path: '/tiles/:layer.json', tags: ['tiles'],
    summary: 'TileJSON 3.0.0 for a tile layer: tile URL, zooms, bounds, fields and attribution',
    params: tileJsonParams,
    query: tileQuery,
    handler: async ({ params }, req, res) => {
      const doc = await getTileJson(deps.db, params.layer, publicBase(deps.config, req))
      res.set('Cache-Control', `public, max-age=${tileDefaults.tileJsonMaxAgeSeconds}`).json(doc)
    },
  })
  return r
}

/** Accept-Encoding names gzip without refusing it (q=0). */
function acceptsGzip(req: IncomingMessage): boolean {
  const ae = req.headers['accept-encoding']
  if (!ae || !ae.includes('gzip')) return false
  return !/(?:^|,)\s*gzip\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$)/i.test(ae)
}

/** Whether a client's If-None-Match names this (weak) ETag, as `fresh` decides for Express. */
function clientHolds(req: IncomingMessage, etag: string): boolean {
  const inm = req.headers['if-none-match']
  if (!inm) return false
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/i.test(req.headers['cache-control'] ?? '')) return false
  if (inm.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare)
}

const FAST_TILE = /^\/tiles\/([a-z0-9_]{1,64})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.pbf$/

/** A fast-path tile build that failed, for the declared route to render as a problem (see tileFastPath). */
const fastPathErrors = new WeakMap<IncomingMessage, unknown>()

/** Whether the connection is HTTPS, as Express's req.secure decides (X-Forwarded-Proto only from a trusted proxy). */
function requestSecure(req: IncomingMessage, trust: (addr: string | undefined, i: number) => boolean): boolean {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
  if (!trust(req.socket.remoteAddress, 0)) return encrypted
  const given = req.headers['x-forwarded-proto']
  const header = (Array.isArray(given) ? given[0] : given) || (encrypted ? 'https' : 'http')
  return header.split(',')[0].trim() === 'https'
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/**
 * Tiles before Express: a plain GET or HEAD of a valid tile URL (no query, no credentials, no
 * body) is answered on the node request itself, before Express's router and the general
 * middleware (pino-http, helmet, cors, compression): the security headers are computed once, CORS
 * is the same allow-list test, gzip bytes come from the tile cache and are never compressed again,
 * and one log line is written per tile only when the level logs requests. Anything else (a query
 * string, a bad address, an Authorization header, an OPTIONS preflight) goes on to Express and the
 * declared route, which validates and answers it as before; so does an error, to be logged and
 * rendered there, once, as a problem.
 *
 * `trustProxy` is Express's compiled 'trust proxy' setting, so HSTS follows the same rule as elsewhere.
 */
export function tileFastPath(deps: AppDeps, trustProxy: (addr: string | undefined, i: number) => boolean): RawHandler {
  // Every header that does not depend on the request, as a flat name/value list built once per
  // transport: copying it costs a fraction of spreading a 15-key object into a new one per tile.
  const { plain, secure } = fixedSecurityHeaders()
  const fixed = (h: Record<string, string>) => [
    ...Object.entries(h).flat(), 'Vary', 'Origin, Accept-Encoding', 'Cache-Control', `public, max-age=${tileDefaults.maxAgeSeconds}`,
  ]
  const fixedPlain = fixed(plain)
  const fixedSecure = fixed(secure)
  const https = deps.config.HTTPS_HEADERS
  const logger = deps.logger
  return (req, res, next) => {
    const url = req.url
    if ((req.method !== 'GET' && req.method !== 'HEAD') || url === undefined || !url.startsWith('/tiles/')) return next()
    const m = FAST_TILE.exec(url)
    if (!m) return next()
    const h = req.headers
    if (h.authorization !== undefined || h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')) return next()
    const layer = findTileLayer(m[1])
    const z = Number(m[2])
    const x = Number(m[3])
    const y = Number(m[4])
    if (!layer || z < layer.minzoom || z > layer.maxzoom || x >= 2 ** z || y >= 2 ** z) return next()
    const t0 = performance.now()
    const given = h['x-request-id']
    const requestId = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID()
    getTile(deps.db, { layer: layer.id, z, x, y }, {
      notModified: h['if-none-match'] ? (etag) => clientHolds(req, etag) : undefined,
      gzip: acceptsGzip(req),
    }).then((tile: TileResponse) => {
      const headers = (https === 'always' || (https === 'auto' && requestSecure(req, trustProxy)) ? fixedSecure : fixedPlain).slice()
      headers.push('X-Request-Id', requestId, 'ETag', tile.etag)
      const origin = h.origin
      if (origin && originAllowed(deps.config, origin)) headers.push('Access-Control-Allow-Origin', origin, 'Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS)
      let status = 200
      if (tile.bytes === null || tile.bytes.byteLength === 0) {
        status = tile.bytes === null ? 304 : 204
        res.writeHead(status, headers).end()
      } else {
        headers.push('Content-Type', MVT_MEDIA_TYPE, 'Content-Length', String(tile.bytes.byteLength))
        if (tile.encoding === 'gzip') headers.push('Content-Encoding', 'gzip')
        res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : tile.bytes)
      }
      if (logger.isLevelEnabled('info')) {
        logger.info({ reqId: requestId, req: { method: req.method, url }, res: { statusCode: status }, responseTime: Math.round(performance.now() - t0) }, 'request completed')
      }
    }, (err: unknown) => {
      fastPathErrors.set(req, err)
      next()
    })
  }
}
