/**
 * The anchor-institution view: which assets are anchors, adding one, and for a chosen anchor the
 * LSOAs within a travel distance ranked by the deprivation that matters for jobs and spend, with
 * their working-age population and headline counts for a recruitment or procurement team.
 */
import { randomUUID } from 'node:crypto'
import { assetCategoryIds } from '../catalogue/assetCategories'
import { CATCHMENT_INDICATORS } from '../targeting/catchment'
import type { ContextName } from '../catalogue/contexts'
import { listAreas } from '../db/areas'
import { requireContext } from './areas'
import type { Database } from '../db/connect'
import type { OriginPoint } from '../db/reach'
import { bumpDataVersion } from '../db/status'
import * as store from '../db/targeting'
import { recordAudit, type WriteContext } from './audit'
import { getCatalogue } from './catalogue'
import { InvalidParameter, NotFound } from './errors'
import { round } from './targeting'

export type AnchorRow = store.AnchorRow

export const ANCHOR_RULE =
  'An asset is an anchor institution when an editor has marked or added it as one, or, by default, when it is an open hospital ' +
  'run by an NHS trust (its parent organisation in the NHS data names an "NHS ... Trust", including foundation trusts); ' +
  'independent-sector providers are not anchors unless marked.'

export { CATCHMENT_INDICATORS }
const CATCHMENT_IDS = [...CATCHMENT_INDICATORS.shown, CATCHMENT_INDICATORS.workingAge, CATCHMENT_INDICATORS.iodWorkingAge]

export const WORKING_AGE_BAND =
  'Working age = usual residents aged 15-64 (Census 2021): the five-year age bands give 15-64 exactly; 16-64 would need the 15-19 band split.'

/** The distance as applied, in words: "3000 m in a straight line" or "3000 m on foot (walking estimate)". */
export const distanceWords = (distance: number, detour: number): string =>
  detour === 1 ? `${distance} m in a straight line` : `${distance} m on foot (estimated: straight line x ${detour})`

/** With a context (asked for), the anchors held as that context too (e.g. Queen's Hospital, Romford), marked `context`. */
export async function getAnchors(db: Database, context?: ContextName): Promise<{ rule: string; anchors: AnchorRow[] }> {
  if (context) await requireContext(db, context, 'lsoa21')
  return { rule: ANCHOR_RULE, anchors: await store.listAnchors(db.knex, context !== undefined) }
}

export type NewAnchor =
  | { asset_id: number }
  | { name: string; category: string; lon: number; lat: number; address?: string }

/**
 * Marks an asset as an anchor, or adds a new asset that is one; audited, and the data version
 * bumped (the asset's anchor flag is part of what /api/assets and the tiles serve). `created` is
 * false when it was already marked.
 */
export async function addAnchor(db: Database, ctx: WriteContext, a: NewAnchor): Promise<{ anchor: AnchorRow; created: boolean }> {
  if (!('asset_id' in a) && !assetCategoryIds.includes(a.category)) {
    throw new InvalidParameter(`Unknown asset category "${a.category}" (known: ${assetCategoryIds.join(', ')})`, [{ path: 'body.category', message: 'unknown category' }])
  }
  return db.knex.transaction(async (trx) => {
    let id: number
    let before: AnchorRow | null = null
    if ('asset_id' in a) {
      const asset = await store.assetIdentity(trx, a.asset_id)
      if (!asset) throw new NotFound(`No asset with id ${a.asset_id}`)
      before = await store.findAnchor(trx, asset.id)
      if (before?.basis === 'marked') return { anchor: before, created: false }
      await store.markAnchor(trx, asset)
      id = asset.id
    } else {
      id = await store.insertAnchorAsset(trx, { ...a, sourceRef: `${store.USER_ANCHOR_PREFIX}${randomUUID()}` })
    }
    const anchor = (await store.findAnchor(trx, id))!
    await recordAudit(trx, ctx, { action: 'asset_id' in a ? 'anchor.mark' : 'anchor.create', entity: 'anchor', entityId: id, before, after: anchor })
    await bumpDataVersion(trx)
    return { anchor, created: true }
  })
}

/** Unmarks an anchor (an asset an editor added as an anchor is deleted); audited. NHS trust hospitals stay anchors by the default rule. */
export async function removeAnchor(db: Database, ctx: WriteContext, id: number): Promise<{ removed: 'deleted' | 'unmarked'; stillAnchor: boolean }> {
  return db.knex.transaction(async (trx) => {
    const asset = await store.assetIdentity(trx, id)
    if (!asset) throw new NotFound(`No asset with id ${id}`)
    const before = await store.findAnchor(trx, id)
    let result: { removed: 'deleted' | 'unmarked'; stillAnchor: boolean }
    if (await store.deleteUserAnchorAsset(trx, id)) result = { removed: 'deleted', stillAnchor: false }
    else {
      await store.unmarkAnchor(trx, asset)
      result = { removed: 'unmarked', stillAnchor: (await store.findAnchor(trx, id)) !== null }
    }
    await recordAudit(trx, ctx, { action: `anchor.${result.removed === 'deleted' ? 'delete' : 'unmark'}`, entity: 'anchor', entityId: id, before, after: result })
    await bumpDataVersion(trx)
    return result
  })
}

export interface CatchmentLsoa {
  rank: number | null
  code: string
  name: string
  distance_m: number
  /** set on an LSOA outside the borough, held as context (e.g. 'london') */
  context?: string
  values: Record<string, number | null>
}

/**
 * Where a catchment is measured from: a registered anchor institution, any other asset, a
 * postcode or a point on the map (server/domain/reach.ts resolves the last three).
 */
export interface CatchmentOrigin extends Omit<OriginPoint, 'outside_m'> {
  kind: 'anchor' | 'asset' | 'postcode' | 'point'
  /** the asset id (anchor or asset); null for a postcode or a point */
  id: number | null
}

export interface Catchment {
  anchor: CatchmentOrigin
  distance_m: number
  detour: number
  /** straight-line metres: distance / detour */
  reach_m: number
  method: string
  workingAgeBand: string
  headline: {
    lsoas: number
    workingAge: number
    /** working-age residents in catchment LSOAs in England's most employment-deprived 10% (employment decile 1) */
    workingAgeMostDeprived10: number
    lsoasMostDeprived10: number
    /** ... 20% (employment deciles 1-2) */
    workingAgeMostDeprived20: number
    lsoasMostDeprived20: number
    summary: string
  }
  lsoas: CatchmentLsoa[]
  /** which areas were searched: the borough's LSOAs, or with them those held as a context (asked for) */
  scope: { context: ContextName | null; note: string }
  geometry: { lsoas: GeoJSON.Geometry | null; reach: GeoJSON.Polygon }
  indicators: Array<{ id: string; title: string; unit: string; vintage: string; source: string | null; publisher: string | null; licence: string | null; attribution: string | null; url: string | null }>
  dataVersion: number
}

/** With a context, an anchor held as that context (outside the borough) may be the origin too. */
export async function getCatchment(db: Database, anchorId: number, distance: number, detour: number, context?: ContextName): Promise<Catchment> {
  const anchor = await store.findAnchor(db.knex, anchorId, context !== undefined)
  if (!anchor) throw new NotFound(`Asset ${anchorId} is not an anchor institution (GET /api/targeting/anchors lists them; with context=london, those held as context).`)
  return catchmentAround(db, { ...anchor, kind: 'anchor' }, distance, detour, context)
}

/**
 * The LSOAs within `distance` of any origin, ranked as for an anchor (detour 1: a straight line).
 * With a context (asked for: the catchment crosses the borough boundary), the LSOAs held as that
 * context are searched too, with the same editions; their distance is to their point on surface.
 */
export async function catchmentAround(db: Database, anchor: CatchmentOrigin, distance: number, detour: number, context?: ContextName): Promise<Catchment> {
  const reach = distance / detour
  if (context) await requireContext(db, context, 'lsoa21')
  const within = await store.lsoasWithin(db.knex, anchor, reach, context !== undefined)
  const codes = within.map((l) => l.code)
  const records = codes.length ? await listAreas(db.knex, { level: 'lsoa21', indicators: CATCHMENT_IDS, codes, context: context !== undefined }) : []
  const valuesOf = new Map(records.map((r) => [r.code, r.values]))
  const { rankBy, decile, workingAge } = CATCHMENT_INDICATORS
  const lsoas: CatchmentLsoa[] = within
    .map((l) => ({
      rank: null as number | null, code: l.code, name: l.name, distance_m: Math.round(l.distance_m), ...(l.context ? { context: l.context } : {}),
      values: Object.fromEntries(CATCHMENT_IDS.map((id) => [id, valuesOf.get(l.code)?.[id] ?? null])),
    }))
    .sort((a, b) => {
      const x = a.values[rankBy], y = b.values[rankBy]
      return x === null ? (y === null ? a.code.localeCompare(b.code) : 1) : y === null ? -1 : y - x || a.code.localeCompare(b.code)
    })
  lsoas.forEach((l, i) => (l.rank = l.values[rankBy] === null ? null : i + 1))

  const inDecile = (max: number) => lsoas.filter((l) => l.values[decile] !== null && l.values[decile]! <= max)
  const sumWa = (ls: CatchmentLsoa[]) => ls.reduce((s, l) => s + (l.values[workingAge] ?? 0), 0)
  const d10 = inDecile(1)
  const d20 = inDecile(2)
  const headline = {
    lsoas: lsoas.length, workingAge: sumWa(lsoas),
    workingAgeMostDeprived10: sumWa(d10), lsoasMostDeprived10: d10.length,
    workingAgeMostDeprived20: sumWa(d20), lsoasMostDeprived20: d20.length,
    summary: '',
  }
  headline.summary =
    `${headline.lsoas} LSOAs within ${distanceWords(distance, detour)} of ${anchor.name}, home to ${headline.workingAge.toLocaleString('en-GB')} residents aged 15-64; ` +
    `${headline.workingAgeMostDeprived10.toLocaleString('en-GB')} of them live in ${d10.length} LSOAs in England's most employment-deprived 10% and ` +
    `${headline.workingAgeMostDeprived20.toLocaleString('en-GB')} in ${d20.length} LSOAs in the most deprived 20%.`

  const { value: catalogue, version } = await getCatalogue(db)
  const indicators = CATCHMENT_IDS.map((id) => {
    const c = catalogue.indicators.find((x) => x.id === id)!
    return {
      id, title: c.title, unit: c.unit, vintage: c.vintage, source: c.source?.title ?? null, publisher: c.source?.publisher ?? null,
      licence: c.source?.licence ?? null, attribution: c.source?.attribution ?? null, url: c.source?.url ?? null,
    }
  })
  return {
    anchor, distance_m: distance, detour, reach_m: round(reach, 1),
    method: `LSOAs 2021 whose ONS population-weighted centroid (where people live) is within ${distanceWords(distance, detour)} of ${anchor.name}` +
      (detour === 1 ? ' (British National Grid).' : `: a walk is taken as the straight line x ${detour} for the way streets wind, so ${distance} m on foot reaches ${round(reach, 1)} m in a straight line.`) +
      ` Ranked by IoD 2025 employment deprivation score (highest first); LSOAs without a score last.`,
    workingAgeBand: WORKING_AGE_BAND,
    headline,
    lsoas,
    scope: context
      ? { context, note: `The borough's LSOAs and those held as context "${context}" (${within.filter((l) => l.context).length} of them here, marked context): the catchment crosses the boundary, as asked. Their distance is to their point on surface (no population-weighted centroid is held for them).` }
      : { context: null, note: "The borough's LSOAs only (default). Add context=london to let the catchment cross the boundary." },
    geometry: await store.catchmentGeometry(db.knex, anchor, reach, codes),
    indicators,
    dataVersion: version,
  }
}
