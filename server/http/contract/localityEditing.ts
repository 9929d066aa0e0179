/** The locality editor's routes: the definition (ward -> locality), its preview, the history of changes and undo. */
import { z } from 'zod'
import { intParam } from './params'
import { lineText } from './suggestions'

export type { LocalityMembership, DefinitionResult } from '../../domain/localityEditing'
export type { DefinitionPreview, LocalityChange, LocalityFigures, WardMove } from '../../domain/localityPreview'
export type { PartitionWards } from '../../domain/localityPartition'

/** PUT /api/localities/definition and POST /api/localities/definition/preview (editor): ward -> locality */
export const definitionBody = z.strictObject({
  rows: z
    .array(z.strictObject({
      ward_code: z.string().regex(/^E05\d{6}$/, 'must be a ward code of the form E05 + 6 digits'),
      locality_name: lineText(100),
      locality_code: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be letters, digits, - or _ (at most 40)').optional(),
    }))
    .min(1, 'list at least one ward')
    .max(500, 'at most 500 rows'),
})

/** GET /api/localities/definition/changes (editor) */
export const historyQuery = z.strictObject({ limit: intParam(1, 200, 20) })

export type LocalityDefinitionInput = z.input<typeof definitionBody>
