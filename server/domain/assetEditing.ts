/**
 * Editors change community assets: edit fields or move one (PATCH), close an imported asset or
 * remove one added through the API (DELETE). Each change locks the row, records before and after in
 * the audit trail and bumps the data version (tiles and ETags follow), all in one transaction.
 *
 * Edits and closures of imported assets survive re-imports of their dataset: the asset keeps its id
 * (matched on the publisher's code) and what the editor set is stored as overrides, applied again
 * over each import (server/db/assetImports.ts, upsertAssets).
 */
import type { Database, Queryable, Transaction } from '../db/connect'
import { assetCategoryIds } from '../catalogue/assetCategories'
import {
  withinOfBorough,
  assetSnapshot, deleteAssetRow, insertUserAsset, postcodePoint, updateAsset, USER_DATASET, type AssetChange, type AssetSnapshot,
} from '../db/assetWrites'
import { bumpDataVersion } from '../db/status'
import { recordAudit, type WriteContext } from './audit'
import { randomUUID } from 'node:crypto'
import { Conflict, InvalidParameter, NotFound, Unlocatable } from './errors'

/** How far outside the authority an asset may be (hospitals and hubs just over the boundary serve residents too). */
export const MAX_DISTANCE_OUTSIDE_M = 3000

/**
 * A point for an asset: given coordinates (exact), else its postcode through the postcodes table.
 * Throws Unlocatable for an unknown postcode or a point too far from the authority.
 */
export async function locate(
  db: Queryable, la: string, where: { lon?: number | null; lat?: number | null; postcode?: string | null },
): Promise<{ lon: number; lat: number; precision: 'exact' | 'postcode' }> {
  let p: { lon: number; lat: number; precision: 'exact' | 'postcode' }
  if (where.lon != null && where.lat != null) p = { lon: where.lon, lat: where.lat, precision: 'exact' }
  else if (where.postcode) {
    const found = await postcodePoint(db, where.postcode)
    if (!found) throw new Unlocatable(`Postcode ${where.postcode} is not in the postcode directory; give lon/lat instead.`)
    p = { ...found, precision: 'postcode' }
  } else throw new Unlocatable('Give a postcode or lon/lat to place the asset.')
  if (!(await withinOfBorough(db, la, p, MAX_DISTANCE_OUTSIDE_M))) throw new Unlocatable(`The point ${p.lon},${p.lat} is more than ${MAX_DISTANCE_OUTSIDE_M / 1000} km outside the borough.`)
  return p
}

export function checkCategory(category: string): void {
  if (!assetCategoryIds.includes(category)) {
    throw new InvalidParameter(`Unknown asset category: ${category}`, [{ path: 'body.category', message: `must be one of ${assetCategoryIds.join(', ')}` }])
  }
}

/** attrs merged key by key; a null value removes the key. */
export function mergeAttrs(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

export interface AssetPatch {
  name?: string
  category?: string
  address?: string | null
  postcode?: string | null
  status?: 'open' | 'closed'
  lon?: number
  lat?: number
  attrs?: Record<string, unknown>
}

async function lockedAsset(trx: Transaction, id: number): Promise<AssetSnapshot> {
  const a = await assetSnapshot(trx, id, { forUpdate: true })
  if (!a || !a.verified) throw new NotFound(`No asset with id ${id}`)
  return a
}

/** Applies an editor's patch; moving by postcode re-geocodes it through the postcodes table. */
export async function editAsset(db: Database, ctx: WriteContext, la: string, id: number, p: AssetPatch): Promise<AssetSnapshot> {
  if (p.category !== undefined) checkCategory(p.category)
  return db.transaction(async (trx) => {
    const before = await lockedAsset(trx, id)
    const { lon, lat, attrs, ...cols } = p
    const change: AssetChange = { ...cols }
    if (attrs) change.attrs = mergeAttrs(before.attrs, attrs)
    if (lon !== undefined && lat !== undefined) change.point = await locate(trx, la, { lon, lat })
    else if (p.postcode && p.postcode !== before.postcode) change.point = await locate(trx, la, { postcode: p.postcode })
    await updateAsset(trx, id, change)
    const after = (await assetSnapshot(trx, id))!
    // a change of status alone is a closure or a reopening, named so in the trail
    const action = Object.keys(p).length === 1 && p.status ? (p.status === 'closed' ? 'asset.close' : 'asset.reopen') : 'asset.update'
    await recordAudit(trx, ctx, { action, entity: 'asset', entityId: id, before, after })
    await bumpDataVersion(trx)
    return after
  })
}

export interface NewAssetInput {
  name: string
  category: string
  address?: string
  postcode?: string
  lon?: number
  lat?: number
  /** where the information comes from */
  provenance: string
  note?: string
}

/** An editor adds an asset (in the user dataset, like an accepted suggestion), audited as asset.create. */
export async function createAsset(db: Database, ctx: WriteContext, la: string, a: NewAssetInput): Promise<AssetSnapshot> {
  checkCategory(a.category)
  return db.transaction(async (trx) => {
    const p = await locate(trx, la, a)
    const id = await insertUserAsset(trx, {
      category: a.category, name: a.name, address: a.address ?? null, postcode: a.postcode ?? null, precision: p.precision,
      source_ref: `editor-${randomUUID()}`, attrs: { provenance: a.provenance, ...(a.note ? { note: a.note } : {}) }, lon: p.lon, lat: p.lat,
    })
    const after = (await assetSnapshot(trx, id))!
    await recordAudit(trx, ctx, { action: 'asset.create', entity: 'asset', entityId: id, before: null, after })
    await bumpDataVersion(trx)
    return after
  })
}

/** Closes an imported asset (it stays, marked closed); removes one that was added through the API. */
export async function removeAsset(db: Database, ctx: WriteContext, id: number): Promise<{ id: number; action: 'closed' | 'removed'; asset: AssetSnapshot | null }> {
  return db.transaction(async (trx) => {
    const before = await lockedAsset(trx, id)
    if (before.dataset_id === USER_DATASET) {
      await deleteAssetRow(trx, id)
      await recordAudit(trx, ctx, { action: 'asset.delete', entity: 'asset', entityId: id, before, after: null })
      await bumpDataVersion(trx)
      return { id, action: 'removed' as const, asset: null }
    }
    if (before.status === 'closed') throw new Conflict(`Asset ${id} is already closed.`)
    await updateAsset(trx, id, { status: 'closed' })
    const after = (await assetSnapshot(trx, id))!
    await recordAudit(trx, ctx, { action: 'asset.close', entity: 'asset', entityId: id, before, after })
    await bumpDataVersion(trx)
    return { id, action: 'closed' as const, asset: after }
  })
}
