import { Router } from 'express'
import { z } from 'zod'
import { getTile, getTileJson, MAX_TILE_ZOOM, tileDefaults, tileLayers } from '../../domain/tiles'
import type { AppDeps } from '../app'
import { publicBase } from '../publicUrl'
import { route } from '../route'

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile'

const layerIds = tileLayers.map((l) => l.id).join(', ')
// Any name: an unknown layer is a 404 from the domain, not a 400 from the schema.
const layerParam = z.string().max(64).meta({ description: `tile layer: ${layerIds}`, example: tileLayers[0].id })

/** A tile index: digits only (no signs, spaces, exponents or hex that Number() would accept). */
const tileIndex = (name: string, max: number) =>
  z.string()
    .regex(/^\d{1,8}$/, `${name} must be a non-negative integer`)
    .transform(Number)
    .pipe(z.number().max(max, `${name} must be at most ${max}`))

const tileParams = z
  .strictObject({
    layer: layerParam,
    z: tileIndex('z', MAX_TILE_ZOOM).meta({ description: `zoom, 0 to ${MAX_TILE_ZOOM} within the layer's range` }),
    x: tileIndex('x', 2 ** MAX_TILE_ZOOM - 1).meta({ description: 'column, 0 to 2^z - 1' }),
    y: tileIndex('y', 2 ** MAX_TILE_ZOOM - 1).meta({ description: 'row from the north, 0 to 2^z - 1' }),
  })
  .superRefine((p, ctx) => {
    // A tile outside the grid at its zoom is a bad request (400), decided here once for x and y.
    const last = 2 ** p.z - 1
    for (const k of ['x', 'y'] as const) {
      if (p[k] > last) ctx.addIssue({ code: 'custom', path: [k], message: `${k} must be from 0 to ${last} at zoom ${p.z}` })
    }
  })

export function tileRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/tiles/:layer/:z/:x/:y.pbf', tags: ['tiles'],
    summary: 'One Mapbox Vector Tile (extent 4096, buffer 64) of a layer; 204 when no feature is in it',
    params: tileParams,
    query: z.strictObject({}),
    produces: [MVT_MEDIA_TYPE],
    handler: async ({ params }, req, res) => {
      // req.fresh compares If-None-Match with the response's ETag, so set it before asking.
      const notModified = (etag: string) => {
        res.set('ETag', etag)
        return req.fresh
      }
      const tile = await getTile(deps.db, { layer: params.layer, z: params.z, x: params.x, y: params.y }, {
        notModified: req.headers['if-none-match'] ? notModified : undefined,
      })
      res.set({ ETag: tile.etag, 'Cache-Control': `public, max-age=${tileDefaults.maxAgeSeconds}` })
      if (tile.bytes === null) res.status(304).end()
      else if (tile.bytes.byteLength === 0) res.status(204).end()
      else res.type(MVT_MEDIA_TYPE).send(Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength))
    },
  })
  route(r, {
    method: 'get', path: '/tiles/:layer.json', tags: ['tiles'],
    summary: 'TileJSON 3.0.0 for a tile layer: tile URL, zooms, bounds, fields and attribution',
    params: z.strictObject({ layer: layerParam }),
    query: z.strictObject({}),
    handler: async ({ params }, req, res) => {
      const doc = await getTileJson(deps.db, params.layer, publicBase(deps.config, req))
      res.set('Cache-Control', `public, max-age=${tileDefaults.tileJsonMaxAgeSeconds}`).json(doc)
    },
  })
  return r
}
