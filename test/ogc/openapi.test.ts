import { beforeAll, describe, expect, it } from 'vitest'
import { withApp } from '../support/app'
import { backend } from '../support/env'

interface Parameter { name: string; in: string; required: boolean; description: string; schema: Record<string, unknown> }
interface Operation { operationId: string; summary: string; tags: string[]; parameters?: Parameter[]; responses: Record<string, Record<string, unknown>> }
type Doc = { openapi: string; info: Record<string, unknown>; tags: Array<{ name: string }>; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> }

describe(`OpenAPI document on the ${backend} backend`, () => {
  const app = withApp()
  let doc: Doc
  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))

  beforeAll(async () => {
    const res = await fetch(`${app.url}/api/openapi.json`)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    doc = await res.json()
  })

  it('is OpenAPI 3.0 with a title, the package version, a licence and tags', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/)
    expect(doc.info).toMatchObject({ title: 'Locality Atlas API', version: expect.stringMatching(/^\d+\.\d+\.\d+/), license: { name: 'MIT' } })
    expect(doc.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['areas', 'catalogue', 'ogc']))
    for (const { op } of operations()) for (const t of op.tags) expect(doc.tags.map((x) => x.name)).toContain(t)
  })

  it('lists the areas, catalogue and OGC paths with OpenAPI path templates', () => {
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/areas/{level}', '/api/catalogue', '/api/openapi.json',
      '/ogc', '/ogc/conformance', '/ogc/collections', '/ogc/collections/{collectionId}',
      '/ogc/collections/{collectionId}/items', '/ogc/collections/{collectionId}/items/{featureId}',
    ]))
    expect(Object.keys(doc.paths).some((p) => p.includes(':'))).toBe(false)
  })

  it('describes every parameter of every path, path templates included', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const inPath = (op.parameters ?? []).filter((p) => p.in === 'path')
      expect(inPath.map((p) => p.name).sort(), where).toEqual(templated.sort())
      for (const p of op.parameters ?? []) {
        expect(['path', 'query'], `${where} ${p.name}`).toContain(p.in)
        expect(p.description, `${where} ${p.name} description`).toMatch(/\w{3}/)
        expect(p.schema.type ?? p.schema.enum, `${where} ${p.name} schema`).toBeTruthy()
        if (p.in === 'path') expect(p.required).toBe(true)
      }
    }
  })

  it('describes the OGC items parameters with their bounds and defaults', () => {
    const params = doc.paths['/ogc/collections/{collectionId}/items'].get.parameters!
    const byName = Object.fromEntries(params.map((p) => [p.name, p]))
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['collectionId', 'limit', 'offset', 'bbox', 'bbox-crs', 'f', 'category']))
    expect(byName.limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 10 } })
    expect(byName.bbox.description).toMatch(/minLon,minLat,maxLon,maxLat/)
    expect(byName['bbox-crs'].schema.enum).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84'])
    expect(doc.paths['/api/areas/{level}'].get.parameters!.find((p) => p.name === 'level')!.schema.enum).toEqual(['lsoa21', 'ward', 'locality', 'borough'])
  })

  it('declares the 200 media types and problem+json errors with a Problem schema', () => {
    const items = doc.paths['/ogc/collections/{collectionId}/items'].get
    expect(Object.keys(items.responses['200'].content as object)).toEqual(['application/geo+json'])
    expect(Object.keys(doc.paths['/api/areas/{level}'].get.responses['200'].content as object)).toEqual(['application/geo+json', 'text/csv', 'application/csvm+json', 'application/zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/geopackage+sqlite3'])
    expect(items.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' })
    expect(items.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' })
    expect(items.responses['503']).toEqual({ $ref: '#/components/responses/ServiceUnavailable' })
    for (const r of ['BadRequest', 'NotFound', 'ServiceUnavailable']) {
      expect(doc.components.responses[r]).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
    }
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['type', 'title', 'status', 'detail'] })
    const ids = operations().map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('answers with the OpenAPI media type when a client such as GDAL asks for it', async () => {
    const res = await fetch(`${app.url}/api/openapi.json`, { headers: { accept: 'application/vnd.oai.openapi+json;version=3.0, application/json' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json; ?version=3\.0/)
    expect((await res.json()).openapi).toBe(doc.openapi)
  })
})
