/** Parameter schemas every resource shares: one parse function per kind of parameter, with its bounds. */
import { z } from 'zod'
import { CONTEXTS } from '../../catalogue/contexts'

/** bbox=minLon,minLat,maxLon,maxLat: four finite WGS84 numbers with min <= max. */
export const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim())
    const n = parts.map(Number)
    if (parts.length !== 4 || parts.some((p) => p === '') || n.some((x) => !Number.isFinite(x))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four comma-separated numbers: minLon,minLat,maxLon,maxLat' })
      return z.NEVER
    }
    const [x0, y0, x1, y1] = n
    if (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox longitudes must be within -180..180 and latitudes within -90..90' })
      return z.NEVER
    }
    if (x0 > x1 || y0 > y1) {
      ctx.addIssue({ code: 'custom', message: 'bbox minimum must not exceed maximum (minLon,minLat,maxLon,maxLat)' })
      return z.NEVER
    }
    return n as [number, number, number, number]
  })
  .meta({ description: 'minLon,minLat,maxLon,maxLat (WGS84)', example: '0.05,51.51,0.19,51.6' })

/** A bounded integer query parameter with a default. */
export const intParam = (min: number, max: number, def: number) =>
  z.coerce.number({ error: `must be an integer from ${min} to ${max}` }).int().min(min).max(max).default(def)

/** A comma-separated list of ids. */
export const idListParam = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))

export const codeParam = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an area code such as E01000027 or LOC-WEST')

/** A database id in a path: plain decimal digits only (no "0x10", "1e1", "+5" or spaces). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number written in digits')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'is too large')

/** Path parameters of a route addressed by one id. */
export const idPath = z.strictObject({ id: idParam })

/** context=london: include the neighbouring areas held as context (served marked, the map draws them muted). */
export const contextParam = z.enum(CONTEXTS).optional().meta({
  description: 'Include the areas held as context around the borough (the rest of London, after `npm run geodata -- context london`); they are marked `context`. Default: the borough only.',
})
