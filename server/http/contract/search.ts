/** GET /api/search: places matching what was typed. */
import { z } from 'zod'
import { intParam } from './params'

export type { SearchKind, SearchResponse, SearchResult } from '../../domain/search'

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'type at least one character').max(100, 'at most 100 characters'),
  limit: intParam(1, 20, 10),
})
