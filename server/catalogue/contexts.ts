/**
 * The contexts the service can hold around the focus authority (LOCAL_AUTHORITY): neighbouring
 * areas served muted beside it, only when a request asks (`context=london`).
 */
export const CONTEXTS = ['london'] as const
export type ContextName = (typeof CONTEXTS)[number]

/** How the UI names each context ("the neighbouring London LSOAs"). */
export const CONTEXT_TITLES: Record<ContextName, string> = { london: 'London' }
