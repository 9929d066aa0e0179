/**
 * A fleet on this machine, without Docker: N app nodes over the PostgreSQL in DATABASE_URL, behind
 * Debian's nginx on loopback (see server/fleet/fleet.ts), until Ctrl-C or SIGTERM stops them all.
 *
 *   DATABASE_URL=postgres://atlas:atlas@localhost:5432/atlas npm run fleet -- [--nodes 3] [--port 8080] [--node-port 3001] [--json]
 *
 * Every node gets this process's settings (TRUST_PROXY=true unless set), HOST=127.0.0.1 and
 * PORT = node-port + i. With --json one line {"url","nginxPid","nodes":[{"url","addr","pid"}]}
 * is printed on stdout once nginx answers (for scripts and tests); the rest goes to stderr. On the
 * embedded backend one process owns the data directory, so only --nodes 1 is allowed there.
 */
import { parseArgs } from 'node:util'
import { loadConfigOrExit } from '../config'
import { startFleet, type Fleet } from '../fleet/fleet'

const USAGE = 'usage: npm run fleet -- [--nodes N] [--port PROXY_PORT] [--node-port FIRST_NODE_PORT] [--json]'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

async function main(): Promise<void> {
  let args
  try {
    args = parseArgs({
      options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: '8080' }, 'node-port': { type: 'string', default: '3001' }, json: { type: 'boolean', default: false } },
    }).values
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err))
  }
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}`)
    return n
  }
  const nodes = int('nodes', args.nodes, 1, 16)
  const port = int('port', args.port, 1, 65535)
  const nodePort = int('node-port', args['node-port'], 1, 65535 - nodes)
  const config = loadConfigOrExit()
  if (config.backend === 'embedded' && nodes > 1) {
    fail(`the embedded database (DATA_DIR) belongs to one process: set DATABASE_URL to a PostgreSQL server for ${nodes} nodes, or use --nodes 1`)
  }
  const log = (line: string) => process.stderr.write(`fleet: ${line}\n`)
  // Ctrl-C while the nodes start stops those already started; after that it stops the fleet
  const starting = new AbortController()
  const state: { fleet?: Fleet } = {}
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    const fleet = state.fleet
    if (!fleet) return starting.abort(new Error(`${signal} while starting: stopped what had started`))
    log(`${signal}: stopping the nodes (each drains and hands its jobs back), then nginx`)
    await fleet.stop()
    log('stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  const fleet = (state.fleet = await startFleet({ nodes, port, nodePort, log, signal: starting.signal }))
  if (args.json) {
    process.stdout.write(JSON.stringify({ url: fleet.url, nginxPid: fleet.nginxPid, nodes: fleet.nodes.map((n) => ({ url: n.url, addr: n.addr, pid: n.pid })) }) + '\n')
  }
  log(`open ${fleet.url}/ (node logs in ${fleet.dir}); Ctrl-C stops the fleet`)
  // a node that dies is reported; nginx routes around it (the fleet keeps running)
  for (const n of fleet.nodes) n.exited.then((code) => { if (!stopping) log(`node ${n.index + 1} (pid ${n.pid}) exited (${code}); nginx sends its requests to the others`) })
}

main().catch((err) => {
  process.stderr.write(`fleet failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
