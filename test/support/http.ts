/** Serves createApp on an ephemeral port so tests go through real HTTP. */
import type { AddressInfo } from 'node:net'
import { createApp, type AppDeps } from '../../server/http/app'
import { createLogger } from '../../server/logger'
import { createServices } from '../../server/services'
import type { TestDb } from './db'

export interface TestServer {
  url: string
  close(): Promise<void>
}

/** The app with its own services (solver pool, siting jobs), closed with the server. */
export async function serve(db: TestDb, extra: Partial<AppDeps> = {}): Promise<TestServer> {
  const base = { config: db.config, db, logger: createLogger('silent'), ...extra }
  const services = extra.services ?? createServices(base)
  const app = createApp({ ...base, services })
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
      if (!extra.services) await services.close()
    },
  }
}
