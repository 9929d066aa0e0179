/**
 * The colour ramps a descriptor may name. All are sequential and colour-blind safe: viridis, magma
 * and cividis are perceptually uniform; the ColorBrewer single-hue ramps vary in lightness only.
 */
/** Light to dark anchor colours per ramp id. */
export const RAMPS: Record<string, string[]> = {
  viridis: ['#fde725', '#90d743', '#35b779', '#21918c', '#31688e', '#443983', '#440154'],
  magma: ['#fcfdbf', '#feb078', '#f1605d', '#b5367a', '#721f81', '#2c115f'],
  cividis: ['#fee838', '#d2c060', '#a69d75', '#7c7b78', '#575c6d', '#31446b', '#00224e'],
  blues: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  purples: ['#fcfbfd', '#dadaeb', '#9e9ac8', '#6a51a3', '#3f007d'],
  greens: ['#f7fcf5', '#c7e9c0', '#74c476', '#238b45', '#00441b'],
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))
const toHex = (rgb: number[]) => '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')

/** `n` colours evenly along a ramp, light to dark. */
export function sampleRamp(ramp: string, n: number): string[] {
  const stops = (RAMPS[ramp] ?? RAMPS.blues).map(hex)
  if (n === 1) return [toHex(stops[Math.floor(stops.length / 2)])]
  return Array.from({ length: n }, (_, i) => {
    // keep clear of the very lightest stop so the lowest class stays visible on the background
    const t = 0.08 + (0.92 * i) / (n - 1)
    const x = t * (stops.length - 1)
    const a = Math.floor(x)
    const b = Math.min(a + 1, stops.length - 1)
    return toHex(stops[a].map((v, k) => v + (stops[b][k] - v) * (x - a)))
  })
}

