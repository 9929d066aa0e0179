/**
 * Community asset importers: one reader per source, one loader for all. Points come from the
 * source's coordinates or, for postcode-only sources, from OS Code-Point Open; assets further than
 * the buffer from the borough are dropped (the files are national or London-wide elsewhere).
 */
import type { AssetRow } from '../../geodata/read/assets'
import { readGenericAssetCsv } from '../../geodata/read/assetListCsv'
import { readLibraries } from '../../geodata/read/libraries'
import { readGpPractices, readHospitals, readPharmacies } from '../../geodata/read/nhsAssets'
import { readPlacesOfWorship } from '../../geodata/read/placesOfWorship'
import { readSchools } from '../../geodata/read/schools'
import { closeAssetsGoneFromSource, deleteAssetsBeyond, deleteContextAssetsHeldByBorough, deleteContextAssetsOutside, REMOVED_FROM_SOURCE, upsertAssets, type AssetInsert } from '../db/assetImports'
import { contextLevel } from '../db/context'
import type { ImportContext, ImportFn, ImportOutcome } from './runner'

/** Metres beyond the borough boundary within which assets are kept (residents cross boundaries). */
export const ASSET_BUFFER_M = 2000
const HOSPITAL_BUFFER_M = 3000

const toInsert = (r: AssetRow): AssetInsert => ({
  category: r.category, name: r.name, address: r.address || null, postcode: r.postcode, source_ref: r.sourceRef,
  precision: r.precision, status: r.status, attrs: r.attrs, lon: r.lon ?? null, lat: r.lat ?? null,
  easting: r.easting ?? null, northing: r.northing ?? null,
})

export async function loadAssets(ctx: ImportContext, datasetId: string, rows: AssetRow[], bufferM = ASSET_BUFFER_M, rejectedBefore = 0): Promise<ImportOutcome> {
  if (ctx.context) return loadContextAssets(ctx, rows)
  // Matched on the publisher's code: ids, editors' overrides and the audit trail survive re-imports.
  const { loaded, ungeocoded } = await upsertAssets(ctx.trx, datasetId, rows.map(toInsert))
  noteUngeocoded(ctx, ungeocoded)
  const dropped = await deleteAssetsBeyond(ctx.trx, datasetId, ctx.la, bufferM)
  if (dropped) ctx.note(`${dropped} further than ${bufferM} m from the borough, not kept`)
  const gone = await closeAssetsGoneFromSource(ctx.trx, datasetId)
  if (gone) ctx.note(`${gone} no longer in the source: closed (${REMOVED_FROM_SOURCE}), not deleted`)
  return { read: rows.length + rejectedBefore, loaded: loaded - dropped, rejected: ungeocoded.length + rejectedBefore }
}

/**
 * A context import (the same readers over the London- or England-wide file): the points inside the
 * context's LSOAs held (the London boroughs around the focus), in the context's own table, each
 * marked with the context's name as the context areas are.
 */
async function loadContextAssets(ctx: ImportContext, rows: AssetRow[]): Promise<ImportOutcome> {
  const { name, datasetId: id } = ctx.context!
  const { loaded, ungeocoded } = await upsertAssets(ctx.trx, id, rows.map((r) => ({ ...toInsert(r), attrs: { ...r.attrs, context: name } })), 'context_assets')
  noteUngeocoded(ctx, ungeocoded)
  const outside = await deleteContextAssetsOutside(ctx.trx, id, contextLevel('lsoa21'))
  if (outside) ctx.note(`${outside} outside the context's LSOAs held, not kept`)
  const held = await deleteContextAssetsHeldByBorough(ctx.trx, id)
  if (held) ctx.note(`${held} already held as the borough's own assets (same source id), not doubled`)
  const gone = await closeAssetsGoneFromSource(ctx.trx, id, 'context_assets')
  if (gone) ctx.note(`${gone} no longer in the source: closed (${REMOVED_FROM_SOURCE}), not deleted`)
  return { read: rows.length, loaded: loaded - outside - held, rejected: ungeocoded.length }
}

function noteUngeocoded(ctx: ImportContext, ungeocoded: AssetInsert[]): void {
  if (!ungeocoded.length) return
  ctx.note(`${ungeocoded.length} not located (no coordinates, postcode not in Code-Point Open): ${ungeocoded.slice(0, 10).map((u) => `${u.name} [${u.postcode ?? 'no postcode'}] (${u.source_ref})`).join('; ')}`)
}

export const importGps = (id: string): ImportFn => async (ctx) => loadAssets(ctx, id, await readGpPractices(ctx.file(0)))
export const importPharmacies = (id: string): ImportFn => async (ctx) => loadAssets(ctx, id, await readPharmacies(ctx.file(0)))
export const importHospitals = (id: string): ImportFn => async (ctx) => loadAssets(ctx, id, await readHospitals(ctx.file(0)), HOSPITAL_BUFFER_M)
export const importLibraries = (id: string): ImportFn => async (ctx) =>
  loadAssets(ctx, id, await readLibraries(ctx.file(0), { buildingsPath: ctx.file(1) }))
export const importSchools = (id: string): ImportFn => async (ctx) => loadAssets(ctx, id, await readSchools(ctx.file(0)))
export const importPlacesOfWorship = (id: string): ImportFn => async (ctx) => loadAssets(ctx, id, await readPlacesOfWorship(ctx.file(0)))

/** A council list (CSV: name, category, postcode or coordinates): bad rows are reported, not loaded. */
export const importAssetList = (id: string): ImportFn => async (ctx) => {
  const { rows, rejected } = await readGenericAssetCsv(ctx.file(0))
  for (const r of rejected.slice(0, 20)) ctx.note(`row ${r.row}${r.column ? `, column ${r.column}` : ''}: ${r.reason}`)
  if (rejected.length > 20) ctx.note(`... and ${rejected.length - 20} more rejected rows`)
  return loadAssets(ctx, id, rows, ASSET_BUFFER_M, rejected.length)
}
