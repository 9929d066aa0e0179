/**
 * What one indicator is: the descriptor that drives import, aggregation, the API, tiles, legends
 * and exports. Nothing else in the code names an indicator id as a string literal.
 */

/** Geographies the service serves, smallest first. */
export const LEVELS = ['lsoa21', 'ward', 'locality', 'borough'] as const
export type Level = (typeof LEVELS)[number]

/** Geography a figure was published on. */
export type SourceLevel = 'lsoa11' | 'lsoa21' | 'borough'

export type Polarity = 'higher-worse' | 'higher-better' | 'neutral'

/**
 * What kind of number it is decides how it moves between geographies:
 * - score / rate: an intensive figure; split LSOAs inherit it, merged LSOAs take the population-weighted mean
 * - count: an extensive figure; split LSOAs get a share by 2021 population, merged LSOAs the sum
 * - rank: split LSOAs inherit it, merged LSOAs have none (a national rank cannot be recomputed from a subset)
 * - decile: split LSOAs inherit it, merged LSOAs are placed by the national decile bounds of the score
 */
export type Kind = 'score' | 'rate' | 'count' | 'rank' | 'decile'

export type Aggregation =
  | { method: 'sum' }
  /** rate recomputed from summed numerator and denominator counts: value = per * num / den */
  | { method: 'ratio'; numerator: string; denominator: string; per: number }
  /** population-weighted mean using a count indicator as the weight */
  | { method: 'weighted-mean'; weight: string }
  /** share (%) of source LSOAs whose decile indicator is <= maxDecile */
  | { method: 'share-of-lsoas'; decile: string; maxDecile: number }
  /** not meaningful above LSOA (ranks, deciles) */
  | { method: 'none' }
  /**
   * LSOA 2021 only, computed after carry-over: `from` minus `to` (e.g. the 2019 decile minus the
   * 2025 decile, so a positive move means relatively more deprived in 2025). With `outOf`, each
   * side is first turned into a percentile (100 x value / its total), for ranks of different sizes.
   */
  | { method: 'difference'; from: string; to: string; outOf?: [number, number] }

export type ClassMethod = 'quantile' | 'jenks' | 'equal' | 'deciles'

export interface IndicatorDescriptor {
  id: string
  title: string
  description: string
  group: 'deprivation' | 'children' | 'older-people' | 'fuel-poverty' | 'air-quality' | 'population' | 'health' | 'work-skills' | 'access' | 'housing'
  unit: string
  polarity: Polarity
  kind: Kind
  /** dataset id in geodata/sources.ts: publisher, licence, vintage, URL */
  dataset: string
  /** the key the reader returns for this measure */
  sourceKey: string
  sourceLevel: SourceLevel
  /** the period the figure describes, e.g. "2019 (data mostly 2015/16)" */
  vintage: string
  aggregate: Aggregation
  /** levels with values; derived from sourceLevel and aggregate unless given */
  levels: Level[]
  classification: { default: ClassMethod; allowed: ClassMethod[]; classes: number }
  /** colour ramp id (client/src/map/ramps.ts): all colour-blind safe */
  ramp: 'viridis' | 'magma' | 'cividis' | 'blues' | 'purples' | 'greens'
  decimals: number
  /** counts 1-4 shown as suppressed (local administrative data about households) */
  suppressSmall?: boolean
  /** carried in vector tiles and OGC properties */
  tile: boolean
  /** trend series: indicators sharing a series id differ only by period */
  series?: { id: string; period: string }
  /**
   * Editions of one measure (IoD 2019 and 2025, fuel poverty 2021 and 2022): indicators sharing a
   * family differ only by edition, and the newest is the default. Unlike a trend series, editions
   * are not comparable value for value (definitions and geographies change between them).
   */
  edition?: { family: string; year: string; label: string }
  /**
   * Computed by locality-atlas rather than published (e.g. an IDACI-like rate from the official
   * numerator over Census 2021 children): how, in words. Shown wherever the figure is.
   */
  derived?: string
  /** What the publisher says the figure must not be used for (shown with it). */
  caveat?: string
}
