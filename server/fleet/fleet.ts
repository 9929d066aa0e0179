/**
 * A fleet on one machine, for machines without Docker: N app nodes (server/main.ts, each its own
 * process on a loopback port) over one PostgreSQL, behind Debian's nginx run unprivileged from a
 * generated config in a temporary directory. The first node starts alone (it applies migrations
 * and imports on first start); the others then start together; nginx starts once every node
 * answers /health/ready. stop() sends SIGTERM to the nodes (each drains and hands its jobs back),
 * then stops nginx gracefully, and removes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { childEnvironment, projectRoot } from '../config'
import { nginxConf } from './nginxConf'

export const NGINX = '/usr/sbin/nginx'

export interface FleetOptions {
  nodes: number
  /** the proxy's port on 127.0.0.1 */
  port: number
  /** the first node's port; node i listens on nodePort + i */
  nodePort: number
  /** settings for every node on top of this process's environment (DATABASE_URL comes from there) */
  env?: Record<string, string>
  /** how long a node may take to answer /health/ready (default 180 s) */
  readyTimeoutMs?: number
  log?: (line: string) => void
  /** aborted (Ctrl-C while starting): what has started is stopped and startFleet rejects */
  signal?: AbortSignal
}

export interface FleetNode {
  index: number
  url: string
  /** host:port, as nginx's X-Atlas-Node header and $upstream_addr name it */
  addr: string
  pid: number
  child: ChildProcess
  exited: Promise<number | null>
  logFile: string
}

export interface Fleet {
  url: string
  nodes: FleetNode[]
  nginxPid: number
  dir: string
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const tail = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '')

function startNode(dir: string, index: number, port: number, env: Record<string, string>): FleetNode {
  const logFile = path.join(dir, `node-${index + 1}.log`)
  const fd = openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
    cwd: projectRoot,
    // behind the proxy: limits count the address nginx puts in X-Forwarded-For
    env: childEnvironment({ TRUST_PROXY: 'true', ...env, HOST: '127.0.0.1', PORT: String(port) }),
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { index, url: `http://127.0.0.1:${port}`, addr: `127.0.0.1:${port}`, pid: child.pid!, child, exited, logFile }
}

async function waitReady(node: FleetNode, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const end = Date.now() + timeoutMs
  let dead = false
  node.exited.then(() => (dead = true))
  while (Date.now() < end) {
    signal?.throwIfAborted()
    if (dead) throw new Error(`node ${node.index + 1} exited before it was ready:\n${tail(node.logFile)}`)
    const ok = await fetch(`${node.url}/health/ready`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status === 200, () => false)
    if (ok) return
    await sleep(250)
  }
  throw new Error(`node ${node.index + 1} was not ready within ${timeoutMs} ms:\n${tail(node.logFile)}`)
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill(signal)
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)])
  if (!done) {
    child.kill('SIGKILL')
    await exited
  }
}

export async function startFleet(o: FleetOptions): Promise<Fleet> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: install Debian's nginx (apt-get install nginx-light or nginx)`)
  const log = o.log ?? (() => {})
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-fleet-'))
  // nginx started as root runs its workers as nobody: they must reach their temp paths here
  chmodSync(dir, 0o755)
  const env = o.env ?? {}
  const timeout = o.readyTimeoutMs ?? 180_000
  const nodes: FleetNode[] = []
  let nginx: { child: ChildProcess; exited: Promise<number | null> } | undefined
  const stop = async () => {
    // nodes first: each turns unready, drains and hands its jobs back; nginx sends to the others
    await Promise.all(nodes.map((n) => stopProcess(n.child, n.exited, 'SIGTERM', 30_000)))
    if (nginx) await stopProcess(nginx.child, nginx.exited, 'SIGQUIT', 10_000) // SIGQUIT: graceful
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    nodes.push(startNode(dir, 0, o.nodePort, env))
    await waitReady(nodes[0], timeout, o.signal)
    log(`node 1 ready on ${nodes[0].url}`)
    for (let i = 1; i < o.nodes; i++) nodes.push(startNode(dir, i, o.nodePort + i, env))
    await Promise.all(nodes.slice(1).map(async (n) => {
      await waitReady(n, timeout, o.signal)
      log(`node ${n.index + 1} ready on ${n.url}`)
    }))
    o.signal?.throwIfAborted()
    const conf = path.join(dir, 'nginx.conf')
    writeFileSync(conf, nginxConf({ dir, port: o.port, nodes: nodes.map((n) => n.addr) }))
    const check = spawn(NGINX, ['-t', '-q', '-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
    let checkErr = ''
    check.stderr.on('data', (d) => (checkErr += d))
    if ((await new Promise((r) => check.once('exit', r))) !== 0) throw new Error(`nginx refused the generated config:\n${checkErr}`)
    const child = spawn(NGINX, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] })
    nginx = { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) }
    const url = `http://127.0.0.1:${o.port}`
    const end = Date.now() + 10_000
    while (!(await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false))) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`nginx did not answer on ${url}:\n${tail(path.join(dir, 'error.log'))}`)
      await sleep(100)
    }
    log(`nginx on ${url} in front of ${nodes.length} node${nodes.length === 1 ? '' : 's'}`)
    return { url, nodes, nginxPid: child.pid!, dir, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
