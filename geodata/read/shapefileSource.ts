import { readFile } from 'node:fs/promises'
import * as shapefile from 'shapefile'
import type { Feature, Geometry } from 'geojson'
import { SourceFormatError } from './errors.js'
import { assertCrs, crsFromPrj, type Crs } from './crs.js'
import { checkFeature } from './geometryCheck.js'

export interface ShapefileOptions<G extends Geometry> {
  /** Throw unless the .prj names this CRS. */
  expectCrs?: Crs
  /** GeoJSON geometry types a feature may have. */
  geometryTypes: readonly G['type'][]
}

export interface FeatureSet<G extends Geometry = Geometry> {
  file: string
  crs: Crs
  features: Feature<G>[]
}

// Shapefile header shape types (ESRI whitepaper, table 1), Z and M variants included.
const SHAPE_TYPE_NAMES: Record<number, string> = { 0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint' }

/**
 * Reads every feature of a shapefile (.shp + .dbf + .prj, .cpg optional) with coordinates left in
 * the source CRS. Before streaming the records it checks what the `shapefile` package does not:
 * the .prj exists and names the expected CRS, the .shp is as long as its header says (a
 * truncated copy is caught here), and the .dbf holds as many records as the .shp has shapes.
 *
 * @example
 * const { crs, features } = await readShapefileFeatures('bd_lad22_gen20.shp', { expectCrs: 'EPSG:27700', geometryTypes: ['Polygon', 'MultiPolygon'] })
 */
export async function readShapefileFeatures<G extends Geometry>(
  shpPath: string,
  options: ShapefileOptions<G>,
): Promise<FeatureSet<G>> {
  const base = shpPath.replace(/\.shp$/i, '')
  const prj = await readOptional(`${base}.prj`)
  if (prj === null) throw new SourceFormatError(shpPath, `no .prj beside it (${base}.prj), so its coordinate system is unknown`)
  const crs = crsFromPrj(`${base}.prj`, prj.toString('utf-8'))
  assertCrs(shpPath, crs, options.expectCrs)

  const shp = await readRequired(shpPath, '.shp')
  checkShpHeader(shpPath, shp)
  const dbfPath = `${base}.dbf`
  const dbf = await readRequired(dbfPath, '.dbf')
  const dbfCount = checkDbfHeader(dbfPath, dbf)
  const cpg = await readOptional(`${base}.cpg`)
  const encoding = cpg ? cpg.toString('latin1').trim().toLowerCase() : 'windows-1252'

  const source = await shapefile.open(shp, dbf, { encoding })
  const features: Feature<G>[] = []
  for (let row = 1; ; row++) {
    let next: { done: boolean; value: Feature }
    try {
      next = await source.read()
    } catch (err) {
      throw new SourceFormatError(shpPath, `unreadable record: ${(err as Error).message}`, row)
    }
    if (next.done) break
    features.push(checkFeature(shpPath, row, next.value, options.geometryTypes))
  }
  if (features.length !== dbfCount) {
    throw new SourceFormatError(dbfPath, `has ${dbfCount} records but the .shp has ${features.length} shapes`)
  }
  return { file: shpPath, crs, features }
}

function checkShpHeader(file: string, shp: Buffer): void {
  if (shp.length < 100) throw new SourceFormatError(file, `truncated: ${shp.length} bytes, shorter than the 100-byte header`)
  if (shp.readInt32BE(0) !== 9994) throw new SourceFormatError(file, 'not a shapefile (file code is not 9994)')
  const declared = shp.readInt32BE(24) * 2
  if (declared !== shp.length) {
    throw new SourceFormatError(file, `truncated or padded: header says ${declared} bytes, file has ${shp.length}`)
  }
  const type = shp.readInt32LE(32)
  if (SHAPE_TYPE_NAMES[type % 10] === undefined) throw new SourceFormatError(file, `unknown shape type ${type}`)
}

/** Returns the record count after checking that the .dbf is as long as its header implies. */
function checkDbfHeader(file: string, dbf: Buffer): number {
  if (dbf.length < 32) throw new SourceFormatError(file, `truncated: ${dbf.length} bytes, shorter than the 32-byte header`)
  const count = dbf.readUInt32LE(4)
  const expected = dbf.readUInt16LE(8) + count * dbf.readUInt16LE(10)
  if (dbf.length < expected) throw new SourceFormatError(file, `truncated: header implies ${expected} bytes, file has ${dbf.length}`)
  return count
}

async function readOptional(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

async function readRequired(path: string, what: string): Promise<Buffer> {
  const buffer = await readOptional(path)
  if (buffer === null) throw new SourceFormatError(path, `missing ${what} file`)
  return buffer
}
