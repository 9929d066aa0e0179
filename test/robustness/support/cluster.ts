/**
 * A private PostgreSQL 15 + PostGIS cluster for tests that stop and start the database: initdb into
 * a temporary directory as the postgres OS user, on a free localhost port, with the atlas role and
 * one database. Nothing here touches the shared cluster on 5432.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((d) => existsSync(path.join(d, 'pg_ctl')))

export interface Cluster {
  url: string
  port: number
  dir: string
  start(): void
  stop(mode?: 'fast' | 'immediate'): void
  destroy(): void
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Runs a command as the postgres OS user when we are root (initdb refuses root), else as ourselves. */
function asPostgres(cmd: string, args: string[]): string {
  const line = [cmd, ...args].map(q).join(' ')
  return process.getuid?.() === 0
    ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

export async function startCluster(database = 'atlas'): Promise<Cluster> {
  if (!BIN) throw new Error('PostgreSQL 15 binaries not found in /usr/lib/postgresql/15/bin (.ci/run installs postgresql-15)')
  const root = mkdtempSync(path.join(os.tmpdir(), 'atlas-pg-'))
  chmodSync(root, 0o755)
  const dir = path.join(root, 'data')
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(root, uid, gid)
  }
  const port = await freePort()
  asPostgres(path.join(BIN, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const pgCtl = path.join(BIN, 'pg_ctl')
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  const cluster: Cluster = {
    url: `postgres://atlas:atlas@127.0.0.1:${port}/${database}`,
    port,
    dir: root,
    start: () => { asPostgres(pgCtl, ['start', '-D', dir, '-w', '-t', '30', '-l', path.join(root, 'log'), '-o', opts]) },
    stop: (mode = 'fast') => { asPostgres(pgCtl, ['stop', '-D', dir, '-w', '-t', '30', '-m', mode]) },
    destroy: () => {
      try { cluster.stop('immediate') } catch { /* already stopped */ }
      rmSync(root, { recursive: true, force: true })
    },
  }
  try {
    cluster.start()
    const psql = path.join(BIN, 'psql')
    const sql = (s: string, db = 'postgres') => asPostgres(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qc', s])
    sql(`CREATE ROLE atlas LOGIN PASSWORD 'atlas' SUPERUSER`)
    sql(`CREATE DATABASE ${database} OWNER atlas`)
  } catch (err) {
    cluster.destroy()
    throw err
  }
  return cluster
}
