/**
 * Localities are configuration, not code: a ward -> locality CSV. The project ships a provisional
 * default of three contiguous localities (one per planned Family Hub); a council replaces it with
 * `npm run geodata -- localities FILE`, and everything is re-aggregated.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readLocalityCsv, type WardLocality } from '../../geodata/read/localities'
import { SourceFormatError } from '../../geodata/read/errors'
import { areaNames, insertAreas, insertLinks } from '../db/importStore'
import type { Source } from '../../geodata/manifest'
import type { ImportFn } from './runner'

export const PROVISIONAL_LOCALITIES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'geodata', 'localities-provisional.csv')

export function localitiesSource(file: string): Source {
  const provisional = path.resolve(file) === PROVISIONAL_LOCALITIES
  return {
    id: 'localities',
    title: provisional ? 'Localities (provisional default: three groups of contiguous wards)' : `Localities (${path.basename(file)})`,
    publisher: provisional ? 'locality-atlas (provisional, for the council to replace)' : 'Local authority',
    licence: provisional ? 'MIT (project configuration)' : 'as supplied',
    attribution: provisional ? 'Provisional grouping by locality-atlas; not an official council definition' : 'Local authority locality definition',
    url: 'https://github.com/',
    vintage: provisional ? 'provisional' : 'as supplied',
    // Absolute path: a council file can live anywhere.
    files: [{ path: path.resolve(file), sha256: null }],
  }
}

/** `given`: rows already read and checked (an editor's definition), instead of the source's file. */
export const importLocalities =
  (datasetId: string, provisional: boolean, given?: { name: string; rows: WardLocality[] }): ImportFn =>
  async (ctx) => {
    const file = given ? given.name : ctx.file(0)
    const rows = given ? given.rows : await readLocalityCsv(file)
    const wards = await areaNames(ctx.trx, 'ward')
    if (wards.size === 0) throw new SourceFormatError(file, 'no wards are imported yet: import ons_wards22 first')
    rows.forEach((r, i) => {
      if (!wards.has(r.wardCode)) throw new SourceFormatError(file, `ward ${r.wardCode} is not a ward of this authority`, i + 2, 'ward_code')
    })
    const unassigned = [...wards.keys()].filter((w) => !rows.some((r) => r.wardCode === w))
    // Localities partition the authority: a ward left out would vanish from every locality figure
    // while still counting in the borough's.
    if (unassigned.length) {
      throw new SourceFormatError(file, `every ward of the authority must be in exactly one locality; ${unassigned.length} of ${wards.size} are in none: ${unassigned.map((w) => `${wards.get(w)} (${w})`).join(', ')}`, undefined, 'ward_code')
    }
    const localities = new Map<string, string>()
    for (const r of rows) localities.set(r.localityCode ?? slug(r.localityName), r.localityName)
    await insertAreas(
      ctx.trx, datasetId, 27700,
      [...localities].map(([code, name]) => ({ level: 'locality', code, name, attrs: { provisional }, geometry: null })),
    )
    await insertLinks(
      ctx.trx, datasetId,
      rows.map((r) => ({
        child_level: 'ward', child_code: r.wardCode, parent_level: 'locality',
        parent_code: r.localityCode ?? slug(r.localityName), method: provisional ? 'provisional' : 'config',
      })),
    )
    if (provisional) ctx.note('provisional localities: replace with the council definition (npm run geodata -- localities FILE)')
    return { read: rows.length, loaded: rows.length, rejected: 0 }
  }

const slug = (s: string) => 'LOC-' + s.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')
