import { describe, expect, it } from 'vitest'
import { readOsmPlaces, readOsmRailways, readOsmWater, readOsmWaterways, readStations, readThames } from '../../geodata/read/basemap'
import { raw } from './dataDir'
import { expectFormatError, tempDir, writeTemp } from './fixtures'

const osm = (layer: string) => raw('osm-geofabrik-2019', `bd2km_gis_osm_${layer}_free_1.shp`)
const count = (values: (string | null)[]) => values.reduce<Record<string, number>>((m, v) => ({ ...m, [String(v)]: (m[String(v)] ?? 0) + 1 }), {})

describe('basemap context layers', () => {
  it('reads OSM water polygons, waterways, railways and places with a kind', async () => {
    const water = await readOsmWater(osm('water_a'))
    expect(water).toHaveLength(185)
    expect(count(water.map((f) => f.properties.class))).toEqual({ water: 156, wetland: 20, dock: 7, river: 1, reservoir: 1 })
    expect(water.every((f) => f.properties.kind === 'water')).toBe(true)

    const waterways = await readOsmWaterways(osm('waterways'))
    expect(waterways).toHaveLength(228)
    expect(waterways[0].properties).toMatchObject({ kind: 'waterway', name: 'Barking Creek', class: 'river', sourceRef: 'osm:2310279' })

    const railways = await readOsmRailways(osm('railways'))
    expect(count(railways.map((f) => f.properties.class))).toEqual({ rail: 529, subway: 177, light_rail: 98, miniature_railway: 2 })

    const places = await readOsmPlaces(osm('places'))
    expect(places).toHaveLength(45)
    expect(places.find((f) => f.properties.name === 'Barking')?.properties.class).toBe('town')
  })

  it('merges OSM station points with National Rail codes and adds the stations OSM lacks', async () => {
    const stations = await readStations(osm('transport'), raw('uk-railway-stations', 'bd2km_stations.csv'))
    expect(stations).toHaveLength(34) // 30 OSM points + 4 National Rail stations not among them
    const byName = Object.fromEntries(stations.map((f) => [f.properties.name, f.properties]))
    expect(byName['Barking']).toMatchObject({ source: 'osm-geofabrik-2019', crsCode: 'BKG' })
    expect(byName['Rainham']).toMatchObject({ crsCode: 'RNM' })
    expect(byName['Upney']).toMatchObject({ source: 'osm-geofabrik-2019' })
    expect(byName['Upney'].crsCode).toBeUndefined()
    expect(byName['Barking Riverside']).toMatchObject({ source: 'uk-railway-stations', crsCode: 'BGV' })
    expect(stations.every((f) => f.properties.kind === 'station')).toBe(true)
  })

  it('reads the 10 simplified Thames polygons', async () => {
    const thames = await readThames(raw('oobrien-vis', 'bd2km_river_thames_simp.geojson'))
    expect(thames).toHaveLength(10)
    expect(thames[0].properties).toMatchObject({ kind: 'thames', name: 'River Thames' })
  })

  it('names a station row with text in the lat column', async () => {
    const dir = tempDir()
    const path = writeTemp(dir, 'stations.csv', 'stationName,lat,long,crsCode,iataAirportCode,constituentCountry\nBarking,north,0.080804,BKG,,england\n')
    await expectFormatError(readStations(osm('transport'), path), { file: 'stations.csv', row: 2, column: 'lat', detail: /expected a number/ })
  })
})
