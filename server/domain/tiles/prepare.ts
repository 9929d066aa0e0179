/**
 * tile_areas: each area's tile properties and web-mercator geometry, prepared once per change to
 * areas or indicator values rather than aggregated per feature per request (see db/tiles).
 */
import type { Database } from '../../db/connect'
import { prepareTileAreas, type TilePrepared } from '../../db/tiles'
import { generalisedColumns, tileLayers } from './layers'

/** The area layers' sources, and a key naming them: tile_areas built for another key is stale. */
const areaSources = tileLayers.flatMap((l) => (l.source.kind === 'areas' ? [{ level: l.source.level, indicators: l.source.indicators }] : []))
export const tileLayersKey = JSON.stringify({ areaSources, generalisedColumns })

/** Whether the tile_areas a tile was read from were built for the areas version read with it. */
export const preparedIsCurrent = (p: TilePrepared | null | undefined, areasVersion: number | undefined) =>
  !!p && p.version === areasVersion && p.key === tileLayersKey

/**
 * Prepares tile_areas for the current data version now (import and start-up call it, so the first
 * tile after an import does not pay for it). Tiles also prepare it on demand when they find it stale.
 */
export async function prepareTiles(db: Database): Promise<void> {
  await prepareTileAreas(db.knex, areaSources, tileLayersKey, generalisedColumns)
}
