/**
 * Co-production: anyone suggests a new community asset or a correction; the suggestion waits in a
 * moderation queue and is never published (it lives in its own table, not in `assets`) until an
 * editor accepts it. Accepting creates or updates the asset as verified; rejecting records why.
 * Each step is one transaction with its audit rows. Text is stored as given (after the edge has
 * refused control characters) and only ever returned as JSON, never rendered as HTML by the server.
 */
import type { Database, Transaction } from '../db/connect'
import { assetSnapshot, insertUserAsset, updateAsset, type AssetSnapshot } from '../db/assetWrites'
import { bumpDataVersion } from '../db/status'
import {
  decideSuggestion, getSuggestion, insertSuggestion, listSuggestions, type SuggestionInsert, type SuggestionRow, type SuggestionStatus,
} from '../db/suggestions'
import { checkCategory, locate, mergeAttrs } from './assetEditing'
import { recordAudit, type WriteContext } from './audit'
import { Conflict, InvalidParameter, NotFound } from './errors'

export type { SuggestionInsert, SuggestionRow, SuggestionStatus }

/** Stores a suggestion as pending. A correction must name a published asset; a new asset needs a category and a place. */
export async function submitSuggestion(db: Database, ctx: WriteContext, la: string, s: SuggestionInsert): Promise<SuggestionRow> {
  if (s.category !== null) checkCategory(s.category)
  if (s.kind === 'new-asset') {
    if (s.category === null) throw new InvalidParameter('A new asset needs a category.', [{ path: 'body.category', message: 'required for kind new-asset' }])
    if (s.postcode === null && s.lon === null) {
      throw new InvalidParameter('A new asset needs a postcode or lon/lat.', [{ path: 'body.postcode', message: 'give a postcode or lon and lat' }])
    }
  }
  return db.transaction(async (trx) => {
    if (s.kind === 'correction') {
      const target = s.asset_id === null ? null : await assetSnapshot(trx, s.asset_id)
      if (!target || !target.verified) throw new NotFound(`No asset with id ${s.asset_id} to correct`)
    }
    // Places are checked now so the person suggesting hears about a typo while they are still here.
    if (s.lon !== null || s.kind === 'new-asset') await locate(trx, la, s)
    const row = await insertSuggestion(trx, s)
    await recordAudit(trx, ctx, { action: 'suggestion.create', entity: 'suggestion', entityId: row.id, before: null, after: row })
    return row
  })
}

export async function suggestionQueue(db: Database, q: { status?: SuggestionStatus; limit: number; offset: number }) {
  return listSuggestions(db.knex, q)
}

export async function getOneSuggestion(db: Database, id: number): Promise<SuggestionRow> {
  const s = await getSuggestion(db.knex, id)
  if (!s) throw new NotFound(`No suggestion with id ${id}`)
  return s
}

/** What an editor may change while accepting. */
export interface AcceptEdits {
  name?: string
  category?: string
  address?: string | null
  description?: string | null
  postcode?: string | null
  lon?: number
  lat?: number
}

async function pending(trx: Transaction, id: number): Promise<SuggestionRow> {
  const s = await getSuggestion(trx, id, { forUpdate: true })
  if (!s) throw new NotFound(`No suggestion with id ${id}`)
  if (s.status !== 'pending') throw new Conflict(`Suggestion ${id} was already ${s.status}${s.decided_at ? ` at ${s.decided_at}` : ''}.`)
  return s
}

/**
 * Publishes a suggestion: a new asset is created verified (located by lon/lat, else by postcode),
 * a correction updates its asset. Returns the suggestion and the asset as published.
 */
export async function acceptSuggestion(
  db: Database, ctx: WriteContext, la: string, id: number, edits: AcceptEdits = {},
): Promise<{ suggestion: SuggestionRow; asset: AssetSnapshot }> {
  if (edits.category !== undefined) checkCategory(edits.category)
  return db.transaction(async (trx) => {
    const before = await pending(trx, id)
    const s = { ...before, ...edits }
    const moved = edits.lon !== undefined ? { lon: edits.lon, lat: edits.lat, postcode: null } : edits.postcode ? { postcode: edits.postcode } : null
    const extra = mergeAttrs(s.fields, s.description ? { description: s.description } : {})
    let assetBefore: AssetSnapshot | null = null
    let assetId: number
    if (s.kind === 'new-asset') {
      const p = await locate(trx, la, moved ?? s)
      assetId = await insertUserAsset(trx, {
        category: s.category!, name: s.name, address: s.address, postcode: s.postcode, precision: p.precision,
        source_ref: `suggestion-${id}`, attrs: { ...extra, suggestion_id: id }, lon: p.lon, lat: p.lat,
      })
    } else {
      assetBefore = await assetSnapshot(trx, s.asset_id!, { forUpdate: true })
      if (!assetBefore || !assetBefore.verified) throw new Conflict(`Asset ${s.asset_id} no longer exists (re-imported or removed); reject this correction.`)
      assetId = assetBefore.id
      const givenPlace = s.lon !== null ? { lon: s.lon, lat: s.lat } : s.postcode && s.postcode !== assetBefore.postcode ? { postcode: s.postcode } : null
      const place = moved ?? givenPlace
      await updateAsset(trx, assetId, {
        name: s.name,
        ...(s.category ? { category: s.category } : {}),
        ...(s.address ? { address: s.address } : {}),
        ...(s.postcode ? { postcode: s.postcode } : {}),
        attrs: mergeAttrs(assetBefore.attrs, { ...extra, corrected_by_suggestion: id }),
        ...(place ? { point: await locate(trx, la, place) } : {}),
      })
    }
    const asset = (await assetSnapshot(trx, assetId))!
    const decided = await decideSuggestion(trx, id, { status: 'accepted', decided_by: ctx.actor.id ?? ctx.actor.name, reason: null, asset_id: assetId })
    await recordAudit(trx, ctx, {
      action: assetBefore ? 'asset.update' : 'asset.create', entity: 'asset', entityId: assetId, before: assetBefore, after: asset,
    })
    await recordAudit(trx, ctx, { action: 'suggestion.accept', entity: 'suggestion', entityId: id, before, after: decided })
    await bumpDataVersion(trx)
    return { suggestion: decided, asset }
  })
}

export async function rejectSuggestion(db: Database, ctx: WriteContext, id: number, reason: string): Promise<SuggestionRow> {
  return db.transaction(async (trx) => {
    const before = await pending(trx, id)
    const after = await decideSuggestion(trx, id, { status: 'rejected', decided_by: ctx.actor.id ?? ctx.actor.name, reason })
    await recordAudit(trx, ctx, { action: 'suggestion.reject', entity: 'suggestion', entityId: id, before, after })
    return after
  })
}
