/** The asset register calls for editors (add, edit, move, close and reopen; the register and each asset's changes). */
import type { AssetChangeEntry, AssetCreate, AssetPatch, AssetRegisterRow } from '../../server/http/contract/assets'

export type { AssetChangeEntry, AssetCreate, AssetPatch, AssetRegisterRow }
/** An asset as a write returns it (the audit trail's snapshot). */
export interface AssetWritten { id: number; name: string; category: string; status: 'open' | 'closed'; lon: number; lat: number; postcode: string | null }

type Authed = <T>(method: string, path: string, failing: string, body?: unknown) => Promise<T>

export function assetCalls(authed: Authed) {
  return {
    register: () => authed<{ assets: AssetRegisterRow[] }>('GET', '/api/asset-register', 'load the asset register'),
    changes: (id: number) => authed<{ changes: AssetChangeEntry[] }>('GET', `/api/asset-register/${id}/changes?limit=50`, `load the changes of asset ${id}`),
    create: (a: AssetCreate) => authed<AssetWritten>('POST', '/api/assets', 'add the asset', a),
    edit: (id: number, p: AssetPatch) => authed<AssetWritten>('PATCH', `/api/assets/${id}`, `change asset ${id}`, p),
  }
}
