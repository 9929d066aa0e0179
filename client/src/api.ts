/**
 * The one typed client of the locality-atlas API. Every request goes through `request`, which
 * turns a failure into an ApiError that says what failed (the URL, the status and the server's
 * problem+json detail) so the UI can say so and offer a retry.
 */
import type { FeatureCollection, Geometry, Point } from 'geojson'
import type { Catalogue, CatalogueIndicator } from '../../server/domain/catalogue'
import type { LocalityOverview } from '../../server/domain/overview'
import type { LocalityProfile } from '../../server/domain/profile'
import type { Level } from '../../server/catalogue/types'
import type { SeriesResult } from '../../server/domain/series'

export type { Catalogue, CatalogueIndicator, LocalityOverview, LocalityProfile, Level, SeriesResult }

export class ApiError extends Error {
  constructor(
    public readonly url: string,
    public readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface AreaProperties {
  code: string
  name: string
  level: Level
  provisional?: boolean
  suppressed?: string[]
  [indicator: string]: unknown
}

export type AreaCollection = FeatureCollection<Geometry | null, AreaProperties> & { indicators?: Array<{ id: string; vintage: string; source: string }> }

export interface AssetProperties {
  id: number
  category: string
  name: string
  address: string | null
  postcode: string | null
  precision: string
  status: string
  source: string
  licence: string
  vintage?: string
  attribution?: string
}

export type AssetCollection = FeatureCollection<Point, AssetProperties>

export interface AreaQuery {
  indicators: string[]
  locality?: string
  bbox?: [number, number, number, number]
  geometry?: boolean
}

type Fetch = typeof fetch

/** Builds every API URL; also used for the export links, so what is downloaded is what is shown. */
export const urls = {
  catalogue: () => '/api/catalogue',
  overview: (indicator: string) => `/api/localities?${new URLSearchParams({ indicator })}`,
  profile: (code: string, rank: string, format?: 'csv') =>
    `/api/localities/${encodeURIComponent(code)}/profile?${new URLSearchParams({ rank, ...(format ? { format } : {}) })}`,
  areas: (level: Level, q: AreaQuery, format?: 'csv') => {
    const p = new URLSearchParams({ indicators: q.indicators.join(',') })
    if (q.locality) p.set('locality', q.locality)
    if (q.bbox) p.set('bbox', q.bbox.map((n) => n.toFixed(5)).join(','))
    if (q.geometry === false) p.set('geometry', 'false')
    if (format) p.set('format', format)
    return `/api/areas/${encodeURIComponent(level)}?${p}`
  },
  assets: (categories: string[]) => `/api/assets?${new URLSearchParams({ category: categories.join(',') })}`,
  tileJson: (layer: string) => `/tiles/${encodeURIComponent(layer)}.json`,
  basemapStyle: () => '/basemap/style.json',
  series: () => '/api/series',
}

export class ApiClient {
  constructor(
    private readonly base: string = '',
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
  ) {}

  /** Absolute URL of an API path (MapLibre needs absolute URLs for its sources). */
  absolute(path: string): string {
    return new URL(this.base + path, typeof location === 'undefined' ? 'http://localhost' : location.href).toString()
  }

  async request<T>(path: string, what: string, init?: RequestInit): Promise<T> {
    const url = this.base + path
    let res: Response
    try {
      res = await this.fetchImpl(url, { headers: { Accept: 'application/json, application/geo+json' }, ...init })
    } catch (err) {
      throw new ApiError(url, 0, `Could not load ${what}: the service did not answer (${(err as Error).message})`)
    }
    if (!res.ok) {
      let detail = res.statusText
      try {
        const body = (await res.json()) as { detail?: string; title?: string }
        detail = body.detail ?? body.title ?? detail
      } catch {
        /* not problem+json */
      }
      throw new ApiError(url, res.status, `Could not load ${what}: ${res.status} ${detail}`)
    }
    return (await res.json()) as T
  }

  catalogue(): Promise<Catalogue> {
    return this.request(urls.catalogue(), 'the layer catalogue')
  }

  overview(indicator: string): Promise<LocalityOverview> {
    return this.request(urls.overview(indicator), 'the locality overview')
  }

  profile(code: string, rank: string): Promise<LocalityProfile> {
    return this.request(urls.profile(code, rank), `the profile of ${code}`)
  }

  areas(level: Level, q: AreaQuery): Promise<AreaCollection> {
    return this.request(urls.areas(level, q), `${level} areas`)
  }

  assets(categories: string[]): Promise<AssetCollection> {
    return this.request(urls.assets(categories), `assets (${categories.join(', ')})`)
  }

  series(): Promise<SeriesResult> {
    return this.request(urls.series(), 'the borough series')
  }

  /**
   * The `fetchJson` the tool panels take: JSON from any API path, failures as ApiError (with
   * `status`, so a panel can tell a refused token from a bad request).
   */
  readonly fetchJson = <T>(path: string, init?: RequestInit): Promise<T> => this.request<T>(path, path.split('?')[0], init)

  /** Whether the service has vector tiles for a layer (TileJSON answers 200). */
  async hasTiles(layer: string): Promise<boolean> {
    try {
      const res = await this.fetchImpl(this.base + urls.tileJson(layer), { method: 'GET' })
      return res.ok
    } catch {
      return false
    }
  }
}
