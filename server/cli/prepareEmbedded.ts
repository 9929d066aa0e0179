/**
 * `npm install` (postinstall): prepares the embedded database's one-off work (server/db/embeddedCluster.ts)
 * so the first `npm start` only imports. A failure is reported and ignored: the first start then does it.
 */
import { prepareEmbedded } from '../db/connect'

const t0 = Date.now()
prepareEmbedded().then(
  () => process.stdout.write(`locality-atlas: embedded PostGIS cluster prepared (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`),
  (err) => process.stderr.write(`locality-atlas: could not prepare the embedded cluster now (the first start will): ${err instanceof Error ? err.message : String(err)}\n`),
)
