/**
 * GDAL's OAPIF driver (what QGIS and ogr2ogr use) reads the service end to end. ogrinfo comes from
 * Debian's gdal-bin, which .ci/run installs; where it is missing the test fails saying so rather
 * than going green without the check.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { backend } from '../support/env'

const run = promisify(execFile)
const version = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' })
const ogrinfoFound = version.status === 0
const gdalVersion = (version.stdout ?? '').trim()

// Asynchronous on purpose: the server answering GDAL runs in this process's event loop.
async function ogrinfo(args: string[]): Promise<string> {
  const { stdout } = await run('ogrinfo', args, {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
    // a proxy in the environment must not intercept requests to the local test server
    env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', GDAL_HTTP_TIMEOUT: '60' },
  })
  return stdout
}

describe(`GDAL's OAPIF driver against the ${backend} backend`, () => {
  const app = withApp()
  beforeAll(async () => {
    if (!ogrinfoFound) {
      throw new Error(`ogrinfo was not found on PATH (${version.error?.message ?? version.stderr ?? 'no output'}): install Debian's gdal-bin (.ci/run does)`)
    }
  })

  it(`lists the five collections with their geometry types (${gdalVersion})`, async () => {
    const out = await ogrinfo(['-so', `OAPIF:${app.url}/ogc`])
    expect(out).toMatch(/using driver `OAPIF' successful/)
    for (const [id, type] of [['lsoa21', 'Multi Polygon'], ['ward', 'Multi Polygon'], ['locality', 'Multi Polygon'], ['borough', 'Multi Polygon'], ['assets', '']]) {
      expect(out).toMatch(new RegExp(`^\\d+: ${id} \\(title: .+\\)${type ? ` \\(${type}\\)` : ''}$`, 'm'))
    }
  })

  it('reads all 115 LSOAs through the next links, with their IMD scores', async () => {
    const out = await ogrinfo(['-ro', '-al', '-q', `OAPIF:${app.url}/ogc`, 'lsoa21'])
    expect(out.match(/^OGRFeature\(/gm)?.length).toBe(115)
    expect(out.match(/^ {2}imd_score_2019 \(Real\) = \d+(\.\d+)?$/gm)?.length).toBe(115)
    expect(out.match(/^ {2}MULTIPOLYGON \(\(\(/gm)?.length).toBe(115)
  })

  it('passes a spatial filter to the server as bbox and gets the intersecting wards', async () => {
    const bbox = [0.1, 51.53, 0.13, 51.55]
    const out = await ogrinfo(['-ro', '-al', '-q', '-spat', ...bbox.map(String), `OAPIF:${app.url}/ogc`, 'ward'])
    const r = await app.db.knex.raw(`SELECT count(*)::int AS n FROM areas WHERE level = 'ward' AND ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))`, bbox)
    expect(out.match(/^OGRFeature\(/gm)?.length).toBe(r.rows[0].n)
  })
})
