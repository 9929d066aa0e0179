import { Router } from 'express'
import { z } from 'zod'
import { basemapFontFile, basemapGeoJson, basemapStyle } from '../../domain/basemap'
import { basemapFontPath, basemapLayerPath } from '../contract/basemap'
import type { AppDeps } from '../app'
import { publicBase } from '../publicUrl'
import { route } from '../route'

/** The offline basemap: its style, one GeoJSON per context layer, and the label fonts. */
export function basemapRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/basemap/style.json', tags: ['basemap'],
    summary: 'MapLibre style of the offline basemap; every source and font it names is served here',
    query: z.strictObject({}),
    handler: (_in, req, res) => {
      res.set('Cache-Control', 'no-cache').json(basemapStyle(publicBase(deps.config, req)))
    },
  })
  route(r, {
    method: 'get', path: '/basemap/:kind.geojson', tags: ['basemap'],
    summary: 'One basemap context layer (water, parks, rail, stations, places) as GeoJSON',
    params: basemapLayerPath,
    query: z.strictObject({}),
    produces: ['application/geo+json'],
    handler: async ({ params }, _req, res) => {
      const { value } = await basemapGeoJson(deps.db, params.kind)
      res.type('application/geo+json').set('Cache-Control', 'no-cache').send(value)
    },
  })
  route(r, {
    method: 'get', path: '/basemap/fonts/:file', tags: ['basemap'],
    summary: 'A label font named by the basemap style (TrueType)',
    params: basemapFontPath,
    query: z.strictObject({}),
    produces: ['font/ttf'],
    handler: ({ params }, _req, res) => {
      res.type('font/ttf').set('Cache-Control', 'public, max-age=86400').sendFile(basemapFontFile(params.file))
    },
  })
  return r
}
