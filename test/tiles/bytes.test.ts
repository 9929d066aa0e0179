/**
 * Tile bytes stay the same where the geometry (and the values a tile carries) stay the same: a
 * change elsewhere (here an edit of an indicator no tile carries, then the data version bumped,
 * as an import does) renames every tile (a new ETag) and rebuilds the prepared rows, but must not
 * change one byte of any tile. The bytes are compared with the ones recorded before the change in
 * the same run, and with what the encoder builds directly, never with stored answers.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indicators } from '../../server/catalogue/indicators'
import { bumpDataVersion } from '../../server/db/status'
import type { TileAddress } from '../../server/db/tiles'
import { buildTile, clearTileCache, tileEncoder, tileLayers, type TileEncoder, type TileLayer } from '../../server/domain/tiles'
import { withApp } from '../support/app'
import { backend } from '../support/env'

function tileAt(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

interface Probe { layer: TileLayer; t: TileAddress; name: string }

// Every layer at low, middle and high zooms over central B&D and its east (Dagenham), each tile once.
const probes: Probe[] = [...new Map(tileLayers.flatMap((layer) =>
  [8, 10, 12, 14, 16].filter((z) => z >= layer.minzoom && z <= layer.maxzoom).flatMap((z) =>
    [[0.13, 51.54], [0.16, 51.56]].map(([lon, lat]) => {
      const t = tileAt(lon, lat, z)
      const name = `${layer.id}/${t.z}/${t.x}/${t.y}`
      return [name, { layer, t, name }] as const
    })))).values()]

describe(`tile bytes across an unrelated change on the ${backend} backend`, () => {
  const app = withApp()
  let encoder: TileEncoder
  // An indicator no tile layer carries, at the LSOA level: editing it touches indicator_values
  // (so the prepared tile rows are stale and rebuilt) without touching anything a tile holds.
  const untiled = indicators.find((d) => !d.tile && d.levels.includes('lsoa21'))!
  let edited: { code: string; value: number } | undefined

  beforeAll(async () => {
    encoder = await tileEncoder(app.db)
  })
  afterAll(async () => {
    if (!edited) return
    await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: untiled.id, code: edited.code }).update({ value: edited.value })
    await bumpDataVersion(app.db.knex)
  })

  /** A tile through HTTP, built afresh (cache emptied), with its ETag; gzip as a browser asks, so the cached gzip copy is checked too. */
  async function served(p: Probe, gzip: boolean): Promise<{ status: number; etag: string; sha: string; bytes: number }> {
    const res = await fetch(`${app.url}/tiles/${p.name}.pbf`, { headers: { 'Accept-Encoding': gzip ? 'gzip' : 'identity' } })
    const body = new Uint8Array(await res.arrayBuffer())
    return { status: res.status, etag: res.headers.get('etag') ?? '', sha: sha(body), bytes: body.byteLength }
  }

  it('serves every layer\'s tiles with the same bytes after an edit no tile carries and a new data version', async () => {
    expect(untiled, 'the catalogue has an LSOA indicator that tiles do not carry').toBeTruthy()
    expect(tileLayers.every((l) => l.source.kind !== 'areas' || !l.source.indicators.includes(untiled.id))).toBe(true)

    clearTileCache(app.db)
    const before = new Map<string, Awaited<ReturnType<typeof served>>>()
    for (const p of probes) {
      const plain = await served(p, false)
      expect(plain.status, p.name).toBe(plain.bytes ? 200 : 204)
      // What HTTP serves is what the encoder builds, and gzip decodes to the same bytes.
      expect(plain.sha, p.name).toBe(sha(await buildTile(app.db, p.layer, p.t, encoder)))
      expect((await served(p, true)).sha, p.name).toBe(plain.sha)
      before.set(p.name, plain)
    }
    // The comparison is of real tiles: most of them hold features.
    const full = [...before.entries()].filter(([, b]) => b.bytes > 0).map(([n]) => n)
    expect(full.length, `${full.length} of ${probes.length}: ${full.join(" ")}`).toBeGreaterThan(probes.length * 0.7)

    const row = await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: untiled.id }).whereNotNull('value').first('code', 'value')
    expect(row).toBeTruthy()
    const prepared = async () => Number((await app.db.knex.raw('SELECT areas_version AS v FROM tile_prepared')).rows[0]?.v)
    const preparedBefore = await prepared()
    edited = { code: row.code, value: Number(row.value) }
    await app.db.knex('indicator_values').where({ level: 'lsoa21', indicator_id: untiled.id, code: row.code }).update({ value: Number(row.value) + 1000 })
    const version = await bumpDataVersion(app.db.knex)

    clearTileCache(app.db)
    for (const p of probes) {
      const after = await served(p, false)
      const was = before.get(p.name)!
      expect(after.etag, p.name).toBe(`W/"v${version}-tile-${p.name.replaceAll('/', '-')}"`)
      expect(after.etag).not.toBe(was.etag)
      expect(after.sha, p.name).toBe(was.sha)
      expect((await served(p, true)).sha, p.name).toBe(was.sha)
    }
    // The tiles were read from prepared rows rebuilt after the edit, not from the old ones.
    expect(await prepared()).toBeGreaterThan(preparedBefore)
  })
})
