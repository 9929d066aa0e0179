/**
 * Headers and limits shared by every response: helmet with a CSP that still lets MapLibre run
 * (web workers and canvas images from blob:, inline style attributes), CORS from the configured
 * allow-list only, and compression for JSON, CSV and vector tiles.
 */
import compression from 'compression'
import cors from 'cors'
import type { RequestHandler } from 'express'
import helmet from 'helmet'
import type { Config } from '../config'

export function securityMiddleware(config: Config): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // MapLibre sets inline style attributes on its controls and markers.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          'child-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'font-src': ["'self'", 'data:'],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
    cors({
      origin: (origin, cb) => cb(null, !origin || config.ALLOWED_ORIGINS.includes(origin) ? (origin ?? false) : false),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: ['ETag', 'X-Request-Id', 'Link'],
    }),
    compression({
      // Vector tiles compress well too; compression's default filter skips their media type.
      filter: (req, res) => /vnd\.mapbox-vector-tile|json|csv|text|javascript|xml/.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res),
    }),
  ]
}
