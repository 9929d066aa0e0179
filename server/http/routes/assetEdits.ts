/**
 * Editors change assets and locality definitions. Every route here needs the editor role; each
 * change is one transaction with its audit row.
 */
import { Router } from 'express'
import { z } from 'zod'
import { editAsset, removeAsset } from '../../domain/assetEditing'
import { currentDefinition, replaceLocalityDefinition } from '../../domain/localityEditing'
import type { AppDeps } from '../app'
import { writeContext } from '../auth'
import { idPath, route } from '../route'
import { assetPatch, definitionBody } from '../contract/assets'

export function assetEditRoutes(deps: AppDeps): Router {
  const r = Router()
  const la = deps.config.LOCAL_AUTHORITY

  route(r, {
    role: 'editor',
    method: 'patch', path: '/api/assets/:id', tags: ['assets'],
    summary: 'Edit an asset: fields, status, or its place (lon/lat, or a postcode geocoded through the postcode directory) (editor)',
    params: idPath, body: assetPatch,
    handler: async ({ params, body }, req, res) => {
      res.json(await editAsset(deps.db, writeContext(req), la, params.id, body))
    },
  })

  route(r, {
    role: 'editor',
    method: 'delete', path: '/api/assets/:id', tags: ['assets'],
    summary: 'Close an imported asset, or remove one added through suggestions (editor)',
    params: idPath,
    handler: async ({ params }, req, res) => {
      res.json(await removeAsset(deps.db, writeContext(req), params.id))
    },
  })

  route(r, {
    method: 'get', path: '/api/localities/definition', tags: ['localities'], summary: 'Which wards make up each locality',
    query: z.strictObject({}),
    handler: async (_input, _req, res) => {
      res.json({ rows: await currentDefinition(deps.db) })
    },
  })

  route(r, {
    role: 'editor',
    method: 'put', path: '/api/localities/definition', tags: ['localities'],
    summary: 'Replace the locality definition (ward_code -> locality) and re-aggregate every figure (editor)',
    body: definitionBody,
    handler: async ({ body }, req, res) => {
      res.json(await replaceLocalityDefinition(deps.db, writeContext(req), la, body.rows))
    },
  })
  return r
}
