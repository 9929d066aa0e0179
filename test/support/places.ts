import type { Knex } from 'knex'
import { TEST_LA } from './prepareData'

export interface PostcodeTruth {
  postcode: string
  lsoa: string
  lsoa_name: string
  ward: string
  locality: string
}

/**
 * A real postcode of the borough from the imported Code-Point Open (the `offset`-th in order), and
 * where it lies, found independently of the search's own SQL: containment in the British National
 * Grid geometries (the search intersects WGS84 ones), and the ward's locality link.
 */
export async function postcodeTruth(knex: Knex, offset: number): Promise<PostcodeTruth> {
  const r = await knex.raw(
    `SELECT p.postcode, l.code AS lsoa, l.name AS lsoa_name, w.code AS ward, k.parent_code AS locality
     FROM postcodes p
     JOIN areas l ON l.level = 'lsoa21' AND ST_Contains(l.geom_bng, p.geom_bng)
     JOIN areas w ON w.level = 'ward' AND ST_Contains(w.geom_bng, p.geom_bng)
     JOIN area_links k ON k.child_level = 'ward' AND k.child_code = w.code AND k.parent_level = 'locality'
     WHERE p.district = ? ORDER BY p.postcode LIMIT 1 OFFSET ?`,
    [TEST_LA, offset],
  )
  return r.rows[0]
}
