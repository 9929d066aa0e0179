/**
 * Localities partition the authority: every ward in exactly one locality. The check names every
 * ward that breaks it (in none, listed twice, not a ward of this authority) at once, so an editor
 * can fix them all before trying again, instead of the importer's first failure.
 */
import type { Queryable } from '../db/connect'
import { areaNames } from '../db/importStore'
import { InvalidParameter } from './errors'

export interface PartitionWards {
  missing: Array<{ code: string; name: string }>
  duplicated: Array<{ code: string; name: string; rows: number[] }>
  unknown: Array<{ code: string; rows: number[] }>
}

/** A definition that leaves wards out, lists one twice or names a ward elsewhere: the wards, by kind. */
export class IncompletePartition extends InvalidParameter {
  constructor(detail: string, issues: Array<{ path: string; message: string }>, readonly wards: PartitionWards) {
    super(detail, issues)
    Object.assign(this.extra, { wards })
  }
}

const named = (w: { code: string; name: string }) => `${w.name} (${w.code})`

/** Throws IncompletePartition unless `rows` put each ward of the authority in exactly one locality. */
export async function checkPartition(db: Queryable, rows: Array<{ ward_code: string }>): Promise<void> {
  const wards = await areaNames(db, 'ward')
  const at = new Map<string, number[]>()
  rows.forEach((r, i) => at.set(r.ward_code, [...(at.get(r.ward_code) ?? []), i]))
  const found: PartitionWards = {
    missing: [...wards].filter(([code]) => !at.has(code)).map(([code, name]) => ({ code, name })),
    duplicated: [...at].filter(([code, i]) => i.length > 1 && wards.has(code)).map(([code, i]) => ({ code, name: wards.get(code)!, rows: i })),
    unknown: [...at].filter(([code]) => !wards.has(code)).map(([code, i]) => ({ code, rows: i })),
  }
  if (!found.missing.length && !found.duplicated.length && !found.unknown.length) return
  const parts: string[] = []
  const issues: Array<{ path: string; message: string }> = []
  if (found.missing.length) {
    parts.push(`${found.missing.length} of ${wards.size} wards ${found.missing.length === 1 ? 'is' : 'are'} in no locality: ${found.missing.map(named).join(', ')}`)
    for (const w of found.missing) issues.push({ path: 'body.rows', message: `${named(w)} is in no locality` })
  }
  if (found.duplicated.length) {
    parts.push(`${found.duplicated.length} ${found.duplicated.length === 1 ? 'ward is' : 'wards are'} in more than one locality: ${found.duplicated.map(named).join(', ')}`)
    for (const w of found.duplicated) for (const i of w.rows.slice(1)) issues.push({ path: `body.rows.${i}.ward_code`, message: `${named(w)} is listed more than once` })
  }
  if (found.unknown.length) {
    parts.push(`${found.unknown.map((w) => w.code).join(', ')} ${found.unknown.length === 1 ? 'is not a ward' : 'are not wards'} of this authority`)
    for (const w of found.unknown) for (const i of w.rows) issues.push({ path: `body.rows.${i}.ward_code`, message: `ward ${w.code} is not a ward of this authority` })
  }
  throw new IncompletePartition(`Every ward must belong to exactly one locality; ${parts.join('; ')}.`, issues, found)
}
