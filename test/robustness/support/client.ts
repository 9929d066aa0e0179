/**
 * A raw HTTP client for robustness tests: sends exactly the bytes it is given (bad escapes, broken
 * JSON, gzip bombs), from a rotating loopback source address so the per-IP limits on writes,
 * suggestions and failed authentications do not turn the corpus into a wall of 429s, with a hard
 * timeout per request and a request id the audit trail can be checked against.
 */
import http from 'node:http'

export interface Sent {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

export interface Answer {
  status: number
  type: string
  text: string
  ms: number
  requestId: string
}

let ipCounter = 0
/** 127.0.0.0/8 is all loopback on Linux: each request comes from its own address. */
export const nextLoopback = (): string => {
  ipCounter++
  return `127.${(ipCounter >> 16) & 0xff}.${(ipCounter >> 8) & 0xff}.${(ipCounter & 0xff) || 1}`
}

let idCounter = 0

export function send(base: string, r: Sent, o: { timeoutMs?: number; rotateIp?: boolean } = {}): Promise<Answer> {
  const u = new URL(base)
  const requestId = `robust-${process.pid}-${++idCounter}`
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, method: r.method, path: r.path,
      localAddress: o.rotateIp === false ? undefined : nextLoopback(),
      headers: { 'x-request-id': requestId, connection: 'close', ...(r.headers ?? {}) },
      timeout: o.timeoutMs ?? 20_000,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''),
        text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0, requestId,
      }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`${r.method} ${r.path.slice(0, 200)}: no answer within ${o.timeoutMs ?? 20_000} ms`)))
    req.on('error', reject)
    req.end(r.body)
  })
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function pool<T, R>(items: T[], n: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }))
  return out
}
