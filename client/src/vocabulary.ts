/**
 * The words the UI shows for the server's ids (levels, indicator groups, export formats), learnt
 * from the catalogue once it has loaded (main.ts), so the client keeps no copy of them. The
 * records are filled in place: modules that imported them see the words from then on.
 */
import type { Catalogue } from '../../server/http/contract/catalogue'

export const LEVEL_LABEL: Record<string, string> = {}
export const GROUP_LABEL: Record<string, string> = {}
/** Download formats by id: what the link says and its tooltip. */
export const FORMAT_LABEL: Record<string, [string, string]> = {}
/** What each exporting resource offers as download links, in link order (the server's RESOURCE_FORMATS). */
export type ExportResource = keyof Catalogue['vocabulary']['exportsByResource']
export const EXPORTS = {} as Record<ExportResource, string[]>
/** Family Hub siting's words: objectives, populations, metric rows, form choices (the server's registry). */
export const SITING = {} as Catalogue['vocabulary']['siting']

export function learnVocabulary(c: Pick<Catalogue, 'vocabulary'>): void {
  const v = c.vocabulary
  for (const l of v.levels) LEVEL_LABEL[l.id] = l.label
  for (const g of v.groups) GROUP_LABEL[g.id] = g.label
  for (const f of v.exportFormats) FORMAT_LABEL[f.id] = [f.label, f.description]
  Object.assign(EXPORTS, v.exportsByResource)
  Object.assign(SITING, v.siting)
}
