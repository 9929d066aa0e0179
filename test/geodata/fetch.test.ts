/**
 * `geodata fetch` against a local HTTP server serving a mirror of some manifest files (copied from
 * the real data folder): downloads land at their GEODATA_DIR paths with checksums checked against
 * the manifest; missing and cut-off downloads are reported and leave no file behind.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchSources, type FetchResult } from '../../geodata/fetch'
import { source } from '../../geodata/manifest'
import { geodataDir } from '../support/env'
import { copyDataset, makeTempDir, removeDir } from './support/datasets'
import { serveFolder, type FolderServer } from './support/fileServer'

const manifestFiles = (id: string) => source(id).files
const LOOKUP = manifestFiles('ons_lsoa_lookup')[0].path
const LSOA21_CPG = manifestFiles('ons_lsoa21')[4].path
const MSOA21_SHP = manifestFiles('ons_msoa21')[0].path

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort()
}

describe('downloading the official files (geodata fetch) from a local HTTP mirror', () => {
  let mirror: string
  let target: string
  let server: FolderServer
  let result: FetchResult
  const log: string[] = []

  beforeAll(async () => {
    mirror = makeTempDir('atlas-mirror-')
    target = makeTempDir('atlas-fetched-')
    for (const id of ['ons_lad22', 'ons_wards22', 'ons_lsoa21', 'ons_msoa21']) copyDataset(id, mirror)
    // The mirror has no lookup file (a 404), and a .cpg whose bytes differ from the reference copy.
    writeFileSync(path.join(mirror, LSOA21_CPG), 'ISO-8859-1\n')
    server = await serveFolder(mirror, { cutShort: [MSOA21_SHP] })
    result = await fetchSources({
      dir: target, baseUrl: server.url, only: ['ons_lad22', 'ons_wards22', 'ons_lsoa_lookup', 'ons_lsoa21', 'ons_msoa21'],
      log: (m) => log.push(m),
    })
  })
  afterAll(async () => {
    await server?.close()
    removeDir(mirror)
    removeDir(target)
  })

  it('downloads each file to its manifest path, byte for byte, with a checksum matching the manifest', () => {
    for (const id of ['ons_lad22', 'ons_wards22']) {
      for (const f of manifestFiles(id)) {
        const got = result.fetched.find((x) => x.path === f.path)
        expect(got, f.path).toEqual({ path: f.path, sha256: f.sha256, matches: true })
        expect(readFileSync(path.join(target, f.path)).equals(readFileSync(path.join(geodataDir, f.path)))).toBe(true)
      }
    }
    expect(server.requests).toContain('ons-wards-2022/bd_wards_WD22.geojsonl')
  })

  it('reports a file whose bytes differ from the manifest with matches: false, and keeps it', () => {
    const cpg = result.fetched.find((x) => x.path === LSOA21_CPG)
    expect(cpg).toMatchObject({ path: LSOA21_CPG, matches: false })
    expect(cpg!.sha256).not.toBe(manifestFiles('ons_lsoa21')[4].sha256)
    expect(cpg!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(path.join(target, LSOA21_CPG), 'utf8')).toBe('ISO-8859-1\n')
    // the other four files of the same dataset are the reference copies
    expect(result.fetched.filter((x) => x.path.startsWith('london-data/bd_lsoa21_gen20.') && x.matches)).toHaveLength(4)
    expect(log.some((m) => m.includes(LSOA21_CPG) && /checksum differs/.test(m))).toBe(true)
  })

  it('reports a file missing on the server in failed, and leaves no file or partial file', () => {
    expect(result.failed.find((x) => x.path === LOOKUP)).toMatchObject({ reason: expect.stringMatching(/^HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/ons-lookups\//) })
    expect(existsSync(path.join(target, LOOKUP))).toBe(false)
    expect(existsSync(path.join(target, `${LOOKUP}.part`))).toBe(false)
  })

  it('reports a download cut off mid-file in failed, and leaves no file or partial file', () => {
    expect(result.failed.map((x) => x.path)).toContain(MSOA21_SHP)
    expect(result.fetched.map((x) => x.path)).not.toContain(MSOA21_SHP)
    expect(existsSync(path.join(target, MSOA21_SHP))).toBe(false)
    expect(existsSync(path.join(target, `${MSOA21_SHP}.part`))).toBe(false)
  })

  it('accounts for every requested file exactly once, and writes nothing else', () => {
    const wanted = ['ons_lad22', 'ons_wards22', 'ons_lsoa_lookup', 'ons_lsoa21', 'ons_msoa21'].flatMap((id) => manifestFiles(id).map((f) => f.path))
    const seen = [...result.fetched, ...result.failed, ...result.skipped].map((x) => x.path)
    expect(seen.sort()).toEqual([...wanted].sort())
    expect(result.failed.map((x) => x.path).sort()).toEqual([LOOKUP, MSOA21_SHP].sort())
    expect(listFiles(target)).toEqual(result.fetched.map((x) => x.path).sort())
  })

  it('without a base URL skips files that have no direct download, naming where to get them, without going online', async () => {
    const dir = makeTempDir('atlas-fetch-skip-')
    try {
      const r = await fetchSources({ dir, only: ['ons_lad22'] })
      expect(r.fetched).toEqual([])
      expect(r.failed).toEqual([])
      expect(r.skipped).toEqual(manifestFiles('ons_lad22').map((f) => ({ path: f.path, reason: `no direct download URL: get it from ${source('ons_lad22').url}` })))
      expect(listFiles(dir)).toEqual([])
    } finally {
      removeDir(dir)
    }
  })
})
