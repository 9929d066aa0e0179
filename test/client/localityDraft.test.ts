import { describe, expect, it } from 'vitest'
import { readLocalityCsv } from '../../client/src/panels/localities/csv'
import { Draft } from '../../client/src/panels/localities/draft'

// hand-made fixtures in the shape of GET /api/localities/definition, not real wards
const definition = [
  { ward_code: 'E05000001', ward_name: 'Abbey', locality_code: 'LOC-W', locality_name: 'West', provisional: true },
  { ward_code: 'E05000002', ward_name: 'Beam', locality_code: 'LOC-W', locality_name: 'West', provisional: true },
  { ward_code: 'E05000003', ward_name: 'Chase', locality_code: 'LOC-E', locality_name: 'East', provisional: true },
]

describe('the localities editor draft', () => {
  it('keeps codes through a rename and moves, and sends a new locality without a code', () => {
    const d = new Draft(definition)
    d.rename('LOC-W', 'Barking')
    const added = d.add('North')
    if (typeof added === 'string') throw new Error(added)
    d.assign('E05000002', added.key)
    expect(d.rows()).toEqual([
      { ward_code: 'E05000001', locality_name: 'Barking', locality_code: 'LOC-W' },
      { ward_code: 'E05000002', locality_name: 'North' },
      { ward_code: 'E05000003', locality_name: 'East', locality_code: 'LOC-E' },
    ])
    expect(d.add(' north ')).toBe('There is already a locality called north.')
    expect(d.add('  ')).toBe('Type a name for the new locality.')
  })

  it('takes the council CSV: its localities, a ward it leaves out in none, its rows as given', () => {
    const d = new Draft(definition)
    const rows = readLocalityCsv('\ufeffWard_Code, locality_name\nE05000001,River\nE05000003,River\nE05000003,Heath\n')
    expect(d.load(rows)).toEqual(rows)
    expect(d.localities.map((l) => [l.name, l.code])).toEqual([['River', null], ['Heath', null]])
    expect(d.assignment.get('E05000002')).toBe('')
    expect(d.rows().map((r) => [r.ward_code, r.locality_name])).toEqual([['E05000001', 'River'], ['E05000003', 'Heath']])
    expect(() => readLocalityCsv('ward,name\nE05000001,River\n')).toThrow(/needs a ward_code column/)
  })
})
