/**
 * Family Hub siting in planners' words: the measures, how a value reads, the objectives named for
 * what they do (the technical name second), and the panel's small DOM helper.
 */
import type { Metrics } from '../../../../server/siting/metrics'
import type { SitingParams } from '../../../../server/domain/siting'

export type Unit = 'min' | 'm' | 'share'

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  e.append(...kids)
  return e
}

/** The measures of every answer and comparison; `threshold` names the user's own journey limit. */
export const metricLabels = (threshold: number): Array<[keyof Metrics, string, Unit]> => [
  ['meanMinutes', 'Average journey, weighted by need', 'min'], ['maxMinutes', 'Longest journey', 'min'],
  ['within10', 'Share within 10 minutes', 'share'], ['within15', 'Share within 15 minutes', 'share'], ['within30', 'Share within 30 minutes', 'share'],
  ['withinThreshold', `Share within ${threshold} minutes (your limit)`, 'share'],
  ['deprivedWithinThreshold', `Share of those in England's most deprived 20% of areas (IDACI) within ${threshold} minutes`, 'share'],
]

/** A value as people read it: shares as percentages, journeys in minutes. */
export const show = (v: number | null | undefined, unit: string): string =>
  v === null || v === undefined ? 'n/a' : unit === 'share' ? `${Math.round(v * 100)}%` : unit === 'm' ? `${Math.round(v)} m` : `${v.toFixed(1)} min`

const WHO: Record<string, string> = { '0-4': 'children under 5', '0-19': 'children and young people', all: 'residents' }

/** What each objective does, in words; the technical name follows in brackets. */
export function objectiveWords(objective: SitingParams['objective'], population: string, threshold: number): string {
  const who = WHO[population] ?? 'people'
  if (objective === 'coverage') return `Most ${who} within ${threshold} minutes (maximal coverage)`
  if (objective === 'p-center') return 'Fairest longest journey: the furthest anyone travels as short as possible (p-centre)'
  return 'Shortest average journey, weighted by need (p-median)'
}

export const OBJECTIVES: Array<SitingParams['objective']> = ['p-median', 'coverage', 'p-center']

/** One line saying what a run asked for. */
export function describeRun(p: SitingParams): string {
  const hubs = p.hubs === 'one-per-locality' ? 'one hub per locality' : `${p.hubs} hub${p.hubs === 1 ? '' : 's'}`
  return `${objectiveWords(p.objective, p.population, p.threshold).replace(/ \([^)]*\)$/, '')}; ${hubs}; ${WHO[p.population] ?? p.population}`
}

/** Hub colours (Okabe-Ito, colour-blind safe), the same on the map, in the list and in the key. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442']
