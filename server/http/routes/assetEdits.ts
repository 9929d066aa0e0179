/**
 * Editors change assets (the locality definition: localityEdits.ts). Every route here needs the
 * editor role; each change is one transaction with its audit row.
 */
import { Router } from 'express'
import { editAsset, removeAsset } from '../../domain/assetEditing'
import type { AppDeps } from '../app'
import { writeContext } from '../auth'
import { idPath, route } from '../route'
import { assetPatch } from '../contract/assets'

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

  return r
}
