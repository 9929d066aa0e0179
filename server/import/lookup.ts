/** ONS LSOA 2011 -> 2021 lookup, kept for the configured authority. */
import { readLsoaLookup } from '../../geodata/read/lookups'
import { insertLookup } from '../db/importStore'
import type { ImportFn } from './runner'

export const importLsoaLookup =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const rows = await readLsoaLookup(ctx.file(0), { lad22cd: ctx.la })
    await insertLookup(ctx.trx, datasetId, rows.map((r) => ({ lsoa11cd: r.lsoa11cd, lsoa21cd: r.lsoa21cd, chgind: r.chgind, lad_code: r.lad22cd })))
    const by = (c: string) => rows.filter((r) => r.chgind === c).length
    ctx.note(`CHGIND: ${by('U')} unchanged, ${by('S')} split, ${by('M')} merged, ${by('X')} irregular`)
    return { read: rows.length, loaded: rows.length, rejected: 0 }
  }
