/** OS Code-Point Open: the geocoder for anything that arrives with only a postcode. */
import { readCodePointOpen } from '../../geodata/read/postcodes'
import { insertPostcodes } from '../db/importStore'
import type { ImportFn } from './runner'

export const importPostcodes =
  (datasetId: string): ImportFn =>
  async (ctx) => {
    const rows = await readCodePointOpen(ctx.file(0), ctx.file(1))
    // Every row is kept: the file is already the authority plus a buffer, and neighbouring postcodes
    // geocode assets just over the boundary (hospitals, libraries) that residents use.
    await insertPostcodes(ctx.trx, datasetId, rows.map((r) => ({ postcode: r.postcode, quality: r.pq, district: r.district, ward: r.ward, easting: r.easting, northing: r.northing })))
    return { read: rows.length, loaded: rows.length, rejected: 0 }
  }
