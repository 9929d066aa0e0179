/**
 * Admin: tokens for editors and admins (a token is shown once, in the 201 answer), and imports run
 * as jobs (202 + polling).
 */
import { Router } from 'express'
import { z } from 'zod'
import { IMPORT_SOURCES, importedDatasets } from '../../domain/adminImports'
import { issueToken, revokeToken, tokenList } from '../../domain/auth'
import { invitePerson, people, removePerson } from '../../domain/people'
import type { AppDeps } from '../app'
import { requireRole, writeContext } from '../auth'
import { route } from '../route'
import { importBody, importJobPath, importListQuery, personBody, personPath, tokenBody, tokenId } from '../contract/admin'

export function adminRoutes(deps: AppDeps): Router {
  const r = Router()
  // Every /api/admin path needs the admin role, unknown ones included (a 401, not a 404 that would
  // confirm what exists); each route below also declares it, for the OpenAPI document.
  r.use('/api/admin', requireRole('admin'))

  route(r, {
    role: 'admin',
    method: 'post', path: '/api/admin/tokens', tags: ['admin'],
    summary: 'Issue a token (the token is in this answer only; the server keeps its SHA-256) (admin)',
    body: tokenBody,
    handler: async ({ body }, req, res) => {
      const t = await issueToken(deps.db, writeContext(req), { name: body.name, role: body.role, expiresDays: body.expires_days })
      res.status(201).set('Cache-Control', 'no-store').json(t)
    },
  })

  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/tokens', tags: ['admin'], summary: 'Every token, without secrets or hashes (admin)',
    query: z.strictObject({}),
    handler: async (_input, _req, res) => {
      res.set('Cache-Control', 'no-store').json({ tokens: await tokenList(deps.db) })
    },
  })

  route(r, {
    role: 'admin',
    method: 'delete', path: '/api/admin/tokens/:id', tags: ['admin'], summary: 'Revoke a token at once (admin)',
    params: tokenId,
    handler: async ({ params }, req, res) => {
      res.json(await revokeToken(deps.db, writeContext(req), params.id))
    },
  })

  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/people', tags: ['admin'], summary: 'Everyone invited, with their role, who invited them and their last sign-in (admin)',
    query: z.strictObject({}),
    handler: async (_input, _req, res) => {
      res.set('Cache-Control', 'no-store').json({ people: await people(deps.db) })
    },
  })

  route(r, {
    role: 'admin',
    method: 'post', path: '/api/admin/people', tags: ['admin'],
    summary: 'Invite a person by e-mail address as viewer, editor or admin (they sign in with the council identity provider) (admin)',
    body: personBody,
    handler: async ({ body }, req, res) => {
      res.status(201).json(await invitePerson(deps.db, writeContext(req), body))
    },
  })

  route(r, {
    role: 'admin',
    method: 'delete', path: '/api/admin/people/:email', tags: ['admin'], summary: 'Remove a person: their invited role ends at once (admin)',
    params: personPath,
    handler: async ({ params }, req, res) => {
      res.json(await removePerson(deps.db, writeContext(req), params.email))
    },
  })

  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/datasets', tags: ['admin'],
    summary: 'Each imported dataset: source files with their SHA-256, edition, rows read/loaded/rejected, when imported; and the sources an import can run (admin)',
    query: z.strictObject({}),
    handler: async (_input, _req, res) => {
      res.set('Cache-Control', 'no-store').json({ datasets: await importedDatasets(deps.db), sources: IMPORT_SOURCES })
    },
  })

  route(r, {
    role: 'admin',
    method: 'post', path: '/api/admin/imports', tags: ['admin'],
    summary: 'Start an import of GEODATA_DIR (all sources with {}, or `only` these); answers 202 with a job to poll (admin)',
    bodyRequired: true,
    body: importBody,
    handler: async ({ body }, req, res) => {
      const { job } = await deps.services.imports.start(writeContext(req), {
        dir: deps.config.geodataDir, la: deps.config.LOCAL_AUTHORITY, only: body.only, force: body.force, acceptChanged: body.acceptChanged,
      })
      res.status(202).location(`/api/admin/imports/${job.id}`).json(job)
    },
  })

  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/imports', tags: ['admin'], summary: 'Recent import jobs of this process, newest first (admin)',
    query: importListQuery,
    handler: (input, _req, res) => {
      res.set('Cache-Control', 'no-store').json({ jobs: deps.services.imports.list().slice(0, input.query.limit) })
    },
  })

  route(r, {
    role: 'admin',
    method: 'get', path: '/api/admin/imports/:id', tags: ['admin'], summary: 'One import job: running, succeeded (with its result) or failed (admin)',
    params: importJobPath, query: z.strictObject({}),
    handler: (input, _req, res) => {
      res.set('Cache-Control', 'no-store').json(deps.services.imports.get(input.params.id))
    },
  })
  return r
}
