/** The admin calls (people, tokens, datasets and imports), each carrying the session's role. */
import type { DatasetImportRow, ImportInput, ImportJob, PersonInput, PersonRow, TokenInput, TokenRow } from '../../server/http/contract/admin'

export type { DatasetImportRow, ImportJob, PersonRow, TokenRow }
export type TokenListRow = TokenRow & { status: 'active' | 'expired' | 'revoked' }
export type IssuedToken = TokenRow & { token: string }

type Authed = <T>(method: string, path: string, failing: string, body?: unknown) => Promise<T>

export function adminCalls(authed: Authed) {
  return {
    tokens: () => authed<{ tokens: TokenListRow[] }>('GET', '/api/admin/tokens', 'load the tokens'),
    issueToken: (t: TokenInput) => authed<IssuedToken>('POST', '/api/admin/tokens', 'issue the token', t),
    revokeToken: (id: string) => authed<TokenRow>('DELETE', `/api/admin/tokens/${encodeURIComponent(id)}`, `revoke token ${id}`),
    people: () => authed<{ people: PersonRow[] }>('GET', '/api/admin/people', 'load the people'),
    invite: (p: PersonInput) => authed<PersonRow>('POST', '/api/admin/people', `invite ${p.email}`, p),
    removePerson: (email: string) => authed<PersonRow>('DELETE', `/api/admin/people/${encodeURIComponent(email)}`, `remove ${email}`),
    datasets: () => authed<{ datasets: DatasetImportRow[]; sources: string[] }>('GET', '/api/admin/datasets', 'load the datasets'),
    startImport: (i: ImportInput) => authed<ImportJob>('POST', '/api/admin/imports', 'start the import', i),
    importJob: (id: string) => authed<ImportJob>('GET', `/api/admin/imports/${encodeURIComponent(id)}`, 'check the import'),
  }
}
