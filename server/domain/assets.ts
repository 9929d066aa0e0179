/** Community assets by category, locality, bbox or distance from a point; one asset by id. */
import { assetCategoryIds } from '../catalogue/assetCategories'
import { countAssets, listAssets, type AssetQuery, type AssetRecord } from '../db/assets'
import type { Database } from '../db/connect'
import type { ContextName } from '../catalogue/contexts'
import { requireContext } from './areas'
import { InvalidParameter, NotFound } from './errors'

export const MAX_ASSETS_PER_RESPONSE = 2000

/** With a context (asked for), the assets held as that context are listed too, marked `context`. */
export async function findAssets(
  db: Database, { context, ...rest }: Omit<AssetQuery, 'limit' | 'context'> & { limit?: number; context?: ContextName },
): Promise<{ assets: AssetRecord[]; matched: number }> {
  if (context) await requireContext(db, context, 'lsoa21')
  const q = { ...rest, context: context !== undefined }
  const unknown = (q.categories ?? []).filter((c) => !assetCategoryIds.includes(c))
  if (unknown.length) {
    throw new InvalidParameter(`Unknown asset categor${unknown.length > 1 ? 'ies' : 'y'}: ${unknown.join(', ')} (known: ${assetCategoryIds.join(', ')})`, [
      { path: 'query.category', message: 'unknown category' },
    ])
  }
  const limit = Math.min(q.limit ?? MAX_ASSETS_PER_RESPONSE, MAX_ASSETS_PER_RESPONSE)
  const [assets, matched] = [await listAssets(db.knex, { ...q, limit }), await countAssets(db.knex, { ...q, limit })]
  return { assets, matched }
}

export async function getAsset(db: Database, id: number): Promise<AssetRecord> {
  const [a] = await listAssets(db.knex, { ids: [id], limit: 1 })
  if (!a) throw new NotFound(`No asset with id ${id}`)
  return a
}
