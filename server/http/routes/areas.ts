import { Router } from 'express'
import { z } from 'zod'
import { LEVELS } from '../../catalogue/types'
import { getAreas } from '../../domain/areas'
import type { AppDeps } from '../app'
import { bboxParam, codeParam, idListParam, route } from '../route'
import { areasDataset } from '../../domain/exports/areas'
import { areasGeoJson } from '../../domain/exports/features'
import { EXPORT_FORMATS, ALL_FORMATS } from '../../exports/formats'
import { formatParam, mediaTypes, sendExport } from '../export'

export function areaRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/areas/:level', tags: ['areas'],
    summary: 'Areas of one level with indicator values, as GeoJSON (RFC 7946) or an export (tidy CSV with CSVW metadata, zip, XLSX, GeoPackage); exports list rows greatest need first on the first indicator',
    params: z.strictObject({ level: z.enum(LEVELS) }),
    query: z.strictObject({
      indicators: idListParam.pipe(z.array(z.string()).min(1, 'name at least one indicator').max(50, 'at most 50 indicators')),
      locality: codeParam.optional(),
      bbox: bboxParam.optional(),
      format: formatParam(ALL_FORMATS, 'geojson'),
      order: z.enum(['need', 'code']).default('need').meta({ description: 'Row order of table exports: greatest need first on the first indicator (as the table view shows), or by code' }),
      geometry: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    }),
    produces: mediaTypes(['geojson', ...ALL_FORMATS.filter((f) => f !== 'geojson')]),
    handler: async ({ params, query }, req, res) => {
      const geo = EXPORT_FORMATS[query.format].geo
      const result = await getAreas(deps.db, {
        level: params.level, indicators: query.indicators, locality: query.locality, bbox: query.bbox,
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
