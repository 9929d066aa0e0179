/**
 * The need index use-case: the user's indicators and weights, put on a common scale by a named
 * method with polarity handled, combined, ranked, and tested for stability under other weightings;
 * every component carries its source and vintage. `computeNeedIndex` is also the need weighting
 * other features (Family Hub siting) can use.
 */
import { listAreas } from '../db/areas'
import { getNeedIndex, insertNeedIndex, listNeedIndices, type SavedIndexRow } from '../db/targeting'
import type { Database } from '../db/connect'
import { combine, MISSING_RULES, type MissingRule, type ScoredComponent } from '../targeting/combine'
import { METHOD_NOTES, METHODS, orientation, type NormaliseMethod } from '../targeting/normalise'
import { rankRanges, scenarios } from '../targeting/stability'
import { resolveIndicators } from './areas'
import { getCatalogue } from './catalogue'
import { recordAudit, type WriteContext } from './audit'
import { InvalidParameter, NotFound } from './errors'

import { INDEX_LEVELS, MAX_COMPONENTS, type IndexLevel } from '../targeting/spec'

export { INDEX_LEVELS, MAX_COMPONENTS }
export type { IndexLevel }
export { METHODS, MISSING_RULES }
export type { MissingRule, NormaliseMethod, SavedIndexRow }

export interface NeedIndexSpec {
  indicators: Array<{ id: string; weight: number }>
  method: NormaliseMethod
  level: IndexLevel
  missing: MissingRule
}

export interface IndexComponent {
  id: string
  title: string
  unit: string
  polarity: string
  /** how polarity was applied: every component is oriented so that higher = more need */
  orientation: string
  weightGiven: number
  /** the weight used: given / sum of given weights */
  weight: number
  vintage: string
  dataset: string
  source: string | null
  publisher: string | null
  licence: string | null
  attribution: string | null
  url: string | null
  /** areas with no value for this component, and how many of those were imputed */
  missing: number
  imputed: number
}

export interface IndexArea {
  code: string
  name: string
  index: number
  /** 1 = greatest need */
  rank: number
  /** best and worst rank over the stability scenarios (and the weights given) */
  rankMin: number
  rankMax: number
  rankRange: number
  components: ScoredComponent[]
  geometry?: GeoJSON.MultiPolygon | null
}

export interface NeedIndexResult {
  spec: NeedIndexSpec
  /** the same index as a query string: GET /api/targeting/index?<query> (add format=csv|geojson to export) */
  query: string
  dataVersion: number
  notes: string[]
  components: IndexComponent[]
  areas: IndexArea[]
  excluded: Array<{ code: string; name: string; missing: string[] }>
  stability: { description: string; scenarios: Array<{ id: string; label: string; weights: Record<string, number> }>; maxRankRange: number; meanRankRange: number }
}

/** The index spec as a shareable query string (indicators=id:weight,...&method=&level=&missing=). */
export function specToQuery(spec: NeedIndexSpec): string {
  const p = new URLSearchParams({
    indicators: spec.indicators.map((c) => `${c.id}:${c.weight}`).join(','),
    method: spec.method, level: spec.level, missing: spec.missing,
  })
  return p.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
}

export async function computeNeedIndex(db: Database, spec: NeedIndexSpec, opts: { geometry?: boolean } = {}): Promise<NeedIndexResult> {
  const ids = spec.indicators.map((c) => c.id)
  if (!ids.length || ids.length > MAX_COMPONENTS) throw new InvalidParameter(`Choose 1 to ${MAX_COMPONENTS} indicators.`, [{ path: 'indicators', message: 'count' }])
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) throw new InvalidParameter(`Indicator "${dup}" is listed twice; give it one weight.`, [{ path: 'indicators', message: 'duplicate' }])
  if (spec.indicators.some((c) => !(c.weight > 0) || !Number.isFinite(c.weight))) {
    throw new InvalidParameter('Every weight must be a positive number (weights are rescaled to sum to 1).', [{ path: 'indicators', message: 'weight' }])
  }
  const ds = resolveIndicators(ids, spec.level)
  const { value: catalogue, version } = await getCatalogue(db)
  const records = await listAreas(db.knex, { level: spec.level, indicators: ids, geometry: opts.geometry })

  let combined
  try {
    combined = combine(records, ds.map((d, j) => ({ id: d.id, weight: spec.indicators[j].weight, polarity: d.polarity })), spec.method, spec.missing)
  } catch (e) {
    if (e instanceof RangeError) throw new InvalidParameter(`Cannot build this index: ${e.message}.`, [{ path: 'indicators', message: e.message }])
    throw e
  }
  const scens = scenarios(ids, combined.weights)
  const ranges = rankRanges(combined.matrix, combined.weights, scens)
  const geometryOf = new Map(records.map((r) => [r.code, r.geometry]))
  const areas: IndexArea[] = combined.areas
    .map((a, i) => ({ ...a, ...ranges[i], ...(opts.geometry ? { geometry: geometryOf.get(a.code) ?? null } : {}) }))
    .sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code))

  const given = spec.indicators.reduce((s, c) => s + c.weight, 0)
  const components: IndexComponent[] = ds.map((d, j) => {
    const c = catalogue.indicators.find((x) => x.id === d.id)
    const missing = records.filter((r) => r.values[d.id] === null || r.values[d.id] === undefined).length
    return {
      id: d.id, title: d.title, unit: d.unit, polarity: d.polarity, orientation: orientation(d.polarity),
      weightGiven: spec.indicators[j].weight, weight: combined.weights[j], vintage: d.vintage, dataset: d.dataset,
      source: c?.source?.title ?? null, publisher: c?.source?.publisher ?? null, licence: c?.source?.licence ?? null,
      attribution: c?.source?.attribution ?? null, url: c?.source?.url ?? null,
      missing, imputed: combined.areas.filter((a) => a.components[j].imputed).length,
    }
  })
  const rangesOnly = areas.map((a) => a.rankRange)
  return {
    spec,
    query: specToQuery(spec),
    dataVersion: version,
    notes: [
      `Weights rescaled to sum to 1 (the weights given summed to ${round(given, 6)}): ${components.map((c) => `${c.id} ${round(c.weight, 4)}`).join(', ')}.`,
      'Polarity: every component is oriented so that a higher normalised value means more need; indicators the catalogue marks higher-is-better are flipped.',
      `Normalisation, among the ${areas.length} ${spec.level} areas compared: ${METHOD_NOTES[spec.method]}`,
      'Index = sum of weight x normalised value; each component\'s contribution is its term in that sum. Rank 1 = greatest need; equal indices share a rank.',
      spec.missing === 'exclude-area'
        ? `Missing values: areas missing any component are left out of the ranking (${combined.excluded.length} left out), never counted as zero.`
        : `Missing values: replaced by the mean of the other areas' values for that component before normalisation, and flagged "imputed" (${components.reduce((s, c) => s + c.imputed, 0)} values); areas missing every component are left out.`,
      'Stability: rankMin..rankMax is the best and worst rank across each weight raised and lowered by 20% (one at a time, rescaled), equal weights and leaving each component out.',
    ],
    components,
    areas,
    excluded: combined.excluded,
    stability: {
      description: 'Each weight x1.2 and x0.8 in turn (others unchanged, rescaled to sum 1); equal weights; each component left out in turn (two or more components).',
      scenarios: scens.map((s) => ({ id: s.id, label: s.label, weights: Object.fromEntries(ids.map((id, j) => [id, round(s.weights[j], 6)])) })),
      maxRankRange: rangesOnly.length ? Math.max(...rangesOnly) : 0,
      meanRankRange: rangesOnly.length ? round(rangesOnly.reduce((s, x) => s + x, 0) / rangesOnly.length, 3) : 0,
    },
  }
}

/** Saves an index after checking that it computes (every indicator known at its level); audited. */
export async function saveNeedIndex(db: Database, ctx: WriteContext, s: { name: string; description?: string; spec: NeedIndexSpec }): Promise<SavedIndexRow> {
  await computeNeedIndex(db, s.spec)
  return db.knex.transaction(async (trx) => {
    const saved = await insertNeedIndex(trx, s)
    await recordAudit(trx, ctx, { action: 'need_index.create', entity: 'need_index', entityId: saved.id, before: null, after: saved })
    return saved
  })
}

/**
 * The index as a need weighting per LSOA 2021 (code -> index value), for siting. Rank and
 * exponential indices are never negative; a z-score index is centred on 0, so callers wanting a
 * non-negative weight should ask for method 'rank' or 'exponential'.
 */
/** Saved need indices, newest first. */
export const savedNeedIndices = (db: Database): Promise<SavedIndexRow[]> => listNeedIndices(db.knex)

/** One saved need index; NotFound when there is none with that id. */
export async function savedNeedIndex(db: Database, id: number): Promise<SavedIndexRow> {
  const s = await getNeedIndex(db.knex, id)
  if (!s) throw new NotFound(`No saved need index with id ${id}`)
  return s
}

export async function needIndexByLsoa(db: Database, spec: Omit<NeedIndexSpec, 'level'>): Promise<Map<string, number>> {
  const r = await computeNeedIndex(db, { ...spec, level: 'lsoa21' })
  return new Map(r.areas.map((a) => [a.code, a.index]))
}

/** The ranked table for CSV: one row per area, components' normalised value and contribution. */
export const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp
