/**
 * What a locality change would do, before it is saved: the change is made for real inside a
 * transaction that is then rolled back, so the figures shown are exactly those a save would give
 * (the same importer and re-aggregation), and nothing is kept. Also the history of locality
 * changes from the audit trail, each with the wards it moved, for editors to undo.
 */
import { listAreas, wardLocalities } from '../db/areas'
import type { Database, Transaction } from '../db/connect'
import { readAudit } from './audit'
import { applyDefinition, DEFINITION_ENTITY, type LocalityDefinitionRow, type LocalityMembership } from './localityEditing'

/** The figures the locality layer and overview show: residents and the IoD 2025 summary. */
export const PREVIEW_INDICATORS = { population: 'census_pop_total', imdScore: 'imd_score_2025', imdShare20: 'imd_share_20_2025' } as const

export interface LocalityFigures {
  code: string
  name: string
  provisional: boolean
  wards: number
  population: number | null
  imdScore: number | null
  imdShare20: number | null
}

export interface WardMove {
  ward_code: string
  ward_name: string | null
  from: { code: string; name: string } | null
  to: { code: string; name: string }
}

export interface DefinitionPreview {
  changed: boolean
  moves: WardMove[]
  before: LocalityFigures[]
  after: LocalityFigures[]
  provisional: { before: boolean; after: boolean }
  indicators: typeof PREVIEW_INDICATORS
}

/** The wards whose locality differs between two definitions (a renamed locality counts as a move of its wards). */
export function wardMoves(before: LocalityMembership[], after: LocalityMembership[]): WardMove[] {
  const was = new Map(before.map((r) => [r.ward_code, r]))
  return after
    .filter((a) => { const b = was.get(a.ward_code); return !b || b.locality_code !== a.locality_code || b.locality_name !== a.locality_name })
    .map((a) => {
      const b = was.get(a.ward_code)
      return { ward_code: a.ward_code, ward_name: a.ward_name, from: b ? { code: b.locality_code, name: b.locality_name } : null, to: { code: a.locality_code, name: a.locality_name } }
    })
}

async function figures(trx: Transaction, definition: LocalityMembership[]): Promise<LocalityFigures[]> {
  const ids = Object.values(PREVIEW_INDICATORS)
  const areas = await listAreas(trx, { level: 'locality', indicators: ids })
  return areas.map((a) => ({
    code: a.code, name: a.name, provisional: a.attrs.provisional === true,
    wards: definition.filter((d) => d.locality_code === a.code).length,
    population: a.values[PREVIEW_INDICATORS.population] ?? null,
    imdScore: a.values[PREVIEW_INDICATORS.imdScore] ?? null,
    imdShare20: a.values[PREVIEW_INDICATORS.imdShare20] ?? null,
  }))
}

/** Thrown to roll the dry run back, carrying its answer out. */
class DryRun extends Error {
  constructor(readonly preview: DefinitionPreview) {
    super('dry run')
  }
}

/** The moves and new figures `rows` would give (refused as a save would be); nothing is kept. */
export async function previewLocalityDefinition(db: Database, la: string, rows: LocalityDefinitionRow[]): Promise<DefinitionPreview> {
  try {
    await db.transaction(async (trx) => {
      const old = await figures(trx, await wardLocalities(trx))
      const { before, after } = await applyDefinition(trx, la, rows)
      const next = await figures(trx, after)
      const moves = wardMoves(before, after)
      const provisional = { before: old.some((f) => f.provisional), after: next.some((f) => f.provisional) }
      throw new DryRun({
        // the same grouping saved as the council's own still changes something: the provisional label goes
        changed: moves.length > 0 || provisional.before !== provisional.after,
        moves, before: old, after: next, provisional,
        indicators: PREVIEW_INDICATORS,
      })
    })
  } catch (err) {
    if (err instanceof DryRun) return err.preview
    throw err
  }
  throw new Error('the dry run did not roll back')
}

export interface LocalityChange {
  id: number
  at: string
  actor: string
  action: string
  moves: WardMove[]
  /** the change replaced a definition that can be put back */
  undoable: boolean
}

/** The latest locality changes from the audit trail, newest first. */
export async function localityHistory(db: Database, limit = 20): Promise<LocalityChange[]> {
  const page = await readAudit(db, { entity: DEFINITION_ENTITY }, { limit, offset: 0 })
  return page.entries.map((e) => {
    const before = Array.isArray(e.before) ? (e.before as LocalityMembership[]) : []
    const after = Array.isArray(e.after) ? (e.after as LocalityMembership[]) : []
    return { id: e.id, at: e.at, actor: `${e.actor_name} (${e.actor_role})`, action: e.action, moves: wardMoves(before, after), undoable: before.length > 0 }
  })
}
