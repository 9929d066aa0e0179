/** The admin API's contract: issuing and revoking tokens, inviting and removing people, and imports run as jobs. */
import { z } from 'zod'
import { ROLES } from '../../auth/roles'
import { IMPORT_SOURCES } from '../../domain/adminImports'
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../domain/auth'
import { intParam } from './params'
import { lineText } from './suggestions'

export type { ImportJob, ImportProgress } from '../../domain/adminImports'
export type { DatasetImportRow } from '../../db/catalogue'
export type { PersonRow } from '../../domain/people'
export type { TokenRow } from '../../db/auth'

export const tokenId = z.strictObject({ id: z.string().regex(/^[0-9a-f]{10}$/, 'must be a token id (10 hex digits)') })

/** POST /api/admin/tokens */
export const tokenBody = z.strictObject({
  name: lineText(200),
  role: z.enum(ROLES),
  expires_days: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
})

/** POST /api/admin/imports ({} for every source) */
export const importBody = z.strictObject({
  only: z.array(z.enum(IMPORT_SOURCES)).min(1).max(IMPORT_SOURCES.length).optional(),
  force: z.boolean().default(false),
  /** import files whose checksums differ from the manifest's (newer publisher files) */
  acceptChanged: z.boolean().default(false),
})

export type TokenInput = z.input<typeof tokenBody>
export type ImportInput = z.input<typeof importBody>

export const importListQuery = z.strictObject({ limit: intParam(1, 20, 20) })
export const importJobPath = z.strictObject({ id: z.uuid() })

/** POST /api/admin/people: invite (or invite again with a new role) by e-mail address */
export const personBody = z.strictObject({
  email: z.email({ error: 'must be an e-mail address' }).max(200).transform((s) => s.toLowerCase()),
  name: lineText(200),
  role: z.enum(ROLES),
})
export const personPath = z.strictObject({ email: z.email({ error: 'must be an e-mail address' }).max(200) })
export type PersonInput = z.input<typeof personBody>
