/**
 * Builds the Express app from its dependencies. No listen here: server/main.ts listens, tests call
 * createApp with their own database.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import express, { type Express } from 'express'
import { pinoHttp } from 'pino-http'
import { projectRoot, type Config } from '../config'
import type { Database } from '../db/connect'
import type { Logger } from '../logger'
import type { Services } from '../services'
import { notFoundRoute, problemHandler } from './problem'
import { securityMiddleware } from './security'
import { versionedEtags } from './versionedEtag'
import { areaRoutes } from './routes/areas'
import { assetRoutes } from './routes/assets'
import { basemapRoutes } from './routes/basemap'
import { catalogueRoutes } from './routes/catalogue'
import { healthRoutes } from './routes/health'
import { tileFastPath, tileRoutes } from './routes/tiles'
import { ogcRoutes } from './routes/ogc'
import { openApiRoutes } from './routes/openapi'
import { localityRoutes } from './routes/localities'
import type { PdfRenderer } from '../exports/pdf'
import { sitingRoutes } from './routes/siting'
import { targetingRoutes } from './routes/targeting'
import { reachRoutes } from './routes/reach'
import { seriesRoutes } from './routes/series'
import { publishedRoutes } from './routes/published'
import { searchRoutes } from './routes/search'
import { authenticate, limitCompute, limitWrites, redactUrl, refuseTokenInUrl } from './auth'
import { authRoutes } from './routes/auth'
import { suggestionRoutes } from './routes/suggestions'
import { assetEditRoutes } from './routes/assetEdits'
import { localityEditRoutes } from './routes/localityEdits'
import { adminRoutes } from './routes/admin'
import { auditRoutes } from './routes/audit'

export interface AppDeps {
  config: Config
  db: Database
  logger: Logger
  /** the solver pool and siting jobs, built once by createServices; the owner closes them */
  services: Services
  /** renders the printable report to PDF; the owner closes it (main.ts on shutdown). Absent: report.pdf answers 503. */
  pdf?: PdfRenderer
}

export const BODY_LIMIT = '1mb'
export const SITING_BODY_LIMIT = '8mb'
export const SUGGESTION_BODY_LIMIT = '16kb'

export const clientDist = path.join(projectRoot, 'dist', 'client')

export function createApp(deps: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', 'strong')
  app.set('query parser', 'simple')
  // Behind a proxy, req.ip (the limits' key) and req.secure (HSTS) come from X-Forwarded-*.
  app.set('trust proxy', deps.config.TRUST_PROXY)
  app.use(
    pinoHttp({
      logger: deps.logger,
      // A token put in a URL must not reach the log (the request is refused below, but logged); the
      // query is in the URL already, so its parsed copy is left out rather than redacted twice.
      serializers: { req: (req: { url?: string; query?: unknown }) => ({ ...req, url: redactUrl(req.url), query: undefined }) },
      genReqId: (req, res) => {
        const given = req.headers['x-request-id']
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID()
        res.setHeader('X-Request-Id', id)
        return id
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url?.startsWith('/health/') === true },
    }),
  )
  app.use(...securityMiddleware(deps.config))
  app.use(refuseTokenInUrl)
  // Successful GETs are named by the data version (W/"v<version>-<hash>"), revalidated with If-None-Match.
  app.use(versionedEtags(deps.services.dataVersion))
  // Request bodies: 1 MB, except siting, whose body may carry a full cost matrix (about 60 bytes a
  // pair: 115 demand points x 1,000 candidates fits in 8 MB), and anonymous suggestions (16 KB).
  // The parser counts the bytes it actually reads (after any gzip), so chunked bodies obey them too.
  const json = express.json({ limit: BODY_LIMIT, strict: true, verify: refuseByteOrderMark })
  const bigJson = express.json({ limit: SITING_BODY_LIMIT, strict: true, verify: refuseByteOrderMark })
  const smallJson = express.json({ limit: SUGGESTION_BODY_LIMIT, strict: true, verify: refuseByteOrderMark })
  app.use((req, res, next) =>
    (req.path.startsWith('/api/siting/') ? bigJson : req.path === '/api/suggestions' ? smallJson : json)(req, res, next))
  // Who is asking, then the limits, before any route that writes or computes.
  app.use(authenticate({ ...deps, limitStores: deps.services.limitStores }))
  app.use(limitWrites(deps.services.limitStores))
  app.use(limitCompute(deps.services.limitStores))

  app.use(healthRoutes(deps))
  app.use(catalogueRoutes(deps))
  app.use(areaRoutes(deps))
  app.use(localityRoutes(deps))
  app.use(assetRoutes(deps))
  app.use(seriesRoutes(deps))
  app.use(publishedRoutes(deps))
  app.use(searchRoutes(deps))
  app.use(ogcRoutes(deps))
  app.use(openApiRoutes(deps))
  app.use(basemapRoutes(deps))
  app.use(tileRoutes(deps))
  app.use(targetingRoutes(deps))
  app.use(reachRoutes(deps))
  app.use(sitingRoutes(deps))
  app.use(authRoutes(deps))
  app.use(suggestionRoutes(deps))
  app.use(assetEditRoutes(deps))
  app.use(localityEditRoutes(deps))
  app.use(adminRoutes(deps))
  app.use(auditRoutes(deps))
  // routes: add new route modules above this line

  if (deps.config.SERVE_CLIENT && existsSync(clientDist)) {
    app.use(express.static(clientDist, { index: 'index.html', maxAge: '1h' }))
  }
  app.use(notFoundRoute)
  app.use(problemHandler)
  // Tiles first, before Express itself: the hot path skips the router and the general middleware
  // (see tileFastPath) and hands anything it does not answer to Express as it came.
  const fast = tileFastPath(deps, app.get('trust proxy fn') as (addr: string | undefined, i: number) => boolean)
  const expressHandle = (app as unknown as { handle: RawHandle }).handle.bind(app)
  ;(app as unknown as { handle: RawHandle }).handle = (req, res, done) => fast(req, res, () => expressHandle(req, res, done))
  return app
}

type RawHandle = (req: IncomingMessage, res: ServerResponse, done?: (err?: unknown) => void) => void

/**
 * JSON bodies start with JSON (RFC 8259 8.1: no byte-order mark). The parser would drop a leading
 * BOM and read what follows, so a body a client never meant as `{}` (an admin import of everything,
 * say) could pass; it is refused as a 400 problem instead.
 */
function refuseByteOrderMark(_req: unknown, _res: unknown, buf: Buffer): void {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    throw Object.assign(new Error('The JSON body starts with a byte-order mark; send JSON without one (RFC 8259).'), { status: 400, expose: true, type: 'entity.parse.failed' })
  }
}
