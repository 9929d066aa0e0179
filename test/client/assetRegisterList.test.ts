import { describe, expect, it } from 'vitest'
import type { AssetRegisterRow } from '../../client/src/assetApi'
import { filterSort, provenanceLine } from '../../client/src/panels/assetRegister/list'
import { fieldChanges } from '../../server/domain/assetRegister'

// hand-made register rows in the shape of GET /api/asset-register, not real assets
const row = (id: number, name: string, category: string, status: 'open' | 'closed', last: string, extra: Partial<AssetRegisterRow> = {}): AssetRegisterRow => ({
  id, name, category, status, closed_reason: null, address: null, postcode: null, precision: 'exact', lon: 0.1, lat: 51.5, dataset_id: 'libraries',
  source: 'Libraries', imported: true, last_change: last, last_change_by: null, edited: [], provenance: null, note: null, ...extra,
})
const rows = [
  row(1, 'Valence Library', 'library', 'open', '2026-12-03T10:00:00.000Z'),
  row(2, 'Zed Surgery', 'gp', 'closed', '2026-12-01T10:00:00.000Z', { postcode: 'IG11 7LX' }),
  row(3, 'Barking Library', 'library', 'open', '2026-12-02T10:00:00.000Z'),
]
const title = (c: string) => ({ library: 'Libraries', gp: 'GP practices' })[c] ?? c
const ids = (r: AssetRegisterRow[]) => r.map((x) => x.id)

describe('the asset register list', () => {
  it('filters by text (name, postcode), category and status together', () => {
    expect(ids(filterSort(rows, { text: 'library', category: '', status: '', sort: 'name' }, title))).toEqual([3, 1])
    expect(ids(filterSort(rows, { text: 'ig11', category: '', status: '', sort: 'name' }, title))).toEqual([2])
    expect(ids(filterSort(rows, { text: '', category: 'library', status: 'closed', sort: 'name' }, title))).toEqual([])
    expect(ids(filterSort(rows, { text: '', category: '', status: 'closed', sort: 'name' }, title))).toEqual([2])
  })

  it('sorts by name, by category title then name, and by last change newest first', () => {
    expect(ids(filterSort(rows, { text: '', category: '', status: '', sort: 'name' }, title))).toEqual([3, 1, 2])
    expect(ids(filterSort(rows, { text: '', category: '', status: '', sort: 'category' }, title))).toEqual([2, 3, 1])
    expect(ids(filterSort(rows, { text: '', category: '', status: '', sort: 'last_change' }, title))).toEqual([1, 3, 2])
  })

  it('says where an asset came from and what an editor changed that re-imports keep', () => {
    expect(provenanceLine(rows[0])).toBe('Imported (Libraries)')
    expect(provenanceLine({ ...rows[0], edited: ['name', 'place'] })).toBe('Imported (Libraries); changed by an editor, kept across re-imports: name, place')
    expect(provenanceLine({ ...rows[0], imported: false })).toBe('Added here')
  })
})

describe("an asset's changes field by field", () => {
  const before = { name: 'A', category: 'gp', address: null, postcode: 'IG11 7LX', status: 'open', lon: 0.1, lat: 51.5, attrs: { note: 'x', phone: '1' } }
  it('lists only what changed, a move as its place, attributes by key', () => {
    expect(fieldChanges(before, { ...before, name: 'B', lon: 0.2, attrs: { note: 'y', phone: '1' } })).toEqual([
      { field: 'name', before: 'A', after: 'B' },
      { field: 'place', before: '51.50000, 0.10000', after: '51.50000, 0.20000' },
      { field: 'note', before: 'x', after: 'y' },
    ])
  })
  it('a creation is every field from nothing', () => {
    expect(fieldChanges(null, { ...before, attrs: {} }).map((c) => [c.field, c.before])).toEqual([['name', null], ['category', null], ['postcode', null], ['status', null], ['place', null]])
  })
})
