import { Router } from 'express'
import { getAreas } from '../../domain/areas'
import type { AppDeps } from '../app'
import { route } from '../route'
import { areaPath, areaQuery } from '../contract/areas'
import { areasDataset } from '../../domain/exports/areas'
import { areasGeoJson } from '../../domain/exports/features'
import { EXPORT_FORMATS, RESOURCE_FORMATS } from '../../exports/formats'
import { mediaTypes, sendExport } from '../export'

export function areaRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/areas/:level', tags: ['areas'],
    summary: 'Areas of one level with indicator values, as GeoJSON (RFC 7946) or an export (tidy CSV with CSVW metadata, zip, XLSX, GeoPackage); exports list rows greatest need first on the first indicator',
    params: areaPath,
    query: areaQuery,
    produces: mediaTypes(['geojson', ...RESOURCE_FORMATS.areas.filter((f) => f !== 'geojson')]),
    handler: async ({ params, query }, req, res) => {
      const geo = EXPORT_FORMATS[query.format].geo
      const result = await getAreas(deps.db, {
        level: params.level, indicators: query.indicators, locality: query.locality, bbox: query.bbox, context: query.context,
        geometry: geo && query.geometry,
      })
      // a plain GeoJSON request is the map's API (no download); format=geojson asked for by name is a download
      if (query.format === 'geojson' && req.query.format === undefined) {
        res.type('application/geo+json').json(areasGeoJson(result.areas, result.indicators, { level: params.level, dataVersion: result.dataVersion }))
        return
      }
      await sendExport(req, res, query.format, areasDataset(result.areas, result.indicators, {
        level: params.level, locality: query.locality, order: query.order, dataVersion: result.dataVersion,
      }))
    },
  })
  return r
}
