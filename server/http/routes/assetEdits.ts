/**
 * Editors change assets (the locality definition: localityEdits.ts) and read the register they
 * keep. Every route here needs the editor role; each change is one transaction with its audit row.
 */
import { Router } from 'express'
import { z } from 'zod'
import { createAsset, editAsset, removeAsset } from '../../domain/assetEditing'
import { assetChanges, assetRegister } from '../../domain/assetRegister'
import type { AppDeps } from '../app'
import { writeContext } from '../auth'
import { idPath, route } from '../route'
import { assetCreate, assetPatch } from '../contract/assets'
import { historyQuery } from '../contract/localityEditing'

export function assetEditRoutes(deps: AppDeps): Router {
  const r = Router()
  const la = deps.config.LOCAL_AUTHORITY

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/assets', tags: ['assets'],
    summary: 'Add an asset: name, category, a postcode or lon/lat, where the information comes from and a note (editor)',
    body: assetCreate,
    handler: async ({ body }, req, res) => {
      res.status(201).json(await createAsset(deps.db, writeContext(req), la, body))
    },
  })

  route(r, {
    role: 'editor',
    method: 'get', path: '/api/asset-register', tags: ['assets'],
    summary: 'The asset register for editors: every asset, open and closed, with its source, the fields an editor changed and its last change (editor)',
    query: z.strictObject({}),
    handler: async (_input, _req, res) => {
      res.set('Cache-Control', 'no-store')
      res.json({ assets: await assetRegister(deps.db) })
    },
  })

  route(r, {
    role: 'editor',
    method: 'get', path: '/api/asset-register/:id/changes', tags: ['assets'],
    summary: "An asset's changes from the audit trail, newest first, field by field with before and after (editor)",
    params: idPath, query: historyQuery,
    handler: async ({ params, query }, _req, res) => {
      res.set('Cache-Control', 'no-store')
      res.json({ changes: await assetChanges(deps.db, params.id, query.limit) })
    },
  })

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
