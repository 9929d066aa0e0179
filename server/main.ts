/**
 * Starts the service: parse config, connect (embedded or server), migrate, import on first start,
 * listen; on SIGTERM/SIGINT stop accepting, hand running jobs back, finish in-flight requests,
 * close the services and the database.
 */
import type { Server } from 'node:http'
import { describeDatabase, loadConfigOrExit } from './config'
import { openDatabase } from './db/open'
import { createLogger } from './logger'
import { finishDerivedRebuild, startupImport } from './startup'

/**
 * The HTTP app and its services, loaded while the database opens: PGlite spends most of its
 * start waiting for WebAssembly to compile off the main thread, which is free for module loading.
 */
const loadApp = () =>
  Promise.all([import('./http/app'), import('./exports/pdf'), import('./services'), import('./domain/tiles')]).then(
    ([app, pdf, services, tiles]) => ({ createApp: app.createApp, PdfRenderer: pdf.PdfRenderer, createServices: services.createServices, prepareSharedSchemas: services.prepareSharedSchemas, prepareTiles: tiles.prepareTiles }),
  )

async function main(): Promise<void> {
  const config = loadConfigOrExit()
  const logger = createLogger(config.LOG_LEVEL)
  logger.info({ database: describeDatabase(config) }, 'starting')
  const t0 = Date.now()
  const modules = loadApp()
  modules.catch(() => {}) // awaited below; a failure is reported there
  // On the embedded backend this takes the data directory's owner lock (or refuses, naming its owner).
  const { db, applied } = await openDatabase(config, { purpose: 'server', port: config.PORT, log: (m) => logger.warn(m) })
  logger.info({ applied, ms: Date.now() - t0 }, 'database ready')
  // Where a start spends its time, for LOG_LEVEL=debug (npm run bench -- start times the whole).
  const step = (name: string) => logger.debug({ ms: Date.now() - t0 }, `start: ${name}`)
  const { createApp, PdfRenderer, createServices, prepareSharedSchemas, prepareTiles } = await modules
  step('modules loaded')
  await prepareSharedSchemas(config)
  await finishDerivedRebuild({ config, db, logger })
  await startupImport({ config, db, logger })
  step('derived and import checks done')

  const pdf = new PdfRenderer(config.CHROMIUM_PATH)
  const services = createServices({ config, db, logger })
  step('services created')
  if (services.jobRetryWithinMs !== null) {
    logger.info({ retryWithinSeconds: services.jobRetryWithinMs / 1000 }, 'siting jobs are shared in PostgreSQL: a job whose node dies starts again on another node within this time')
  }
  const app = createApp({ config, db, logger, pdf, services })
  step('app created')
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST
    logger.info({ ms: Date.now() - t0 }, `locality-atlas listening: open http://${host}:${config.PORT}/`)
    // One plain line for people reading the terminal among the JSON logs.
    process.stderr.write(`\nlocality-atlas is running on the ${db.backend} database: open http://${host}:${config.PORT}/\n\n`)
    // Build the prepared tile rows now rather than on the first visitor's first tile (a no-op when
    // they are current for this data version).
    const tt = Date.now()
    prepareTiles(db).then(
      () => logger.info({ ms: Date.now() - tt }, 'tiles prepared'),
      (err) => logger.warn({ err }, 'tile preparation failed: tiles will prepare on first request'),
    )
  })
  server.on('error', (err) => {
    logger.fatal({ err }, 'cannot listen')
    process.exit(1)
  })

  // Graceful shutdown: /health/ready turns 503 at once (a load balancer stops sending requests),
  // running siting jobs are handed back to the queue at once (another node takes them at its next
  // poll), requests in flight finish (no new connections are accepted), then everything closes.
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    services.lifecycle.draining = true
    logger.info({ signal }, 'shutting down: draining requests, handing running jobs back')
    const force = setTimeout(() => {
      logger.error({ graceMs: config.SHUTDOWN_GRACE_MS }, 'requests still running after the grace period: exiting anyway')
      process.exit(1)
    }, config.SHUTDOWN_GRACE_MS).unref()
    const jobsBack = services.sitingJobs.close().catch((err) => logger.error({ err }, 'handing siting jobs back'))
    server.close(async () => {
      await jobsBack
      await pdf.close().catch((err) => logger.error({ err }, 'closing the PDF renderer'))
      await services.close().catch((err) => logger.error({ err }, 'closing the services'))
      await db.close().catch((err) => logger.error({ err }, 'closing database'))
      clearTimeout(force)
      logger.info('stopped')
      process.exit(0)
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((err) => {
  process.stderr.write(`locality-atlas failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
