/**
 * Travel between demand points and sites: straight-line British National Grid distance times a
 * detour factor at a walking speed, or the minutes of a matrix the planner supplies.
 */
import type { DemandRow } from '../../db/siting'
import { SitingInputError } from '../../siting/instance'
import { costMatrix } from '../../siting/matrix'
import { invalid, type SitingParams } from './params'
import type { Site } from './result'

export interface Travel {
  /** minutes, candidate-major: cost[j * n + i] */
  cost: Float64Array
  /** metres in the same layout (straight-line mode only) */
  metres: Float64Array | null
  matrixMode: boolean
}

export function travelCosts(params: SitingParams, demand: DemandRow[], sites: Site[]): Travel {
  const n = demand.length
  const m = sites.length
  const matrixMode = params.travel.matrix !== undefined
  try {
    if (matrixMode) return { cost: costMatrix(params.travel.matrix!, demand.map((d) => d.code), sites.map((s) => s.id)), metres: null, matrixMode }
    const perMinute = (params.travel.speedKmh * 1000) / 60
    const cost = new Float64Array(n * m)
    const metres = new Float64Array(n * m)
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < n; i++) {
        const dist = Math.hypot(sites[j].x - demand[i].x, sites[j].y - demand[i].y) * params.travel.detourFactor
        metres[j * n + i] = dist
        cost[j * n + i] = dist / perMinute
      }
    }
    return { cost, metres, matrixMode }
  } catch (e) {
    if (e instanceof SitingInputError) throw invalid(e.message, e.path)
    throw e
  }
}
