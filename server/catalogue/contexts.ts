/**
 * The contexts the service can hold around the focus authority (LOCAL_AUTHORITY): neighbouring
 * areas served muted beside it, only when a request asks (`context=london`).
 */
export const CONTEXTS = ['london'] as const
export type ContextName = (typeof CONTEXTS)[number]

/** How the UI names each context ("the neighbouring London LSOAs"). */
export const CONTEXT_TITLES: Record<ContextName, string> = { london: 'London' }

/**
 * How far beyond the boundary siting demand reaches when it may cross it (as assets are kept 2 km
 * beyond): families just outside use the borough's hubs. The catalogue carries it so the siting
 * form names the distance the solver uses.
 */
export const CONTEXT_DEMAND_WITHIN_M = 2000
