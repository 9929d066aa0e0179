/** A local HTTP server that serves a folder, standing in for the publishers' sites (no internet here). */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

export interface FolderServer {
  /** base URL ending in '/' */
  url: string
  /** paths requested, in order */
  requests: string[]
  close(): Promise<void>
}

/**
 * Serves `root` on 127.0.0.1 at an ephemeral port. A request for a path in `cutShort` gets the
 * full Content-Length but only half the bytes before the connection is dropped, as a flaky
 * download would.
 */
export async function serveFolder(root: string, o: { cutShort?: string[] } = {}): Promise<FolderServer> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '')
    requests.push(rel)
    const file = path.resolve(root, rel)
    if (!file.startsWith(path.resolve(root) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    const size = statSync(file).size
    if (o.cutShort?.includes(rel)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) })
      res.write(readFileSync(file).subarray(0, Math.floor(size / 2)), () => res.destroy())
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
