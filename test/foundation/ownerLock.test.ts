/**
 * One owner per embedded data directory, between real processes: a running server holds DATA_DIR,
 * so a second server, the admin CLI and the geodata CLI on the same directory are refused with a
 * message naming the owner's pid and port, and nothing of theirs touches its files; the lock goes
 * when the server stops (SIGTERM or SIGINT); a lock left by a dead process is taken over.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../server/db/ownerLock'
import { backend, templateDir } from '../support/env'
import { runScript, startServer } from '../support/processes'

const port = (n: number) => String(32000 + ((process.pid * 3 + n) % 1000))

/** A pid that certainly belongs to no running process: one that has just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(r.stdout)
}

describe(`the embedded data directory's owner lock (separate processes; ${backend} leg)`, () => {
  let dir: string
  const lockFile = () => path.join(dir, LOCK_FILE)

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-lock-'))
    // On the server leg the template is an empty folder: the server then makes a fresh embedded database.
    cpSync(templateDir(), dir, { recursive: true })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('a second server, the admin CLI and the geodata CLI are refused while a server owns DATA_DIR, naming its pid and port', async () => {
    const first = startServer({ DATA_DIR: dir, PORT: port(1) })
    const url = await first.listening
    try {
      const lock = JSON.parse(readFileSync(lockFile(), 'utf8'))
      expect(lock).toMatchObject({ pid: first.child.pid, port: Number(port(1)), purpose: 'server' })
      expect(Number.isNaN(Date.parse(lock.startedAt))).toBe(false)
      const owner = `in use by locality-atlas server (pid ${first.child.pid}, port ${port(1)}`

      const second = startServer({ DATA_DIR: dir, PORT: port(2) })
      const code = await second.exited
      process.stdout.write(`[lock] second server: exit ${code}: ${second.output().split('\n').find((l) => l.includes('failed to start'))}\n`)
      expect(code).toBe(1)
      expect(second.output()).toContain(`locality-atlas failed to start: the embedded database in ${dir} is ${owner}`)
      expect(second.output()).toContain('stop that process first (or use the admin API of the running server)')

      const admin = await runScript('server/cli/admin.ts', ['create-admin', '--name', 'lost token'], { DATA_DIR: dir, LOG_LEVEL: 'silent' })
      process.stdout.write(`[lock] admin create-admin: exit ${admin.code}: ${admin.stderr.trim()}\n`)
      expect(admin.code).toBe(1)
      expect(admin.stdout).toBe('') // no token printed that would never work
      expect(admin.stderr).toContain(owner)
      expect(admin.stderr).toContain('or use the admin API')

      const geodata = await runScript('geodata/cli.ts', ['import', '--force', '--only', 'nhs_gp'], { DATA_DIR: dir, LOG_LEVEL: 'silent', AUTO_IMPORT: 'false' })
      process.stdout.write(`[lock] geodata import: exit ${geodata.code}: ${geodata.stderr.trim()}\n`)
      expect(geodata.code).toBe(1)
      expect(geodata.stderr).toContain(`geodata: the embedded database in ${dir} is ${owner}`)

      // The owner is untouched: still the lock's holder, still answering from its database.
      expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(first.child.pid)
      expect((await (await fetch(`${url}/health`)).json()).status).toBe('ok')
    } finally {
      first.child.kill('SIGTERM')
    }
    expect(await first.exited).toBe(0)
    expect(existsSync(lockFile())).toBe(false)
  })

  it('with the server stopped the admin CLI takes the lock, does its work and leaves no lock behind', async () => {
    const r = await runScript('server/cli/admin.ts', ['list-tokens'], { DATA_DIR: dir, LOG_LEVEL: 'silent' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(existsSync(lockFile())).toBe(false)
  })

  it('a stale lock (its pid no longer running) is taken over with a log line, and SIGINT releases the lock', async () => {
    const dead = deadPid()
    writeFileSync(lockFile(), JSON.stringify({ pid: dead, purpose: 'server', port: 1, startedAt: '2026-01-01T00:00:00.000Z', token: 'old' }))
    const s = startServer({ DATA_DIR: dir, PORT: port(3) })
    const url = await s.listening
    try {
      expect(s.output()).toContain(`took over a stale lock on ${dir}: its owner (server, pid ${dead}) is no longer running`)
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: s.child.pid, port: Number(port(3)) })
      expect((await fetch(`${url}/health`)).status).toBe(200)
    } finally {
      s.child.kill('SIGINT')
    }
    expect(await s.exited).toBe(0)
    expect(existsSync(lockFile())).toBe(false)
  })
})
