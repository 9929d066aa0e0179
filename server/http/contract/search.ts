/** GET /api/search: places matching what was typed. */
export type { SearchKind, SearchResponse, SearchResult } from '../../domain/search'
