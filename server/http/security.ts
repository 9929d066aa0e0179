/**
 * Headers and limits shared by every response: helmet with a CSP that still lets MapLibre run
 * (web workers and canvas images from blob:, inline style attributes), HSTS only over HTTPS, CORS from the configured
 * allow-list only, and compression for JSON, CSV and vector tiles.
 */
import compression from 'compression'
import cors from 'cors'
import type { RequestHandler } from 'express'
import helmet from 'helmet'
import type { Config } from '../config'

/** helmet for one transport: HSTS and upgrade-insecure-requests only make sense over HTTPS. */
function helmetFor(https: boolean): RequestHandler {
  return helmet({
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
        // Over plain http (a LAN deployment) this would send every request to an https:// that isn't there.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    crossOriginEmbedderPolicy: false,
  })
}

/**
 * The headers helmet would set, computed once per transport (plain, HTTPS), for the tile fast path:
 * the same values as every other response, without running helmet per request.
 */
export function fixedSecurityHeaders(): { plain: Record<string, string>; secure: Record<string, string> } {
  const capture = (mw: RequestHandler) => {
    const h: Record<string, string> = {}
    const res = { setHeader: (k: string, v: unknown) => { h[k] = String(v) }, removeHeader: (k: string) => { delete h[k] }, getHeader: (k: string) => h[k] }
    mw({ headers: {}, secure: false } as never, res as never, () => {})
    return h
  }
  return { plain: capture(helmetFor(false)), secure: capture(helmetFor(true)) }
}

/** Whether an Origin may read responses (CORS allow-list), as the cors middleware below decides. */
export const originAllowed = (config: Config, origin: string) => config.ALLOWED_ORIGINS.includes(origin)

/** Headers the cors middleware exposes to allowed origins. */
export const CORS_EXPOSED_HEADERS = 'ETag,X-Request-Id,Link'

export function securityMiddleware(config: Config): RequestHandler[] {
  const secure = helmetFor(true)
  const plain = helmetFor(false)
  // req.secure honours X-Forwarded-Proto only when TRUST_PROXY is set (app.set('trust proxy')).
  const headers: RequestHandler =
    config.HTTPS_HEADERS === 'always' ? secure
      : config.HTTPS_HEADERS === 'never' ? plain
        : (req, res, next) => (req.secure ? secure : plain)(req, res, next)
  return [
    headers,
    cors({
      origin: (origin, cb) => cb(null, !origin || originAllowed(config, origin) ? (origin ?? false) : false),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: CORS_EXPOSED_HEADERS.split(','),
    }),
    compression({
      // Vector tiles compress well too; compression's default filter skips their media type.
      filter: (req, res) => /vnd\.mapbox-vector-tile|json|csv|text|javascript|xml/.test(String(res.getHeader('Content-Type') ?? '')) || compression.filter(req, res),
    }),
  ]
}
