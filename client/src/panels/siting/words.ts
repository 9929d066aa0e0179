/**
 * Family Hub siting in planners' words: the measures, how a value reads, the objectives named for
 * what they do (the technical name second), and the panel's small DOM helper.
 */
import type { Metrics } from '../../../../server/http/contract/siting'
import type { SitingParams } from '../../../../server/http/contract/siting'
import { SITING } from '../../vocabulary'

export type Unit = 'min' | 'm' | 'share'

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  e.append(...kids)
  return e
}

/** The measures of every answer and comparison, as the server names them; {threshold} is the user's own journey limit. */
export const metricLabels = (threshold: number): Array<[keyof Metrics, string, Unit]> =>
  SITING.metrics.flatMap((r) => (r.short === null ? [] : [[r.key, r.short.replaceAll('{threshold}', String(threshold)), r.unit] as [keyof Metrics, string, Unit]]))

/** A value as people read it: shares as percentages, journeys in minutes. */
export const show = (v: number | null | undefined, unit: string): string =>
  v === null || v === undefined ? 'n/a' : unit === 'share' ? `${Math.round(v * 100)}%` : unit === 'm' ? `${Math.round(v)} m` : `${v.toFixed(1)} min`

const who = (population: string): string => SITING.populations.find((p) => p.id === population)?.who ?? 'people'

/** What each objective does, in words (the registry's); the technical name follows in brackets. */
export function objectiveWords(objective: SitingParams['objective'], population: string, threshold: number): string {
  const label = SITING.objectives.find((o) => o.id === objective)?.label ?? objective
  return label.replaceAll('{who}', who(population)).replaceAll('{threshold}', String(threshold))
}

/** The objectives in the registry's order. */
export const objectiveIds = (): Array<SitingParams['objective']> => SITING.objectives.map((o) => o.id as SitingParams['objective'])

/** One line saying what a run asked for. */
export function describeRun(p: SitingParams): string {
  const hubs = p.hubs === 'one-per-locality' ? 'one hub per locality' : `${p.hubs} hub${p.hubs === 1 ? '' : 's'}`
  return `${objectiveWords(p.objective, p.population, p.threshold).replace(/ \([^)]*\)$/, '')}; ${hubs}; ${who(p.population)}`
}

/** Hub colours (Okabe-Ito, colour-blind safe), the same on the map, in the list and in the key. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442']
