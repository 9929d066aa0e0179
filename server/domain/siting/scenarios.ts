/**
 * Saved scenarios: parameters with the result the server computed from them; listed, reopened and
 * compared side by side.
 */
import type { Database } from '../../db/connect'
import * as store from '../../db/siting'
import type { SolveStatus } from '../../siting/instance'
import { METRIC_ROWS, type Metrics } from '../../siting/metrics'
import { recordAudit, type WriteContext } from '../audit'
import { NotFound } from '../errors'
import type { SitingParams } from './params'
import type { SiteOut, SitingResult } from './result'
import { runSiting, solveInThread, type Solver } from './run'

export interface ScenarioSummary {
  id: number
  name: string
  author: string
  created_at: string
  params: SitingParams
  summary: { status: SolveStatus; objective: string; sites: SiteOut[]; metrics: Metrics; summary: string }
}

export type Scenario = store.ScenarioRow<SitingParams, SitingResult>

/**
 * Re-solves the parameters on the server (the stored result is never the client's) and saves both,
 * with its audit row in the same transaction. The route lets only editors reach this.
 */
export async function saveScenario(db: Database, ctx: WriteContext, s: { name: string; author?: string; params: SitingParams }, solver: Solver = solveInThread): Promise<Scenario> {
  const result = await runSiting(db, s.params, solver)
  const author = s.author || ctx.actor.name
  return db.transaction(async (trx) => {
    const { id, created_at } = await store.insertScenario(trx, { name: s.name, author, params: s.params, result })
    const saved = { id, name: s.name, author, created_at, params: s.params, result }
    await recordAudit(trx, ctx, { action: 'scenario.create', entity: 'scenario', entityId: id, before: null, after: { id, name: s.name, author, params: s.params } })
    return saved
  })
}

export async function listScenarios(db: Database, limit: number): Promise<ScenarioSummary[]> {
  return (await store.listScenarios(db.knex, limit)) as ScenarioSummary[]
}

export async function getScenario(db: Database, id: number): Promise<Scenario> {
  const [s] = await store.getScenarios<SitingParams, SitingResult>(db.knex, [id])
  if (!s) throw new NotFound(`No scenario with id ${id}`)
  return s
}

export interface Comparison {
  scenarios: Array<{ id: number; name: string; author: string; created_at: string; summary: string; status: SolveStatus; weighting: string; sites: SiteOut[]; metrics: Metrics }>
  rows: Array<{ key: string; label: string; unit: string; better: 'lower' | 'higher' | null; values: Array<number | null> }>
  byLocality: Array<{ code: string; name: string; rows: Comparison['rows'] }>
}

/** Two or more scenarios side by side: one row per metric, one column per scenario, and the same per locality. */
export async function compareScenarios(db: Database, ids: number[]): Promise<Comparison> {
  const found = await store.getScenarios<SitingParams, SitingResult>(db.knex, ids)
  const absent = ids.filter((id) => !found.some((s) => s.id === id))
  if (absent.length) throw new NotFound(`No scenario with id ${absent.join(', ')}`)
  const rows = (pick: (s: Scenario) => Metrics | undefined) =>
    METRIC_ROWS.map((r) => ({ key: r.key, label: r.label, unit: r.unit, better: r.better, values: found.map((s) => (pick(s)?.[r.key] as number | null | undefined) ?? null) }))
  const locs = found[0].result.metrics.byLocality.map((l) => ({ code: l.code, name: l.name }))
  return {
    scenarios: found.map((s) => ({
      id: s.id, name: s.name, author: s.author, created_at: s.created_at, summary: s.result.summary, status: s.result.status,
      weighting: s.result.weighting.text, sites: s.result.sites, metrics: s.result.metrics.overall,
    })),
    rows: rows((s) => s.result.metrics.overall),
    byLocality: locs.map((l) => ({ ...l, rows: rows((s) => s.result.metrics.byLocality.find((x) => x.code === l.code)?.metrics) })),
  }
}
