/**
 * The one typed client of the locality-atlas API. Every request goes through `request`, which
 * turns a failure into an ApiError that says what failed (the URL, the status and the server's
 * problem+json detail) so the UI can say so and offer a retry.
 */
import { adminCalls } from './adminApi'
import { assetCalls } from './assetApi'
import type { AreaCollection, AreaProperties } from '../../server/http/contract/areas'
import type { AssetCollection, AssetProperties } from '../../server/http/contract/assets'
import type { AuditPage, AuditRow } from '../../server/http/contract/audit'
import type { Me } from '../../server/http/contract/auth'
import type { Catalogue, CatalogueIndicator, Level } from '../../server/http/contract/catalogue'
import type { LocalityOverview, LocalityProfile, PublishedPosition } from '../../server/http/contract/localities'
import type { DefinitionPreview, DefinitionResult, LocalityChange, LocalityDefinitionInput, LocalityFigures, LocalityMembership } from '../../server/http/contract/localityEditing'
import type { SearchResponse, SearchResult } from '../../server/http/contract/search'
import type { SeriesResult } from '../../server/http/contract/series'
import type { AcceptEdits, SuggestionInput, SuggestionRow } from '../../server/http/contract/suggestions'
import type { SavedIndexInput } from '../../server/http/contract/targeting'

export type { PublishedPosition, SearchResponse, SearchResult }
export type { DefinitionPreview, DefinitionResult, LocalityChange, LocalityDefinitionInput, LocalityFigures, LocalityMembership }
export type { Catalogue, CatalogueIndicator, LocalityOverview, LocalityProfile, Level, SeriesResult, SuggestionRow, AuditRow }
export type { AreaCollection, AreaProperties, AssetCollection, AssetProperties, AuditPage, Me, SuggestionInput, AcceptEdits, SavedIndexInput }

export class ApiError extends Error {
  constructor(
    public readonly url: string,
    public readonly status: number,
    message: string,
    /** problem+json issues: which request field each concerns (body.threshold, query.distance) */
    public readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface AcceptResult {
  suggestion: SuggestionRow
  asset: { id: number; category: string; name: string; lon: number; lat: number; [k: string]: unknown }
}

export interface SavedIndex { id: number; name: string; url: string; [k: string]: unknown }


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
  published: () => '/api/borough/published',
  profile: (code: string, rank: string, format?: 'csv') =>
    `/api/localities/${encodeURIComponent(code)}/profile?${new URLSearchParams({ rank, ...(format ? { format } : {}) })}`,
  report: (code: string, rank: string, kind: 'pdf' | 'html') => `/api/localities/${encodeURIComponent(code)}/report.${kind}?${new URLSearchParams({ rank })}`,
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
  search: (q: string, limit = 8) => `/api/search?${new URLSearchParams({ q, limit: String(limit) })}`,
  me: () => '/api/auth/me',
  suggestions: () => '/api/suggestions',
  pendingSuggestions: () => '/api/suggestions?status=pending&limit=200',
  suggestion: (id: number, action: 'accept' | 'reject') => `/api/suggestions/${id}/${action}`,
  asset: (id: number) => `/api/assets/${id}`,
  savedIndices: () => '/api/targeting/indices',
  localityDefinition: () => '/api/localities/definition',
  localityPreview: () => '/api/localities/definition/preview',
  localityChanges: () => '/api/localities/definition/changes',
  localityUndo: (id: number) => `/api/localities/definition/changes/${id}/undo`,
  audit: (q: { limit?: number; format?: 'csv' } = {}) =>
    `/api/admin/audit?${new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`,
}

export class ApiClient {
  /**
   * @param token the session's bearer token, sent only by the calls that need a role (writes and
   *   editor reads): reads stay anonymous, so a stale token never spoils them.
   */
  constructor(
    private readonly base: string = '',
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
    private readonly token: () => string | null = () => null,
    /** the sign-in cookie's CSRF token, sent on every write that carries no bearer token */
    private readonly csrf: () => string | null = () => null,
  ) {}

  /** Absolute URL of an API path (MapLibre needs absolute URLs for its sources). */
  absolute(path: string): string {
    return new URL(this.base + path, typeof location === 'undefined' ? 'http://localhost' : location.href).toString()
  }

  request<T>(path: string, what: string, init?: RequestInit): Promise<T> {
    return this.call<T>(path, `load ${what}`, init)
  }

  /** One request; `failing` completes "Could not …" in the error (e.g. "load the catalogue"). */
  private async call<T>(path: string, failing: string, init?: RequestInit): Promise<T> {
    const url = this.base + path
    let res: Response
    try {
      const headers = new Headers(init?.headers ?? { Accept: 'application/json, application/geo+json' })
      const method = (init?.method ?? 'GET').toUpperCase()
      const csrf = this.csrf()
      if (csrf && method !== 'GET' && method !== 'HEAD' && !headers.has('authorization')) headers.set('X-CSRF-Token', csrf)
      res = await this.fetchImpl(url, { ...init, headers })
    } catch (err) {
      throw new ApiError(url, 0, `Could not ${failing}: the service did not answer (${(err as Error).message})`)
    }
    if (!res.ok) {
      let detail = res.statusText
      let issues: Array<{ path: string; message: string }> | undefined
      try {
        const body = (await res.json()) as { detail?: string; title?: string; issues?: Array<{ path: string; message: string }> }
        detail = body.detail ?? body.title ?? detail
        issues = Array.isArray(body.issues) ? body.issues : undefined
      } catch {
        /* not problem+json */
      }
      throw new ApiError(url, res.status, `Could not ${failing}: ${res.status} ${detail}`, issues)
    }
    if (res.status === 204) return undefined as T
    return (await res.json()) as T
  }

  catalogue(): Promise<Catalogue> {
    return this.request(urls.catalogue(), 'the layer catalogue')
  }

  overview(indicator: string): Promise<LocalityOverview> {
    return this.request(urls.overview(indicator), 'the locality overview')
  }

  published(): Promise<PublishedPosition> {
    return this.request(urls.published(), "the borough's published IoD 2025 position")
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

  /** Places matching what was typed (postcode, ward, LSOA, locality, place, asset). */
  search(q: string, limit?: number): Promise<SearchResponse> {
    return this.request(urls.search(q, limit), 'places matching the search')
  }

  series(): Promise<SeriesResult> {
    return this.request(urls.series(), 'the borough series')
  }

  /** People, tokens, datasets and imports (admin). */
  private readonly roleCall = <T>(method: string, path: string, failing: string, body?: unknown) => this.authed<T>(method, path, failing, body)
  readonly admin = adminCalls(this.roleCall)
  /** The asset register: add, edit, move, close and reopen; each asset's changes (editor). */
  readonly assetEdits = assetCalls(this.roleCall)

  /** A call that carries a role: the bearer token (the given one, else the session's) and a JSON body. */
  private authed<T>(method: string, path: string, failing: string, body?: unknown, token = this.token()): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    return this.call<T>(path, failing, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
  }

  /** Sign out of the identity provider's session (clears the cookie). */
  signOut(): Promise<void> {
    return this.call<void>('/api/auth/logout', 'sign out', { method: 'POST', headers: { Accept: 'application/json' } })
  }

  /** Who a token belongs to (the session's unless one is given). Never fails on a bad token: says why instead. */
  me(token?: string): Promise<Me> {
    return this.authed('GET', urls.me(), 'check the token', undefined, token ?? this.token())
  }

  /** Anyone's suggestion: sent without a token, queued for moderation. */
  suggest(s: SuggestionInput): Promise<{ id: number; kind: string; status: string; name: string; submitted_at: string }> {
    return this.call(urls.suggestions(), 'send the suggestion', {
      method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(s),
    })
  }

  pendingSuggestions(): Promise<{ total: number; suggestions: SuggestionRow[] }> {
    return this.authed('GET', urls.pendingSuggestions(), 'load the moderation queue')
  }

  acceptSuggestion(id: number, edits: AcceptEdits = {}): Promise<AcceptResult> {
    return this.authed('POST', urls.suggestion(id, 'accept'), `accept suggestion ${id}`, edits)
  }

  rejectSuggestion(id: number, reason: string): Promise<SuggestionRow> {
    return this.authed('POST', urls.suggestion(id, 'reject'), `reject suggestion ${id}`, { reason })
  }

  deleteAsset(id: number): Promise<{ id: number; action: 'closed' | 'removed' }> {
    return this.authed('DELETE', urls.asset(id), `remove asset ${id}`)
  }

  saveIndex(body: SavedIndexInput): Promise<SavedIndex> {
    return this.authed('POST', urls.savedIndices(), 'save the index', body)
  }

  localityDefinition(): Promise<{ rows: LocalityMembership[] }> {
    return this.authed('GET', urls.localityDefinition(), 'load the locality definition')
  }

  /** What saving `rows` would change; the server keeps nothing. */
  previewLocalities(rows: LocalityDefinitionInput['rows']): Promise<DefinitionPreview> {
    return this.authed('POST', urls.localityPreview(), 'preview the localities', { rows })
  }

  saveLocalities(rows: LocalityDefinitionInput['rows']): Promise<DefinitionResult> {
    return this.authed('PUT', urls.localityDefinition(), 'save the localities', { rows })
  }

  localityChanges(): Promise<{ changes: LocalityChange[] }> {
    return this.authed('GET', urls.localityChanges(), 'load the locality changes')
  }

  undoLocalityChange(id: number): Promise<DefinitionResult & { undid: number }> {
    return this.authed('POST', urls.localityUndo(id), `undo locality change ${id}`)
  }

  audit(limit = 100): Promise<AuditPage> {
    return this.authed('GET', urls.audit({ limit }), 'load the audit trail')
  }

  /** The audit trail as CSV text (a plain link could not carry the token). */
  async auditCsv(limit = 10_000): Promise<Blob> {
    const token = this.token()
    const url = this.base + urls.audit({ limit, format: 'csv' })
    const res = await this.fetchImpl(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
    if (!res.ok) throw new ApiError(url, res.status, `Could not export the audit trail: ${res.status} ${res.statusText}`)
    return res.blob()
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
