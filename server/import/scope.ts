/**
 * Which areas an import keeps. A normal import keeps the focus authority's (LOCAL_AUTHORITY) areas at
 * their own levels. A context import (the rest of London around the borough) runs the same importers
 * over the London-wide files but keeps the other authorities' areas, stores them at a level of their
 * own (`context_lsoa21` beside `lsoa21`) and under a dataset of their own, so the borough's rows and
 * every figure computed from them are untouched, and a query sees the context only when it asks.
 */
import { contextLevel, type ContextName } from '../db/context'
import type { ImportContext } from './runner'

/** The context an import is filling: the dataset its rows are stored under, and which authorities it keeps. */
export interface ContextScope {
  name: ContextName
  /** dataset id the rows are stored under (the source's own id stays the descriptors' key) */
  datasetId: string
  /** keep only these authorities (a subset, e.g. for a quick test); null: every London borough but the focus */
  lads: string[] | null
}

/** The level an import stores `level` rows at: its own, or the context's. */
export const levelFor = (ctx: Pick<ImportContext, 'context'>, level: string): string => (ctx.context ? contextLevel(level) : level)

/** The dataset id rows are stored under. */
export const storedAs = (ctx: Pick<ImportContext, 'context'>, datasetId: string): string => ctx.context?.datasetId ?? datasetId

/** London borough codes are E09; the context is every London borough except the focus one. */
export function keepsAuthority(ctx: Pick<ImportContext, 'context' | 'la'>, lad: string | undefined | null): boolean {
  if (!ctx.context) return lad === ctx.la
  if (!lad || lad === ctx.la || !lad.startsWith('E09')) return false
  return ctx.context.lads === null || ctx.context.lads.includes(lad)
}
