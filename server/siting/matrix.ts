/**
 * A user-supplied travel-time matrix (e.g. network walking times from a routing engine): rows of
 * origin (LSOA code), destination (site id) and minutes, as CSV text or JSON rows. Every
 * demand × site pair must be present exactly once with a finite, non-negative time; the first
 * problem found is named.
 */
import { parse } from 'csv-parse/sync'
import { SitingInputError } from './instance'

export interface MatrixRow {
  origin: string
  destination: string
  minutes: number | string
}

function rowsOf(input: string | MatrixRow[]): Array<MatrixRow & { line: number }> {
  if (Array.isArray(input)) return input.map((r, k) => ({ ...r, line: k + 1 }))
  let records: Record<string, string>[]
  try {
    records = parse(input, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true })
  } catch (e) {
    throw new SitingInputError(`cost matrix CSV could not be read: ${(e as Error).message}`, 'body.travel.matrix')
  }
  const first = records[0]
  if (!first || !['origin', 'destination', 'minutes'].every((c) => c in first)) {
    throw new SitingInputError('cost matrix CSV needs a header row with the columns origin,destination,minutes', 'body.travel.matrix')
  }
  return records.map((r, k) => ({ origin: r.origin, destination: r.destination, minutes: r.minutes, line: k + 2 }))
}

/** Candidate-major minutes (cost[j * n + i]) for the given origins (demand) and destinations (sites). */
export function costMatrix(input: string | MatrixRow[], origins: string[], destinations: string[]): Float64Array {
  const n = origins.length
  const oi = new Map(origins.map((o, i) => [o, i]))
  const dj = new Map(destinations.map((d, j) => [d, j]))
  const cost = new Float64Array(n * destinations.length).fill(NaN)
  for (const r of rowsOf(input)) {
    const i = oi.get(String(r.origin).trim())
    const j = dj.get(String(r.destination).trim())
    if (i === undefined || j === undefined) continue // pairs for areas or sites not in this run
    const minutes = typeof r.minutes === 'number' ? r.minutes : String(r.minutes).trim() === '' ? NaN : Number(r.minutes)
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new SitingInputError(`cost matrix row ${r.line}: minutes for origin ${r.origin}, destination ${r.destination} must be a finite number >= 0 (got ${JSON.stringify(r.minutes)})`, 'body.travel.matrix')
    }
    if (!Number.isNaN(cost[j * n + i])) {
      throw new SitingInputError(`cost matrix row ${r.line}: origin ${r.origin}, destination ${r.destination} appears twice`, 'body.travel.matrix')
    }
    cost[j * n + i] = minutes
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < destinations.length; j++) {
      if (Number.isNaN(cost[j * n + i])) {
        throw new SitingInputError(
          `cost matrix has no time for origin ${origins[i]}, destination ${destinations[j]}: every demand area × candidate site pair is needed (${n} × ${destinations.length} = ${n * destinations.length} rows)`,
          'body.travel.matrix',
        )
      }
    }
  }
  return cost
}
