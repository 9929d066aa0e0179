import { Router } from 'express'
import { z } from 'zod'
import { findAssets, getAsset } from '../../domain/assets'
import { assetsDataset } from '../../domain/exports/areas'
import { assetFeature } from '../../domain/exports/features'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { mediaTypes, sendExport } from '../export'
import type { AppDeps } from '../app'
import { idPath, route } from '../route'
import { assetQuery } from '../contract/assets'

export function assetRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/assets', tags: ['assets'],
    summary: 'Community assets by category, locality, bbox or distance from a point (GeoJSON), or the asset register as an export with provenance and moderation status',
    query: assetQuery,
    produces: mediaTypes(['geojson', ...RESOURCE_FORMATS.assets.filter((f) => f !== 'geojson')]),
    handler: async ({ query }, req, res) => {
      const { assets, matched } = await findAssets(deps.db, {
        categories: query.category, locality: query.locality, bbox: query.bbox,
        near: query.near ? { ...query.near, radiusM: query.radius } : undefined,
        status: query.status === 'all' ? undefined : query.status, limit: query.limit, context: query.context,
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
