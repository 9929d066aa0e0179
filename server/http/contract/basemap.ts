/** The offline basemap's paths: a context layer by kind, a label font by file name. */
import { z } from 'zod'
import { BASEMAP_FONTS, BASEMAP_KINDS } from '../../domain/basemap'

const fontFiles = Object.values(BASEMAP_FONTS).map((f) => f.split('/').pop()!) as [string, ...string[]]

export const basemapLayerPath = z.strictObject({ kind: z.enum(BASEMAP_KINDS) })
export const basemapFontPath = z.strictObject({ file: z.enum(fontFiles) })
