/** The tile routes' parameters: /tiles/{layer}/{z}/{x}/{y}.pbf and /tiles/{layer}.json. */
import { z } from 'zod'
import { MAX_TILE_ZOOM, tileLayers } from '../../domain/tiles'

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

export const tileParams = z
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

export const tileJsonParams = z.strictObject({ layer: layerParam })

/** Neither tile route takes a query string. */
export const tileQuery = z.strictObject({})
