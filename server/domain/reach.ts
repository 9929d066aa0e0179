/**
 * A catchment from anywhere people ask about: any asset (not only registered anchors), a postcode
 * or a point on the map, ranked exactly as an anchor's is (anchors.ts catchmentAround). An origin
 * far outside the borough is refused in words, since the reach is measured over its LSOAs.
 */
import type { Database } from '../db/connect'
import { assetOrigin, pointOrigin, postcodeOrigin, type OriginPoint } from '../db/reach'
import type { ContextName } from '../catalogue/contexts'
import { catchmentAround, type Catchment, type CatchmentOrigin } from './anchors'
import { InvalidParameter, NotFound } from './errors'

export type ReachFrom = { asset: number } | { postcode: string } | { lon: number; lat: number }

/** How far outside the borough an origin may lie (its reach would still cover some LSOAs). */
const MAX_OUTSIDE_M = 5000

export async function catchmentFrom(db: Database, from: ReachFrom, distance: number, detour: number, context?: ContextName): Promise<Catchment> {
  let o: OriginPoint | null
  let kind: CatchmentOrigin['kind']
  let field: string
  if ('asset' in from) {
    o = await assetOrigin(db.knex, from.asset, context !== undefined)
    if (!o) throw new NotFound(`There is no asset number ${from.asset} in the register${context ? ` or held as context "${context}"` : ''}.`)
    kind = 'asset'
    field = 'query.asset'
  } else if ('postcode' in from) {
    o = await postcodeOrigin(db.knex, from.postcode)
    if (!o) throw new InvalidParameter(`${from.postcode.toUpperCase()} is not a postcode in or beside Barking and Dagenham.`, [{ path: 'query.postcode', message: 'not a postcode in or beside the borough' }])
    kind = 'postcode'
    field = 'query.postcode'
  } else {
    o = await pointOrigin(db.knex, from.lon, from.lat)
    kind = 'point'
    field = 'query.lon'
  }
  if (o.outside_m > MAX_OUTSIDE_M) {
    throw new InvalidParameter(`${o.name} is ${(o.outside_m / 1000).toFixed(1)} km outside Barking and Dagenham: choose a place in or near the borough.`, [{ path: field, message: 'too far outside the borough' }])
  }
  const { outside_m: _outside, ...rest } = o
  return catchmentAround(db, { ...rest, kind, id: 'asset' in from ? from.asset : null }, distance, detour, context)
}
