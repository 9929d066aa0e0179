import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/config'
import { backend, serverUrl, templateDir } from '../support/env'

/** Starts `server/main.ts` as `npm start` would (client build aside) and waits for it to listen. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
    env: { ...process.env, AUTO_IMPORT: 'false', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/open (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) resolve(m[1])
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, listening, exited, output: () => out }
}

describe('the service process', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it(`starts on the ${backend} backend, answers /health and stops cleanly on SIGTERM`, async () => {
    const env: Record<string, string> = { PORT: String(31000 + (process.pid % 1000)) }
    if (serverUrl) env.DATABASE_URL = serverUrl
    else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-start-'))
      dirs.push(dir)
      cpSync(templateDir(), dir, { recursive: true })
      env.DATA_DIR = dir
    }
    const t0 = Date.now()
    const s = startServer(env)
    const url = await s.listening
    const startMs = Date.now() - t0
    const h = await (await fetch(`${url}/health`)).json()
    expect(h).toMatchObject({ status: 'ok', backend })
    expect(h.postgis).toMatch(/^3\./)
    // A second start on an existing data directory needs no PostGIS set-up: a few seconds at most.
    expect(startMs).toBeLessThan(15_000)
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
    expect(s.output()).toContain('shutting down')
  })
})
