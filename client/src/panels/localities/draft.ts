/**
 * The editor's draft of the locality definition: the localities (existing ones keep their code
 * through a rename; new ones get theirs from the server) and which locality each ward is in. A
 * ward may be in none while the draft is edited; the server refuses to save that, naming it.
 */
import type { LocalityDefinitionInput, LocalityMembership } from '../../api'

export interface DraftLocality {
  key: string
  name: string
  /** the stored code (null: new, the server makes one from the name) */
  code: string | null
}

export interface DraftWard {
  code: string
  name: string
}

type Rows = LocalityDefinitionInput['rows']

export class Draft {
  localities: DraftLocality[] = []
  readonly wards: DraftWard[]
  /** ward code -> locality key ('' for none) */
  readonly assignment = new Map<string, string>()
  private added = 0

  constructor(definition: LocalityMembership[]) {
    const byCode = new Map<string, DraftLocality>()
    for (const r of definition) {
      if (!byCode.has(r.locality_code)) byCode.set(r.locality_code, { key: r.locality_code, name: r.locality_name, code: r.locality_code })
      this.assignment.set(r.ward_code, r.locality_code)
    }
    this.localities = [...byCode.values()]
    this.wards = definition.map((r) => ({ code: r.ward_code, name: r.ward_name ?? r.ward_code })).sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Adds a locality; the reason it cannot be added otherwise. */
  add(name: string): DraftLocality | string {
    const n = name.trim()
    if (!n) return 'Type a name for the new locality.'
    if (this.localities.some((l) => l.name.toLowerCase() === n.toLowerCase())) return `There is already a locality called ${n}.`
    const l = { key: `new-${++this.added}`, name: n, code: null }
    this.localities.push(l)
    return l
  }

  rename(key: string, name: string): void {
    const l = this.localities.find((x) => x.key === key)
    if (l) l.name = name.trim()
  }

  assign(ward: string, key: string): void {
    this.assignment.set(ward, key)
  }

  wardsIn(key: string): number {
    return [...this.assignment.values()].filter((k) => k === key).length
  }

  /** The rows to send: every ward that is in a locality. */
  rows(): Rows {
    return this.wards.flatMap((w) => {
      const l = this.localities.find((x) => x.key === this.assignment.get(w.code))
      return l ? [{ ward_code: w.code, locality_name: l.name, ...(l.code ? { locality_code: l.code } : {}) }] : []
    })
  }

  /**
   * Takes the council's file: its localities (matched to existing ones by code, else by name) and
   * its wards' places; a ward the file leaves out is in none. Returns the file's rows as given, so
   * the server checks them as they are (a ward listed twice included).
   */
  load(rows: Rows): Rows {
    const next: DraftLocality[] = []
    const keyOf = (r: Rows[number]) => {
      const found = next.find((l) => (r.locality_code ? l.code === r.locality_code : l.name === r.locality_name))
      if (found) return found.key
      const old = this.localities.find((l) => (r.locality_code ? l.code === r.locality_code : l.name === r.locality_name))
      const l = { key: old?.key ?? `new-${++this.added}`, name: r.locality_name, code: r.locality_code ?? old?.code ?? null }
      next.push(l)
      return l.key
    }
    for (const w of this.wards) this.assignment.set(w.code, '')
    for (const r of rows) this.assignment.set(r.ward_code, keyOf(r))
    this.localities = next
    return rows
  }
}
