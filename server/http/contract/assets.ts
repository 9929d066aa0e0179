/** GET /api/assets and asset edits: community assets as GeoJSON points. */
import type { FeatureCollection, Point } from 'geojson'
import type { assetFeature } from '../../domain/exports/features'

/** The properties the server writes for an asset (assetFeature): one definition. */
export type AssetProperties = ReturnType<typeof assetFeature>['properties']

export type AssetCollection = FeatureCollection<Point, AssetProperties>
