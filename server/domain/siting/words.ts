/** The sentences a siting result explains itself in: demand, need, travel, constraints, candidates. */
import { assetCategories } from '../../catalogue/assetCategories'
import { findIndicator } from '../../catalogue/indicators'
import { PRIMARY_SCHOOLS, type Need, type NeedIndex, type SitingParams } from './params'

const num = (x: number) => String(Math.round(x * 1000) / 1000)
export const fmt = (x: number, d = 1) => x.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d })
export const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`)
export const plural = (n: number, one = '', many = 's') => (n === 1 ? one : many)

/** "IDACI score (weight 2) and fuel poverty (1)" */
function indexComponentsWords(need: NeedIndex): string {
  const parts = need.indicators.map((c, k) => `${findIndicator(c.id)!.title} (${k === 0 ? 'weight ' : ''}${num(c.weight)})`)
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]
}

/** Where demand sits, in words: ONS population-weighted centroids, and how many LSOAs lacked one. */
export function pwcWords(demand: Array<{ pwc: boolean }>): string {
  const without = demand.filter((d) => !d.pwc).length
  if (without === demand.length) return "each LSOA's point on surface (no population-weighted centroids imported)"
  return "each LSOA's ONS population-weighted centroid (2021), where its people live" + (without ? ` (${without} without one: point on surface)` : '')
}

export function needWords(need: Need, base: string): string {
  switch (need.kind) {
    case 'index': return need.method === 'rank'
      ? `multiplied by (1 + need index), the index from ${indexComponentsWords(need)}, ranked: each indicator's rank among the borough's LSOAs scaled to 0-1 (1 = greatest need), combined with the weights rescaled to sum to 1, so the neediest LSOA counts up to twice`
      : `multiplied by (1 + need index / 100), the index from ${indexComponentsWords(need)}, ranked and put on the IoD exponential scale (0-100, stretching the most deprived end), combined with the weights rescaled to sum to 1, so the neediest LSOA counts up to twice`
    case 'none': return 'not weighted by need'
    case 'idaci-score': return `multiplied by the LSOA's IDACI score (IoD 2019: the share of children aged 0-15 in income-deprived families), so each LSOA counts as its estimated number of income-deprived ${base}`
    case 'idaci-decile': return 'multiplied by a need factor from the LSOA\'s national IDACI decile: 2.0 for decile 1 (most deprived), falling by 1/9 per decile to 1.0 for decile 10'
    case 'indicator': return `multiplied by a need factor from "${findIndicator(need.id)!.title}": 1.0 for the borough's least needy LSOA rising linearly to 2.0 for the most needy`
  }
}

export function travelWords(params: SitingParams, matrixMode: boolean, n: number, m: number): string {
  return matrixMode
    ? `Travel times from the supplied matrix (${n} × ${m} pairs), used as given; distances are not available.`
    : `Straight-line distance in British National Grid × ${params.travel.detourFactor} for detours, walked at ${params.travel.speedKmh} km/h (1 km ≈ ${fmt((60 / params.travel.speedKmh) * params.travel.detourFactor)} min of straight line).`
}

/** "open libraries, community hubs, primary schools; 2 added points" */
export function candidateSourceWords(params: SitingParams): string {
  const catTitle = (c: string) => (c === PRIMARY_SCHOOLS ? 'primary schools' : assetCategories.find((x) => x.id === c)?.title.toLowerCase() ?? c)
  const points = params.candidates.points.length
  return [
    params.candidates.categories.length ? `open ${params.candidates.categories.map(catTitle).join(', ')}` : null,
    points ? `${points} added point${plural(points)}` : null,
    params.candidates.demandPoints ? 'every LSOA demand point' : null,
  ].filter(Boolean).join('; ')
}

export function constraintWords(params: SitingParams, onePerLocality: boolean, p: number, siteName: (id: string) => string): string {
  return [
    onePerLocality ? `Exactly one hub in each of the ${p} localities; a site belongs to the locality its point lies in.` : `${p} hub${plural(p)}, anywhere.`,
    params.fixed.length ? `Always open: ${params.fixed.map(siteName).join(', ')}.` : '',
    params.excluded.length ? `Never open: ${params.excluded.map(siteName).join(', ')}.` : '',
    'No capacities.',
  ].filter(Boolean).join(' ')
}
