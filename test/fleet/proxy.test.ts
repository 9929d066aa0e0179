/**
 * The fleet as a user runs it: `npm run fleet` (server/cli/fleet.ts) in a child process starts the
 * app nodes and Debian's nginx in front of them, and every request here goes through nginx. Which
 * node answered is read from the X-Atlas-Node header the fleet's nginx adds ($upstream_addr).
 * Server backend: three nodes on the test database. Embedded backend: the data directory belongs
 * to one process, so the script runs one node (and refuses more), and the same requests go through
 * nginx to that node.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/config'
import { rateLimits } from '../../server/http/auth'
import { openTestDb, type TestDb } from '../support/db'
import { backend, geodataDir, serverUrl, templateDir } from '../support/env'
import { baseEnv } from '../support/processes'
import { cleanUp, restoreAsset, someImportedAsset, startTracking, type Created } from '../trust/support'
import { FLEET, FLEET_RETRY_WITHIN_MS, freePort, LONG, settle, sleep, solving } from './support'

const EDITOR = `fleet-editor-${'e'.repeat(32)}`
const LIMITED = `fleet-limited-${'l'.repeat(32)}`
const NODES = backend === 'server' ? 3 : 1

interface Started {
  child: ChildProcess
  exited: Promise<number | null>
  output: () => string
  ready: Promise<{ url: string; nginxPid: number; nodes: Array<{ url: string; addr: string; pid: number }> }>
}

/** `npm run fleet -- --nodes N --json`, as a user starts it (without npm, so signals reach it). */
function runFleet(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/cli/fleet.ts'), '--json', ...args], {
    cwd: projectRoot,
    env: { ...baseEnv(), AUTO_IMPORT: 'false', SERVE_CLIENT: 'false', LOG_LEVEL: 'warn', GEODATA_DIR: geodataDir, EDITOR_TOKENS: `${EDITOR},${LIMITED}`, ...FLEET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<Started['ready'] extends Promise<infer T> ? T : never>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line && out.includes('\n')) resolve(JSON.parse(line))
    })
    child.stderr!.on('data', (d) => (err += d))
    exited.then((code) => reject(new Error(`the fleet exited (${code}): ${err}`)))
  })
  ready.catch(() => {})
  return { child, exited, ready, output: () => out + err }
}

/** The node's CPU time so far (user + system, clock ticks), from /proc. */
const cpuTicks = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))

const why = backend === 'server'
  ? 'three app nodes behind nginx (npm run fleet) over the server test database'
  : 'embedded backend: its data directory belongs to one process, so npm run fleet runs a single node behind nginx and refuses more'

describe(why, () => {
  let fleet: Started
  let info: Awaited<Started['ready']>
  let dataDir: string | undefined
  let db: TestDb | undefined
  let track: Created | undefined
  let snap: Awaited<ReturnType<typeof someImportedAsset>> | undefined
  const via = (p: string, init?: RequestInit) => fetch(`${info.url}${p}`, init)
  const nodeOf = (r: Response) => r.headers.get('x-atlas-node')

  beforeAll(async () => {
    const env: Record<string, string> = {}
    if (backend === 'server') {
      env.DATABASE_URL = serverUrl!
      db = await openTestDb()
      track = await startTracking(db.knex)
      snap = await someImportedAsset(db.knex)
    } else {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-fleet-data-'))
      cpSync(templateDir(), dataDir, { recursive: true })
      env.DATA_DIR = dataDir
    }
    const port = await freePort()
    fleet = runFleet(['--nodes', String(NODES), '--port', String(port), '--node-port', String(await freePort())], env)
    info = await fleet.ready
  }, 240_000)

  afterAll(async () => {
    if (fleet && fleet.child.exitCode === null) {
      fleet.child.kill('SIGTERM')
      await Promise.race([fleet.exited, sleep(40_000)])
    }
    for (const n of info?.nodes ?? []) if (alive(n.pid)) process.kill(n.pid, 'SIGKILL')
    if (db) {
      if (snap) await restoreAsset(db.knex, snap)
      if (track) await cleanUp(db.knex, track)
      await db.dispose()
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  it(`starts ${NODES} node${NODES > 1 ? 's' : ''} and nginx, and nginx spreads requests over every node`, async () => {
    expect(info.nodes).toHaveLength(NODES)
    const seen = new Set<string>()
    for (let i = 0; i < 3 * NODES; i++) {
      const r = await via('/health/ready')
      expect(r.status).toBe(200)
      expect(r.headers.get('server')).toMatch(/^nginx/)
      seen.add(nodeOf(r)!)
    }
    expect([...seen].sort()).toEqual(info.nodes.map((n) => n.addr).sort())
  })

  it(`an asset edited through one node is read back through ${NODES > 1 ? 'another' : 'the proxy'} within one second`, async () => {
    const list = await (await via('/api/assets?limit=1')).json()
    const id = list.features[0].id ?? list.features[0].properties.id
    const name = `Edited through the fleet ${Date.now().toString(36)}`
    const w = await via(`/api/assets/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
    expect(w.status, await w.clone().text()).toBe(200)
    const wrote = nodeOf(w)
    const t0 = Date.now()
    for (;;) {
      const r = await via(`/api/assets/${id}`)
      expect(r.status).toBe(200)
      if (NODES === 1 || nodeOf(r) !== wrote) {
        expect((await r.json()).properties.name).toBe(name)
        break
      }
      await r.arrayBuffer()
    }
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it(`a siting job started through the proxy is polled and cancelled through ${NODES > 1 ? 'other nodes than the one that took the request' : 'it'}`, async () => {
    const res = await via('/api/siting/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LONG) })
    expect(res.status).toBe(202)
    const started = nodeOf(res)
    const job = await res.json()
    await solving(info.url, job.id)
    // round robin: after a poll answered by the starting node, the next request goes to another
    if (NODES > 1) await expect.poll(async () => nodeOf(await via(`/api/siting/jobs/${job.id}`)), { timeout: 5000, interval: 1 }).toBe(started)
    const del = await via(`/api/siting/jobs/${job.id}`, { method: 'DELETE' })
    expect(del.status).toBe(200)
    if (NODES > 1) expect(nodeOf(del)).not.toBe(started)
    expect((await del.json()).status).toBe('cancelled')
    for (let i = 0; i < NODES; i++) {
      const r = await via(`/api/siting/jobs/${job.id}`)
      expect((await r.json()).status).toBe('cancelled')
    }
  })

  it(`counts the write limit for the whole fleet behind the proxy: ${rateLimits.writes.limit} writes spread over the nodes use it up`, async () => {
    const write = () => via('/api/no-such-write', { method: 'POST', headers: { authorization: `Bearer ${LIMITED}`, 'content-type': 'application/json' }, body: '{}' })
    const seen = new Set<string>()
    for (let i = 0; i < rateLimits.writes.limit; i++) {
      const r = await write()
      expect(r.status).toBe(404)
      seen.add(nodeOf(r)!)
    }
    expect(seen.size).toBe(NODES)
    for (let i = 0; i < NODES; i++) {
      const refused = await write()
      expect(refused.status).toBe(429)
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/)
    }
    // another token's budget is its own
    const other = await via('/api/no-such-write', { method: 'POST', headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json' }, body: '{}' })
    expect(other.status).toBe(404)
  })

  if (backend === 'server') {
    it('a job whose node is killed mid-solve completes on another node, and the proxy answers every poll meanwhile', async () => {
      const res = await via('/api/siting/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LONG) })
      expect(res.status).toBe(202)
      const job = await res.json()
      await solving(info.url, job.id)
      // the node solving is the one burning CPU (its solver thread); the others only answer polls
      const before = info.nodes.map((n) => cpuTicks(n.pid))
      await sleep(1000)
      const used = info.nodes.map((n, i) => cpuTicks(n.pid) - before[i])
      const runner = used.indexOf(Math.max(...used))
      expect(used[runner], `CPU ticks per node: ${used}`).toBeGreaterThan(3 * Math.max(1, ...used.filter((_, i) => i !== runner)))
      process.kill(info.nodes[runner].pid, 'SIGKILL')
      const killedAt = Date.now()
      const done = await settle(info.url, job.id, FLEET_RETRY_WITHIN_MS + 20_000) // every poll a 200, through the proxy
      expect(done.status).toBe('done')
      expect(done.result!.sites).toHaveLength(4)
      expect(Date.now() - killedAt).toBeGreaterThan(LONG.timeLimitMs) // it really ran again
      expect(alive(info.nodes[runner].pid)).toBe(false)
      info.nodes.splice(runner, 1)
    }, 120_000)

    it('keeps answering reads while another node is killed under them, from the survivor once nginx has seen the failure', async () => {
      const [victim, survivor] = info.nodes
      const answers: Array<{ status: number; by: string | undefined; sent: number; at: number }> = []
      const reader = async (until: () => boolean) => {
        while (!until()) {
          const sent = Date.now()
          // a response the victim was sending when it died is cut off: nginx cannot replay half a response
          // (the body is read inside the same catch: the cut comes while reading it, after the headers)
          const got = await via('/api/catalogue').then(async (r) => { await r.arrayBuffer(); return r }).catch(() => null)
          // $upstream_addr lists every node tried: a request retried after the victim died names it first
          answers.push({ status: got?.status ?? 0, by: got ? nodeOf(got)?.split(', ').pop() : undefined, sent, at: Date.now() })
        }
      }
      let stop = false
      const readers = Promise.all([reader(() => stop), reader(() => stop), reader(() => stop)])
      // both nodes answering before one dies
      await expect.poll(() => new Set(answers.map((a) => a.by)).size, { timeout: 20_000, interval: 50 }).toBe(2)
      const killedAt = Date.now()
      process.kill(victim.pid, 'SIGKILL')
      await sleep(3000)
      stop = true
      await readers
      // every request sent after the kill is answered; of those in flight, at most one per reader is lost
      expect(answers.filter((a) => a.sent >= killedAt && a.status !== 200)).toEqual([])
      expect(answers.filter((a) => a.status !== 200).length).toBeLessThanOrEqual(3)
      expect(new Set(answers.filter((a) => a.at <= killedAt && a.status === 200).map((a) => a.by))).toEqual(new Set([victim.addr, survivor.addr]))
      const settled = answers.filter((a) => a.at > killedAt + 1000)
      expect(settled.length).toBeGreaterThan(5)
      expect(settled.filter((a) => a.by !== survivor.addr)).toEqual([])
      info.nodes.splice(0, 1)
    })
  } else {
    it('refuses more than one node on the embedded backend, naming DATABASE_URL', async () => {
      const more = runFleet(['--nodes', '3', '--port', String(await freePort())], { DATA_DIR: dataDir! })
      expect(await more.exited).toBe(2)
      expect(more.output()).toMatch(/belongs to one process: set DATABASE_URL/)
    })
  }

  it('stops every node and nginx on SIGTERM, and removes its directory', async () => {
    fleet.child.kill('SIGTERM')
    expect(await fleet.exited).toBe(0)
    expect(fleet.output()).toMatch(/fleet: stopped/)
    for (const n of info.nodes) expect(alive(n.pid), `node ${n.addr}`).toBe(false)
    expect(alive(info.nginxPid)).toBe(false)
    const dir = /node logs in (\S+)\)/.exec(fleet.output())![1]
    expect(existsSync(dir)).toBe(false)
    await expect(fetch(`${info.url}/health/live`)).rejects.toThrow()
  }, 60_000)
})
