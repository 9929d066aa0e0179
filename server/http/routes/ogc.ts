/**
 * OGC API - Features Part 1 (Core, GeoJSON, OAS 3.0) under /ogc. Links are absolute because
 * clients such as GDAL resolve a root-relative href against the landing page URL, not the host.
 * Unknown query parameters are rejected (OGC /per/core/additional-parameters allows it); GDAL's
 * OAPIF driver sends only limit, bbox and (newer versions) bbox-crs/crs, all accepted here.
 */
import { Router, type Request } from 'express'
import { z } from 'zod'
import type { AssetRecord } from '../../db/assets'
import {
  CONFORMANCE_CLASSES, CRS84, getCollection, getItem, getItems, listCollections, type OgcCollection,
} from '../../domain/ogc'
import type { AppDeps } from '../app'
import { publicBase } from '../publicUrl'
import { route } from '../route'
import { collectionId, f, featurePath, fGeo, itemsQuery } from '../contract/ogc'
import { areaFeature, provenance } from '../../domain/exports/features'

const JSON_TYPE = 'application/json'
const GEOJSON = 'application/geo+json'
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'
const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title ? { title } : {}) })

function collectionDoc(root: string, c: OgcCollection) {
  const self = `${root}/ogc/collections/${c.id}`
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    ...(c.extent ? { extent: { spatial: { bbox: [c.extent], crs: CRS84 } } } : {}),
    ...(c.kind === 'area' ? { indicators: provenance(c.indicators) } : { categories: c.categories }),
    links: [
      link(self, 'self', JSON_TYPE, c.title),
      link(`${self}/items`, 'items', GEOJSON, `${c.title} as GeoJSON`),
    ],
  }
}

/** An asset as a GeoJSON point: the same flat properties for every asset, so clients see one schema. */
function assetFeature(a: AssetRecord) {
  return {
    type: 'Feature' as const,
    id: a.id,
    geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    properties: {
      category: a.category, name: a.name, address: a.address, postcode: a.postcode, precision: a.precision,
      status: a.status, anchor: a.is_anchor, source: a.source, licence: a.licence, attribution: a.attribution, vintage: a.vintage,
    },
  }
}

/** The page's own URL with limit and offset replaced, every other parameter kept as sent. */
function pageHref(req: Request, root: string, limit: number, offset: number): string {
  const q = new URLSearchParams(req.query as Record<string, string>)
  q.set('limit', String(limit))
  q.set('offset', String(offset))
  return `${root}${req.path}?${q}`
}

export function ogcRoutes(deps: AppDeps): Router {
  const base = (req: Request) => publicBase(deps.config, req)
  const r = Router()
  const tags = ['ogc']

  route(r, {
    method: 'get', path: '/ogc', tags, summary: 'OGC API - Features landing page',
    query: z.strictObject({ f }),
    handler: (_in, req, res) => {
      const root = base(req)
      res.type(JSON_TYPE).json({
        title: 'Locality Atlas: OGC API - Features',
        description: 'Areas of Barking and Dagenham with their indicator values, and community assets. Each figure carries its source and licence (mostly the Open Government Licence v3.0).',
        links: [
          link(`${root}/ogc`, 'self', JSON_TYPE, 'This document'),
          link(`${root}/api/openapi.json`, 'service-desc', OPENAPI_TYPE, 'The API definition (OpenAPI 3.0)'),
          link(`${root}/ogc/conformance`, 'conformance', JSON_TYPE, 'Conformance classes implemented'),
          link(`${root}/ogc/collections`, 'data', JSON_TYPE, 'The feature collections'),
        ],
      })
    },
  })

  route(r, {
    method: 'get', path: '/ogc/conformance', tags, summary: 'OGC API conformance classes this service implements',
    query: z.strictObject({ f }),
    handler: (_in, _req, res) => {
      res.type(JSON_TYPE).json({ conformsTo: CONFORMANCE_CLASSES })
    },
  })

  route(r, {
    method: 'get', path: '/ogc/collections', tags, summary: 'The feature collections: areas by level, and community assets',
    query: z.strictObject({ f }),
    handler: async (_in, req, res) => {
      const root = base(req)
      const collections = await listCollections(deps.db)
      res.type(JSON_TYPE).json({
        links: [link(`${root}/ogc/collections`, 'self', JSON_TYPE, 'The feature collections')],
        collections: collections.map((c) => collectionDoc(root, c)),
      })
    },
  })

  route(r, {
    method: 'get', path: '/ogc/collections/:collectionId', tags, summary: 'One feature collection: extent, properties, sources and licences',
    params: z.strictObject({ collectionId }),
    query: z.strictObject({ f }),
    handler: async ({ params }, req, res) => {
      res.type(JSON_TYPE).json(collectionDoc(base(req), await getCollection(deps.db, params.collectionId)))
    },
  })

  route(r, {
    method: 'get', path: '/ogc/collections/:collectionId/items', tags,
    summary: 'A page of a collection\'s features as GeoJSON, with next and prev links',
    params: z.strictObject({ collectionId }),
    query: itemsQuery,
    produces: [GEOJSON],
    handler: async ({ params, query }, req, res) => {
      const root = base(req)
      const page = await getItems(deps.db, params.collectionId, query)
      const { limit, offset } = query
      const features = page.kind === 'area' ? page.features.map(areaFeature) : page.features.map(assetFeature)
      const links = [link(pageHref(req, root, limit, offset), 'self', GEOJSON, 'This page')]
      if (offset + features.length < page.numberMatched) links.push(link(pageHref(req, root, limit, offset + limit), 'next', GEOJSON, 'Next page'))
      if (offset > 0) links.push(link(pageHref(req, root, limit, Math.max(0, offset - limit)), 'prev', GEOJSON, 'Previous page'))
      links.push(link(`${root}/ogc/collections/${page.collection.id}`, 'collection', JSON_TYPE, page.collection.title))
      res.type(GEOJSON).json({
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: page.numberMatched,
        numberReturned: features.length,
        ...(page.kind === 'area' ? { indicators: provenance(page.indicators) } : {}),
        links,
        features,
      })
    },
  })

  route(r, {
    method: 'get', path: '/ogc/collections/:collectionId/items/:featureId', tags, summary: 'One feature as GeoJSON',
    params: featurePath,
    query: z.strictObject({ f: fGeo }),
    produces: [GEOJSON],
    handler: async ({ params }, req, res) => {
      const root = base(req)
      const item = await getItem(deps.db, params.collectionId, params.featureId)
      const feature = item.kind === 'area' ? areaFeature(item.feature) : assetFeature(item.feature)
      const self = `${root}/ogc/collections/${item.collection.id}`
      res.type(GEOJSON).json({
        ...feature,
        links: [
          link(`${self}/items/${encodeURIComponent(params.featureId)}`, 'self', GEOJSON, 'This feature'),
          link(self, 'collection', JSON_TYPE, item.collection.title),
        ],
      })
    },
  })

  return r
}
