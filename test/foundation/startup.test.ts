import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { backend, serverUrl, templateDir } from '../support/env'
import { startServer } from '../support/processes'

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
