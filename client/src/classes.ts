/**
 * Colour classes for a choropleth: the descriptor's ramp sampled into as many colours as there are
 * classes, ordered so the darkest colour marks the greatest need. All six ramps are sequential and
 * colour-blind safe (viridis, magma and cividis are perceptually uniform; the ColorBrewer
 * single-hue ramps vary in lightness only).
 */
import type { CatalogueIndicator } from './api'
import type { ClassMethod, MapLevel } from './state'
import { sampleRamp } from './map/ramps'

export interface ClassScheme {
  /** inner breaks, ascending */
  breaks: number[]
  /** one colour per class, for ascending value */
  colours: string[]
  /** one label per class, for ascending value */
  labels: string[]
}

/** A unit that is a share (0-1): shown as a percentage, as people read shares. */
export const isShare = (unit: string): boolean => /^rate \(share\b/.test(unit)

export function formatValue(v: number | null | undefined, ind: Pick<CatalogueIndicator, 'decimals' | 'unit'>): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a'
  if (isShare(ind.unit)) {
    const d = Math.max(0, ind.decimals - 2)
    return `${(v * 100).toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d })}%`
  }
  const s = v.toLocaleString('en-GB', { minimumFractionDigits: ind.decimals, maximumFractionDigits: ind.decimals })
  return ind.unit.startsWith('%') ? `${s}%` : s
}

/** The class scheme of an indicator at a level, or null when it has no values there. */
export function classScheme(ind: CatalogueIndicator, level: MapLevel, method: ClassMethod): ClassScheme | null {
  const byMethod = ind.breaks[level]
  const breaks = byMethod?.[method] ?? byMethod?.[ind.classification.default]
  if (!breaks) return null
  const inner = [...new Set(breaks)].sort((a, b) => a - b)
  const n = inner.length + 1
  let colours = sampleRamp(ind.ramp, n)
  // darkest = greatest need: where a lower value is worse, dark goes to the low end
  if (ind.polarity === 'higher-better') colours = colours.reverse()
  const f = (v: number) => formatValue(v, { decimals: ind.decimals, unit: isShare(ind.unit) ? ind.unit : '' })
  const labels = Array.from({ length: n }, (_, i) =>
    i === 0 ? `below ${f(inner[0])}` : i === n - 1 ? `${f(inner[n - 2])} and above` : `${f(inner[i - 1])} to below ${f(inner[i])}`,
  )
  if (n === 1) labels[0] = 'all areas'
  return { breaks: inner, colours, labels }
}
