import { Router } from 'express'
import { z } from 'zod'
import { findAssets, getAsset } from '../../domain/assets'
import { assetsDataset } from '../../domain/exports/areas'
import { assetFeature } from '../../domain/exports/features'
import { ALL_FORMATS } from '../../exports/formats'
import { formatParam, mediaTypes, sendExport } from '../export'
import type { AppDeps } from '../app'
import { bboxParam, codeParam, idListParam, idPath, intParam, route } from '../route'

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
    summary: 'Community assets by category, locality, bbox or distance from a point (GeoJSON), or the asset register as an export with provenance and moderation status',
    query: z.strictObject({
      category: idListParam.optional(),
      locality: codeParam.optional(),
      bbox: bboxParam.optional(),
      near: pointParam.optional(),
      radius: intParam(1, 50_000, 1000),
      status: z.enum(['open', 'closed', 'all']).default('open'),
      limit: intParam(1, 2000, 2000),
      format: formatParam(ALL_FORMATS, 'geojson'),
    }),
    produces: mediaTypes(['geojson', ...ALL_FORMATS.filter((f) => f !== 'geojson')]),
    handler: async ({ query }, req, res) => {
      const { assets, matched } = await findAssets(deps.db, {
        categories: query.category, locality: query.locality, bbox: query.bbox,
        near: query.near ? { ...query.near, radiusM: query.radius } : undefined,
        status: query.status === 'all' ? undefined : query.status, limit: query.limit,
      })
      if (req.query.format !== undefined) {
        await sendExport(req, res, query.format, assetsDataset(assets, `assets${query.category ? `-${query.category.join('-')}` : ''}${query.locality ? `-${query.locality}` : ''}`))
        return
      }
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
