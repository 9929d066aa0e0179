/** The bounds of a need index spec: the levels it can be computed at and how many components it may combine. */
import type { Level } from '../catalogue/types'

export const INDEX_LEVELS = ['lsoa21', 'ward', 'locality'] as const satisfies readonly Level[]
export type IndexLevel = (typeof INDEX_LEVELS)[number]

export const MAX_COMPONENTS = 12

/** What a need index uses when its spec leaves a choice out (the contract's defaults, the client's URL). */
export const INDEX_DEFAULTS = { method: 'rank', level: 'lsoa21', missing: 'exclude-area' } as const
