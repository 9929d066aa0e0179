/**
 * Place-based targeting over HTTP: the need index (POST for the app, GET with the index in the
 * query string for sharing and CSV/GeoJSON export), saved indices, anchor institutions and their
 * catchments. Writes need an editor token (config.EDITOR_TOKENS or an issued one) as `Authorization: Bearer`.
 */
import { Router } from 'express'
import { z } from 'zod'
import { addAnchor, getAnchors, getCatchment, removeAnchor } from '../../domain/anchors'
import { catchmentDataset, needIndexDataset } from '../../domain/exports/targeting'
import { RESOURCE_FORMATS } from '../../exports/formats'
import {
  computeNeedIndex, savedNeedIndex, savedNeedIndices, type SavedIndexRow, saveNeedIndex, specToQuery, type NeedIndexSpec,
} from '../../domain/targeting'
import type { AppDeps } from '../app'
import { writeContext } from '../auth'
import { mediaTypes, sendExport } from '../export'
import { route, idPath } from '../route'
import { anchorBody, anchorsQuery, catchmentQuery, indexSpec, needIndexQuery, saveBody } from '../contract/targeting'

const INDEX_PATH = '/api/targeting/index'

const savedOut = (s: SavedIndexRow) => {
  const query = specToQuery(s.spec as NeedIndexSpec)
  return { ...s, query, url: `${INDEX_PATH}?${query}` }
}

// ---- routes ----

export function targetingRoutes(deps: AppDeps): Router {
  const r = Router()
  route(r, {
    method: 'post', path: INDEX_PATH, tags: ['targeting'],
    summary: 'Compute a need index: chosen indicators normalised (rank, z-score or IoD exponential), weighted, ranked, with rank stability and sources',
    query: z.strictObject({}),
    body: indexSpec,
    handler: async ({ body }, _req, res) => {
      res.json(await computeNeedIndex(deps.db, body))
    },
  })
  route(r, {
    method: 'get', path: INDEX_PATH, tags: ['targeting'],
    summary: 'The same need index with its spec in the query string (shareable), as JSON or an export (CSV with CSVW metadata, zip, XLSX, GeoJSON, GeoPackage)',
    query: needIndexQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.needIndex]),
    handler: async ({ query }, req, res) => {
      const { format, ...spec } = query
      const result = await computeNeedIndex(deps.db, spec, { geometry: format === 'geojson' || format === 'gpkg' })
      if (format === 'json') res.json(result)
      else await sendExport(req, res, format, needIndexDataset(result))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/targeting/indices', tags: ['targeting'],
    summary: 'Save a need index (editor token required)',
    query: z.strictObject({}),
    body: saveBody,
    handler: async ({ body }, req, res) => {
      const saved = savedOut(await saveNeedIndex(deps.db, writeContext(req), body))
      res.status(201).location(`/api/targeting/indices/${saved.id}`).json(saved)
    },
  })
  route(r, {
    method: 'get', path: '/api/targeting/indices', tags: ['targeting'], summary: 'Saved need indices, newest first, each with its share URL',
    query: z.strictObject({}),
    handler: async (_in, _req, res) => {
      res.json({ indices: (await savedNeedIndices(deps.db)).map(savedOut) })
    },
  })
  route(r, {
    method: 'get', path: '/api/targeting/indices/:id', tags: ['targeting'], summary: 'One saved need index with its spec and share URL',
    params: idPath, query: z.strictObject({}),
    handler: async ({ params }, _req, res) => {
      res.json(savedOut(await savedNeedIndex(deps.db, params.id)))
    },
  })

  route(r, {
    method: 'get', path: '/api/targeting/anchors', tags: ['targeting'], summary: 'Anchor institutions and the rule that makes an asset one',
    query: anchorsQuery,
    handler: async ({ query }, _req, res) => {
      res.json(await getAnchors(deps.db, query.context))
    },
  })
  route(r, {
    role: 'editor',
    method: 'post', path: '/api/targeting/anchors', tags: ['targeting'],
    summary: 'Mark an asset as an anchor ({asset_id}) or add one ({name, category, lon, lat}); editor token required',
    query: z.strictObject({}),
    body: anchorBody,
    handler: async ({ body }, req, res) => {
      const { anchor, created } = await addAnchor(deps.db, writeContext(req), body as Parameters<typeof addAnchor>[2])
      res.status(created ? 201 : 200).json(anchor)
    },
  })
  route(r, {
    role: 'editor',
    method: 'delete', path: '/api/targeting/anchors/:id', tags: ['targeting'],
    summary: 'Unmark an anchor (an anchor added here is deleted); editor token required',
    params: idPath, query: z.strictObject({}),
    handler: async ({ params }, req, res) => {
      res.json(await removeAnchor(deps.db, writeContext(req), params.id))
    },
  })
  route(r, {
    method: 'get', path: '/api/targeting/anchors/:id/catchment', tags: ['targeting'],
    summary: 'LSOAs within a distance of an anchor ranked by employment deprivation, with working-age population and headline counts',
    params: idPath,
    query: catchmentQuery,
    produces: mediaTypes(['json', ...RESOURCE_FORMATS.anchorCatchment]),
    handler: async ({ params, query }, req, res) => {
      const c = await getCatchment(deps.db, params.id, query.distance, query.detour, query.context)
      if (query.format === 'json') res.json(c)
      else await sendExport(req, res, query.format, catchmentDataset(c))
    },
  })
  return r
}
