import { writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readPlacesOfWorship } from '../../geodata/read/placesOfWorship'
import { raw } from './dataDir'
import { copyShapefile, expectFormatError, tempDir } from './fixtures'

const POFW = raw('osm-geofabrik-2019', 'bd2km_gis_osm_pofw_free_1.shp')

describe('OSM places of worship', () => {
  it('reads the 69 points with their religion and ODbL attribution', async () => {
    const rows = await readPlacesOfWorship(POFW)
    expect(rows).toHaveLength(69)
    const religions: Record<string, number> = {}
    for (const r of rows) religions[r.attrs.religion as string] = (religions[r.attrs.religion as string] ?? 0) + 1
    expect(religions).toEqual({
      christian: 37,
      christian_anglican: 11,
      christian_catholic: 6,
      christian_methodist: 5,
      jewish: 3,
      christian_evangelical: 3,
      sikh: 2,
      muslim: 1,
      hindu: 1,
    })
    expect(rows[0]).toMatchObject({
      category: 'place_of_worship',
      name: 'Romford United Reformed Church',
      sourceRef: 'osm:31098616',
      lon: 0.187751,
      lat: 51.5784179,
      precision: 'exact',
      attrs: { licence: 'ODbL-1.0' },
    })
    expect(rows.filter((r) => r.attrs.unnamed)).toHaveLength(5)
  })

  it('refuses the layer when its .prj says British National Grid', async () => {
    const dir = tempDir()
    const shp = copyShapefile(POFW, dir, 'pofw_bng')
    writeFileSync(shp.replace('.shp', '.prj'), 'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936"]]')
    await expectFormatError(readPlacesOfWorship(shp), { file: 'pofw_bng.shp', detail: /EPSG:27700, expected EPSG:4326/ })
  })
})
