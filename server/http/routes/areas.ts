import { Router } from 'express'
import { z } from 'zod'
import { LEVELS } from '../../catalogue/types'
import { getAreas } from '../../domain/areas'
import type { AppDeps } from '../app'
import { bboxParam, codeParam, idListParam, route } from '../route'
import { areasCsv, areasGeoJson } from '../serialise'

export function areaRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'get', path: '/api/areas/:level', tags: ['areas'],
    summary: 'Areas of one level with indicator values, as GeoJSON (RFC 7946) or CSV',
    params: z.strictObject({ level: z.enum(LEVELS) }),
    query: z.strictObject({
      indicators: idListParam.pipe(z.array(z.string()).min(1, 'name at least one indicator').max(50, 'at most 50 indicators')),
      locality: codeParam.optional(),
      bbox: bboxParam.optional(),
      format: z.enum(['geojson', 'csv']).default('geojson'),
      geometry: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    }),
    produces: ['application/geo+json', 'text/csv'],
    handler: async ({ params, query }, _req, res) => {
      const result = await getAreas(deps.db, {
        level: params.level, indicators: query.indicators, locality: query.locality, bbox: query.bbox,
        geometry: query.format === 'geojson' && query.geometry,
      })
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8')
          .set('Content-Disposition', `attachment; filename="${params.level}${query.locality ? '-' + query.locality : ''}.csv"`)
          .send(areasCsv(result.areas, result.indicators))
        return
      }
      res.type('application/geo+json').json(areasGeoJson(result.areas, result.indicators, { level: params.level, dataVersion: result.dataVersion }))
    },
  })
  return r
}
