import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ladFeatures,
  lsoa11Features,
  lsoa21Features,
  msoa21Features,
  readGeoJson,
  readGeoJsonLines,
  readShapefile,
  readTopoJson,
  wardFeatures,
} from '../../geodata/read/boundaries'
import { raw, scale } from './dataDir'
import { copyShapefile, expectFormatError, tempDir, writeTemp } from './fixtures'

const bng = { expectCrs: 'EPSG:27700' } as const
const WGS84_PRJ = readFileSync(raw('osm-geofabrik-2019', 'bd2km_gis_osm_pofw_free_1.prj'), 'utf-8')

describe('boundary shapefiles', () => {
  it('reads the 115 B&D LSOA 2021 polygons in British National Grid with MSOA and LAD codes', async () => {
    const set = await readShapefile(raw('london-data', 'bd_lsoa21_gen20.shp'), bng)
    expect(set.crs).toBe('EPSG:27700')
    const areas = lsoa21Features(set)
    expect(areas).toHaveLength(115)
    expect(new Set(areas.map((a) => a.code)).size).toBe(115)
    const first = areas.find((a) => a.code === 'E01000006')!
    expect(first).toMatchObject({ name: 'Barking and Dagenham 016A', parentCode: 'E02000017', ladCode: 'E09000002' })
    // Coordinates stay in metres on the grid (B&D is around E 543-552 k, N 181-191 k).
    const [e, n] = (first.geometry.type === 'Polygon' ? first.geometry.coordinates[0] : first.geometry.coordinates[0][0])[0]
    expect(e).toBeGreaterThan(540_000)
    expect(n).toBeGreaterThan(180_000)
  })

  it('reads 110 LSOA 2011, 22 MSOA 2021 and the one borough outline', async () => {
    const lsoa11 = lsoa11Features(await readShapefile(raw('london-data', 'bd_lsoa11_gen20.shp'), bng))
    expect(lsoa11).toHaveLength(110)
    expect(lsoa11.every((a) => a.ladCode === 'E09000002')).toBe(true)
    const msoa = msoa21Features(await readShapefile(raw('london-data', 'bd_msoa21_gen20.shp'), bng))
    expect(msoa).toHaveLength(22)
    expect(msoa.find((a) => a.code === 'E02000002')?.name).toBe('Barking and Dagenham 001')
    const lad = ladFeatures(await readShapefile(raw('london-data', 'bd_lad22_gen20.shp'), bng))
    expect(lad.map((a) => [a.code, a.name])).toEqual([['E09000002', 'Barking and Dagenham']])
  })

  it('reads all 4,994 London LSOA 2021 polygons quickly', async () => {
    const t0 = performance.now()
    const areas = lsoa21Features(await readShapefile(scale('london_lsoa21_gen20.shp'), bng))
    const ms = performance.now() - t0
    console.info(`london_lsoa21_gen20.shp: ${areas.length} features in ${ms.toFixed(0)} ms`)
    expect(areas).toHaveLength(4994)
    expect(areas.filter((a) => a.ladCode === 'E09000002')).toHaveLength(115)
    expect(ms).toBeLessThan(10_000)
  })
})

describe('boundary GeoJSON and TopoJSON', () => {
  it('reads the 19 Dec-2022 wards from GeoJSON Lines, Abbey first', async () => {
    const set = await readGeoJsonLines(raw('ons-wards-2022', 'bd_wards_WD22.geojsonl'))
    expect(set.crs).toBe('EPSG:4326')
    const wards = wardFeatures(set)
    expect(wards).toHaveLength(19)
    expect(wards[0]).toMatchObject({ code: 'E05014053', name: 'Abbey', ladCode: 'E09000002' })
    expect(wards.map((w) => w.code).sort().at(-1)).toBe('E05014071')
  })

  it('reads the same 110 LSOA 2011 codes from the UK-GeoJSON GeoJSON and TopoJSON files', async () => {
    const geo = lsoa11Features(await readGeoJson(raw('uk-geojson', 'bd_lsoa11_E09000002.json')))
    const topo = lsoa11Features(await readTopoJson(scale('england_lsoa11_topojson_by_lad', 'topo_E09000002.json')))
    expect(geo).toHaveLength(110)
    expect(topo.map((a) => a.code).sort()).toEqual(geo.map((a) => a.code).sort())
    expect(topo.find((a) => a.code === 'E01000006')?.name).toBe('Barking and Dagenham 016A')
  })

  it('reads the 326 England TopoJSON files: 32,844 LSOA 2011', async () => {
    const dir = scale('england_lsoa11_topojson_by_lad')
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    const t0 = performance.now()
    let count = 0
    for (const file of files) count += lsoa11Features(await readTopoJson(`${dir}/${file}`, file.slice(5, -5))).length
    const ms = performance.now() - t0
    console.info(`england_lsoa11_topojson_by_lad: ${files.length} files, ${count} features in ${ms.toFixed(0)} ms`)
    expect(files).toHaveLength(326)
    expect(count).toBe(32_844)
    expect(ms).toBeLessThan(30_000)
  })
})

describe('broken boundary files', () => {
  const dir = tempDir()
  const lad = raw('london-data', 'bd_lad22_gen20.shp')

  it('refuses a shapefile whose .prj is WGS84 when BNG is expected', async () => {
    const shp = copyShapefile(lad, dir, 'wgs_prj')
    writeFileSync(shp.replace('.shp', '.prj'), WGS84_PRJ)
    await expectFormatError(readShapefile(shp, bng), { file: 'wgs_prj.shp', detail: /EPSG:4326, expected EPSG:27700/ })
  })

  it('refuses a .prj in a coordinate system it does not know', async () => {
    const shp = copyShapefile(lad, dir, 'irish_prj')
    writeFileSync(shp.replace('.shp', '.prj'), 'PROJCS["TM65_Irish_Grid",GEOGCS["GCS_TM65",DATUM["D_TM65"]]]')
    await expectFormatError(readShapefile(shp, bng), { file: 'irish_prj.prj', detail: /unsupported coordinate system "TM65_Irish_Grid"/ })
  })

  it('refuses a shapefile with no .prj', async () => {
    const shp = copyShapefile(lad, dir, 'no_prj')
    rmSync(shp.replace('.shp', '.prj'))
    await expectFormatError(readShapefile(shp, bng), { file: 'no_prj.shp', detail: /no \.prj/ })
  })

  it('refuses a truncated .shp', async () => {
    const shp = copyShapefile(raw('london-data', 'bd_lsoa21_gen20.shp'), dir, 'truncated')
    const bytes = readFileSync(shp)
    writeFileSync(shp, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await expectFormatError(readShapefile(shp, bng), { file: 'truncated.shp', detail: /truncated.*header says 65400 bytes, file has 32700/ })
  })

  it('refuses a polygon with a NaN coordinate, naming the feature', async () => {
    const shp = copyShapefile(lad, dir, 'nan')
    const bytes = readFileSync(shp)
    const numParts = bytes.readInt32LE(100 + 8 + 4 + 32)
    bytes.writeDoubleLE(Number.NaN, 100 + 8 + 4 + 32 + 8 + 4 * numParts) // first x of feature 1
    writeFileSync(shp, bytes)
    await expectFormatError(readShapefile(shp, bng), { file: 'nan.shp', row: 1, detail: /not a pair of finite numbers/ })
  })

  it('refuses a GeoJSON Lines ward whose ring is not closed, naming the line', async () => {
    const lines = readFileSync(raw('ons-wards-2022', 'bd_wards_WD22.geojsonl'), 'utf-8').trimEnd().split('\n')
    const ward = JSON.parse(lines[2])
    const ring = ward.geometry.type === 'Polygon' ? ward.geometry.coordinates[0] : ward.geometry.coordinates[0][0]
    ring.pop() // drop the closing vertex of the first ring
    lines[2] = JSON.stringify(ward)
    const path = writeTemp(dir, 'unclosed.geojsonl', lines.join('\n'))
    await expectFormatError(readGeoJsonLines(path), { file: 'unclosed.geojsonl', row: 3, detail: /first and last positions must be equivalent/ })
  })

  it('refuses a ring of three positions and a truncated line', async () => {
    const tiny = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 51], [0.1, 51], [0, 51]]] } }
    const path = writeTemp(dir, 'tiny.geojsonl', `${JSON.stringify(tiny)}\n`)
    await expectFormatError(readGeoJsonLines(path), { row: 1, detail: /at least 4 positions, has 3/ })
    const cut = writeTemp(dir, 'cut.geojsonl', readFileSync(raw('ons-wards-2022', 'bd_wards_WD22.geojsonl'), 'utf-8').slice(0, 5000))
    await expectFormatError(readGeoJsonLines(cut), { file: 'cut.geojsonl', detail: /not valid JSON/ })
  })

  it('names the missing property when a file lacks the geography asked for', async () => {
    const set = await readShapefile(raw('london-data', 'bd_lsoa21_gen20.shp'), bng)
    await expectFormatError(() => wardFeatures(set), { file: 'bd_lsoa21_gen20.shp', row: 1, column: 'WD22CD', detail: /missing property/ })
  })

  it('refuses an empty GeoJSON file', async () => {
    await expectFormatError(readGeoJson(writeTemp(dir, 'empty.json', '')), { file: 'empty.json', detail: /empty/ })
  })
})
