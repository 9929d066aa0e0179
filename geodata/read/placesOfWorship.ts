import type { Point } from 'geojson'
import { z } from 'zod'
import { SourceFormatError } from './errors.js'
import { readShapefileFeatures } from './shapefileSource.js'
import type { AssetRow } from './assets.js'

const propertiesSchema = z.object({
  osm_id: z.string().regex(/^\d+$/, 'expected a numeric OSM id'),
  fclass: z.string().min(1, 'expected a religion class'),
  name: z.string().nullable(),
})

/**
 * Reads the Geofabrik OSM places-of-worship points (gis_osm_pofw_free_1, WGS84, 2019-08-21).
 * `attrs.religion` is Geofabrik's fclass (christian_anglican, muslim ...). OSM points mark the
 * building or its entrance, so precision is 'exact'. Unnamed points are kept, named from their
 * class ("christian place of worship"), with `attrs.unnamed` true. Licence: ODbL 1.0,
 * "© OpenStreetMap contributors".
 *
 * @example (await readPlacesOfWorship(`${raw}/osm-geofabrik-2019/bd2km_gis_osm_pofw_free_1.shp`)).length // 69
 */
export async function readPlacesOfWorship(path: string): Promise<AssetRow[]> {
  const { features } = await readShapefileFeatures<Point>(path, { expectCrs: 'EPSG:4326', geometryTypes: ['Point'] })
  return features.map((feature, i) => {
    const result = propertiesSchema.safeParse(feature.properties)
    if (!result.success) {
      const issue = result.error.issues[0]
      throw new SourceFormatError(path, issue.message, i + 1, String(issue.path[0] ?? ''))
    }
    const p = result.data
    const named = p.name !== null && p.name.trim() !== ''
    const [lon, lat] = feature.geometry.coordinates
    return {
      category: 'place_of_worship',
      name: named ? p.name!.trim() : `${p.fclass.replace(/_/g, ' ')} place of worship`,
      address: '',
      postcode: null,
      sourceRef: `osm:${p.osm_id}`,
      lon,
      lat,
      precision: 'exact',
      status: 'open',
      attrs: { religion: p.fclass, unnamed: !named, licence: 'ODbL-1.0', attribution: '© OpenStreetMap contributors' },
    }
  })
}
