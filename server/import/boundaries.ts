/**
 * Boundary importers: borough, LSOA 2021 and 2011, MSOA 2021 and wards 2022. Each keeps only the
 * configured local authority's areas, so national or London-wide official files work as well.
 */
import {
  ladFeatures, lsoa11Features, lsoa21Features, msoa21Features, readGeoJsonLines, readShapefile, readTopoJson, wardFeatures, type AreaFeature, type BoundarySet,
} from '../../geodata/read/boundaries'
import { SourceFormatError } from '../../geodata/read/errors'
import { deleteAreasOutsideBorough, insertAreas } from '../db/importStore'
import type { ImportContext, ImportFn, ImportOutcome } from './runner'
import { keepsAuthority, levelFor, storedAs } from './scope'

async function load(
  ctx: ImportContext, datasetId: string, level: string, set: BoundarySet, features: AreaFeature[],
  keep: (a: AreaFeature) => boolean,
): Promise<ImportOutcome> {
  const mine = features.filter(keep)
  if (mine.length === 0) {
    throw new SourceFormatError(set.file, `no ${level} areas for ${ctx.context ? `the ${ctx.context.name} context around` : 'local authority'} ${ctx.la} among ${features.length} features`)
  }
  const srid = set.crs === 'EPSG:27700' ? 27700 : 4326
  // Context areas say so in their attributes too, so every reader can mark them.
  const marks = ctx.context ? { context: ctx.context.name } : {}
  const { repaired } = await insertAreas(
    ctx.trx, storedAs(ctx, datasetId), srid,
    mine.map((a) => ({ level: levelFor(ctx, level), code: a.code, name: a.name, attrs: { parentCode: a.parentCode ?? null, ladCode: a.ladCode ?? null, ...marks }, geometry: a.geometry })),
  )
  if (repaired) ctx.note(`${repaired} invalid geometries repaired with ST_MakeValid`)
  return { read: features.length, loaded: mine.length, rejected: 0 }
}

export const importBorough =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const set = await readShapefile(ctx.file(0), { expectCrs: 'EPSG:27700' })
    return load(ctx, datasetId, 'borough', set, ladFeatures(set), (a) => keepsAuthority(ctx, a.code))
  }

export const importLsoa21 =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const set = await readShapefile(ctx.file(0), { expectCrs: 'EPSG:27700' })
    return load(ctx, datasetId, 'lsoa21', set, lsoa21Features(set), (a) => keepsAuthority(ctx, a.ladCode))
  }

/**
 * LSOA 2011 from a shapefile with LAD11CD, or from the England TopoJSON published one file per
 * authority (topo_<LAD>.json, no authority column: every feature is that authority's).
 */
export const importLsoa11 =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const file = ctx.file(0)
    const set = file.endsWith('.json') ? await readTopoJson(file) : await readShapefile(file, { expectCrs: 'EPSG:27700' })
    const perAuthorityFile = file.endsWith(`${ctx.la}.json`)
    return load(ctx, datasetId, 'lsoa11', set, lsoa11Features(set), (a) => a.ladCode === ctx.la || (perAuthorityFile && a.ladCode === undefined))
  }

/** MSOA files carry no authority code: keep those whose point on surface lies in the borough. */
export const importMsoa21 =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const set = await readShapefile(ctx.file(0), { expectCrs: 'EPSG:27700' })
    const all = msoa21Features(set)
    const o = await load(ctx, datasetId, 'msoa21', set, all, () => true)
    const removed = await deleteAreasOutsideBorough(ctx.trx, datasetId, 'msoa21', ctx.la)
    return { ...o, loaded: o.loaded - removed }
  }

export const importWards =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const set = await readGeoJsonLines(ctx.file(0))
    return load(ctx, datasetId, 'ward', set, wardFeatures(set), (a) => a.ladCode === ctx.la)
  }
