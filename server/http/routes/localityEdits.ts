/**
 * The locality definition: anyone reads it; editors preview a change (nothing kept), save it,
 * read the history of changes from the audit trail and undo one. Each save and undo is one
 * transaction with its audit row.
 */
import { Router } from 'express'
import { z } from 'zod'
import { currentDefinition, replaceLocalityDefinition, undoLocalityChange } from '../../domain/localityEditing'
import { localityHistory, previewLocalityDefinition } from '../../domain/localityPreview'
import type { AppDeps } from '../app'
import { writeContext } from '../auth'
import { idPath, route } from '../route'
import { definitionBody, historyQuery } from '../contract/localityEditing'

export function localityEditRoutes(deps: AppDeps): Router {
  const r = Router()
  const la = deps.config.LOCAL_AUTHORITY

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
    summary: 'Replace the locality definition (ward_code -> locality) and re-aggregate every figure; every ward in exactly one locality (editor)',
    body: definitionBody,
    handler: async ({ body }, req, res) => {
      res.json(await replaceLocalityDefinition(deps.db, writeContext(req), la, body.rows))
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/localities/definition/preview', tags: ['localities'],
    summary: 'Dry run of a locality definition: the wards that would move, the figures per locality before and after, and the provisional label; nothing is saved (editor)',
    body: definitionBody,
    handler: async ({ body }, _req, res) => {
      res.set('Cache-Control', 'no-store')
      res.json(await previewLocalityDefinition(deps.db, la, body.rows))
    },
  })

  route(r, {
    role: 'editor',
    method: 'get', path: '/api/localities/definition/changes', tags: ['localities'],
    summary: 'The latest locality definition changes from the audit trail, newest first, with the wards each moved (editor)',
    query: historyQuery,
    handler: async ({ query }, _req, res) => {
      res.set('Cache-Control', 'no-store')
      res.json({ changes: await localityHistory(deps.db, query.limit) })
    },
  })

  route(r, {
    role: 'editor',
    method: 'post', path: '/api/localities/definition/changes/:id/undo', tags: ['localities'],
    summary: 'Undo a locality change: restore the definition its audit entry replaced, audited as localities.undo (editor)',
    params: idPath,
    handler: async ({ params }, req, res) => {
      res.json(await undoLocalityChange(deps.db, writeContext(req), la, params.id))
    },
  })
  return r
}
