/**
 * The objective registry: one entry per siting objective, read by the solver dispatch (solve.ts),
 * brute force, the objective value, the API contract (its enum), the explanation and, through
 * /api/catalogue, the client's form. Adding an objective is one entry here plus its solver.
 * Pure: it runs inside the solver worker threads too.
 */
import { solveCoverage } from './coverage'
import { nearest, type Deadline, type Feasible, type SitingInstance, type SolveOptions } from './instance'
import { solveCenter } from './pcenter'
import { solveSum, type SumOutcome } from './pmedian'

export interface ObjectiveSpec {
  /** what the planner picks, in their words (technical name second); {who} is the population served, {threshold} the journey limit */
  label: string
  /** what the run aims at, for the explanation ("to ..."); {threshold} is replaced by the minutes */
  aim: string
  /** whether a smaller or a larger value is better */
  sense: 'min' | 'max'
  /** what SolveResult.value measures */
  value: string
  /** finds the open sites and a proven bound (lower for min, upper for max) */
  solver: (inst: SitingInstance, f: Feasible, o: SolveOptions, deadline: Deadline) => SumOutcome
  /** the objective of a set of sites from each demand point's nearest-site travel */
  evaluate: (weight: Float64Array, dist: Float64Array, threshold: number) => number
}

export const OBJECTIVES = {
  'p-median': {
    label: 'Shortest average journey, weighted by need (p-median)',
    aim: 'minimise need-weighted average travel',
    sense: 'min',
    value: 'need-weighted minutes summed over demand',
    solver: solveSum,
    evaluate: (w, d) => {
      let v = 0
      for (let i = 0; i < w.length; i++) v += w[i] * d[i]
      return v
    },
  },
  coverage: {
    label: 'Most {who} within {threshold} minutes (maximal coverage)',
    aim: 'maximise the weighted demand within {threshold} minutes',
    sense: 'max',
    value: 'weighted demand within the threshold',
    solver: solveCoverage,
    evaluate: (w, d, threshold) => {
      let v = 0
      for (let i = 0; i < w.length; i++) v += d[i] <= threshold ? w[i] : 0
      return v
    },
  },
  'p-center': {
    label: 'Fairest longest journey: the furthest anyone travels as short as possible (p-centre)',
    aim: 'minimise the longest travel',
    sense: 'min',
    value: 'the longest travel in minutes (demand points with weight)',
    solver: solveCenter,
    evaluate: (w, d) => {
      let v = 0
      for (let i = 0; i < w.length; i++) if (w[i] > 0 && d[i] > v) v = d[i]
      return v
    },
  },
} as const satisfies Record<string, ObjectiveSpec>

export type Objective = keyof typeof OBJECTIVES

/** The ids in registry order, for enums (the first is the default). */
export const OBJECTIVE_IDS = Object.keys(OBJECTIVES) as [Objective, ...Objective[]]

export const objectiveSpec = (id: Objective): ObjectiveSpec => OBJECTIVES[id]

/** a is better than b under this objective */
export const better = (id: Objective, a: number, b: number): boolean => (OBJECTIVES[id].sense === 'max' ? a > b : a < b)

/** The value no set of sites can be worse than (the start of a search for the best). */
export const worst = (id: Objective): number => (OBJECTIVES[id].sense === 'max' ? -Infinity : Infinity)

/** "maximise the weighted demand within 15 minutes" */
export const aimWords = (id: Objective, threshold: number): string => OBJECTIVES[id].aim.replace('{threshold}', String(threshold))

/** The objective value of a set of open sites (see SolveResult.value). */
export function objectiveValue(inst: SitingInstance, open: readonly number[], objective: Objective, threshold: number): number {
  return OBJECTIVES[objective].evaluate(inst.weight, nearest(inst, open).dist, threshold)
}
