import { Router } from 'express'
import { z } from 'zod'
import { findAssets, getAsset } from '../../domain/assets'
import type { AssetRecord } from '../../db/assets'
import type { AppDeps } from '../app'
import { bboxParam, codeParam, idListParam, idPath, intParam, route } from '../route'

export function assetFeature(a: AssetRecord) {
  return {
    type: 'Feature' as const,
    id: a.id,
    geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    properties: {
      id: a.id, category: a.category, name: a.name, address: a.address, postcode: a.postcode, precision: a.precision,
      status: a.status, ...(a.closed_reason ? { closed_reason: a.closed_reason } : {}), anchor: a.is_anchor, ...(a.distance_m !== null ? { distance_m: Math.round(a.distance_m) } : {}),
      source: a.source, licence: a.licence, attribution: a.attribution, vintage: a.vintage, attrs: a.attrs,
    },
  }
}

/** near=lon,lat: a WGS84 point. */
const pointParam = z.string().transform((s, ctx) => {
  const n = s.split(',').map(Number)
  if (n.length !== 2 || n.some((x) => !Number.isFinite(x)) || Math.abs(n[0]) > 180 || Math.abs(n[1]) > 90) {
    ctx.addIssue({ code: 'custom', message: 'near must be lon,lat in WGS84 degrees' })
    return z.NEVER
  }
  return { lon: n[0], lat: n[1] }
})

export function assetRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/assets', tags: ['assets'],
    summary: 'Community assets by category, locality, bbox or distance from a point (GeoJSON)',
    query: z.strictObject({
      category: idListParam.optional(),
      locality: codeParam.optional(),
      bbox: bboxParam.optional(),
      near: pointParam.optional(),
      radius: intParam(1, 50_000, 1000),
      status: z.enum(['open', 'closed', 'all']).default('open'),
      limit: intParam(1, 2000, 2000),
    }),
    produces: ['application/geo+json'],
    handler: async ({ query }, _req, res) => {
      const { assets, matched } = await findAssets(deps.db, {
        categories: query.category, locality: query.locality, bbox: query.bbox,
        near: query.near ? { ...query.near, radiusM: query.radius } : undefined,
        status: query.status === 'all' ? undefined : query.status, limit: query.limit,
      })
      res.type('application/geo+json').json({ type: 'FeatureCollection', numberMatched: matched, numberReturned: assets.length, features: assets.map(assetFeature) })
    },
  })
  route(r, {
    method: 'get', path: '/api/assets/:id', tags: ['assets'], summary: 'One asset with its source and licence',
    params: idPath,
    query: z.strictObject({}),
    produces: ['application/geo+json'],
    handler: async ({ params }, _req, res) => {
      res.type('application/geo+json').json(assetFeature(await getAsset(deps.db, params.id)))
    },
  })
  return r
}
