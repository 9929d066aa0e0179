import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { backend, serverUrl, templateDir } from '../support/env'
import { startServer } from '../support/processes'
import { projectRoot } from '../../server/config'

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

  it(`runs as npm start runs it: the server bundle, rebuilt when its sources changed, on the ${backend} backend`, async () => {
    // A manifest whose hash no longer matches the sources is what an edited source looks like.
    const manifest = path.join(projectRoot, 'dist', 'server', 'start.mjs.inputs.json')
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { hash: string; inputs: string[] }
    expect(m.inputs).toContain('server/main.ts')
    writeFileSync(manifest, JSON.stringify({ ...m, hash: 'changed' }))
    const env: Record<string, string> = { PORT: String(32000 + (process.pid % 1000)) }
    if (serverUrl) env.DATABASE_URL = serverUrl
    else {
      // An imported database (a restart): PostGIS is mounted, and loaded at its first use.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-bundle-'))
      dirs.push(dir)
      cpSync(templateDir(), dir, { recursive: true })
      env.DATA_DIR = dir
    }
    const s = startServer(env, { bundle: true })
    const url = await s.listening
    expect(s.output()).toContain('building the server bundle')
    expect((JSON.parse(readFileSync(manifest, 'utf8')) as { hash: string }).hash).toMatch(/^[0-9a-f]{64}$/)
    const ready = await fetch(`${url}/health/ready`)
    expect(ready.status).toBe(200)
    const h = (await ready.json()) as { ready: boolean; health: { backend: string; postgis: string; migrations: { pending: number } } }
    expect(h).toMatchObject({ ready: true, health: { backend, migrations: { pending: 0 } } })
    expect(h.health.postgis).toMatch(/^3\./)
    // PostGIS answers with real geometry, not just its version.
    const borough = (await (await fetch(`${url}/api/areas/borough?indicators=imd_score_2025&geometry=true`)).json()) as { features: Array<{ geometry: { type: string } }> }
    expect(borough.features).toHaveLength(1)
    expect(borough.features[0].geometry.type).toMatch(/Polygon$/)
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)

    // The next start finds the bundle current and builds nothing.
    const again = startServer(env, { bundle: true })
    await again.listening
    expect(again.output()).not.toContain('building the server bundle')
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })
})
