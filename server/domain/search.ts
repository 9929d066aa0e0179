/**
 * Place search: what a locality lead types (a postcode, a ward, an LSOA code or name, a locality,
 * a place, an asset) turned into places the map can fly to. Each result says what it is, where it
 * is (a point, and a bbox for areas), the area it opens (a postcode opens the LSOA it lies in) and
 * the ward and locality it is in. A postcode outside the borough says so.
 *
 * Example: searchPlaces(db, { q: 'IG11 7', limit: 8 }) -> postcodes IG11 7AA… each with its LSOA.
 */
import type { Database } from '../db/connect'
import { areasMatching, assetsNamed, placesNamed, postcodesStartingWith, type NamedArea, type PlacedPoint } from '../db/search'
import { assetCategories } from '../catalogue/assetCategories'
import { getCatalogue } from './catalogue'

export type SearchKind = 'postcode' | 'locality' | 'ward' | 'lsoa' | 'place' | 'asset'

export interface SearchResult {
  kind: SearchKind
  /** stable within its kind: the postcode, the area code, the asset or place id */
  id: string
  label: string
  /** what it is and where, in words: "Postcode · Abbey ward · Barking and Riverside (west)" */
  detail: string
  /** [lon, lat] WGS84: where to fly */
  point: [number, number]
  /** [minLon, minLat, maxLon, maxLat] for areas and parks: what to fit */
  bbox: [number, number, number, number] | null
  /** false for a postcode or place outside the borough */
  inBorough: boolean
  /** the area whose information opens (its LSOA for a point in the borough) */
  area: { level: 'lsoa21' | 'ward' | 'locality'; code: string; name: string } | null
  ward: NamedArea | null
  locality: NamedArea | null
  /** asset category id (assets only) */
  category?: string
}

export interface SearchResponse {
  query: string
  results: SearchResult[]
  /** a sentence when the text was understood but nothing fits, e.g. a postcode outside the borough */
  notice: string | null
}

/** A whole or partial UK postcode, spaces optional: "RM9", "IG11 7", "rm10 7ab". */
const POSTCODE_PREFIX = /^[A-Z]{1,2}\d[A-Z\d]?\s*(\d[A-Z]{0,2})?$/
const FULL_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/

const KIND_LABEL: Record<string, string> = { place: 'Place', station: 'Station', park: 'Park or open space' }
const CATEGORY = new Map<string, string>(assetCategories.map((c) => [c.id, c.title]))

const where = (p: { ward: NamedArea | null; locality: NamedArea | null }) =>
  [p.ward ? `${p.ward.name} ward` : null, p.locality?.name ?? null].filter(Boolean).join(' · ')

function pointResult(kind: SearchKind, id: string, label: string, what: string, p: PlacedPoint, borough: string): Omit<SearchResult, 'bbox'> {
  const inBorough = p.lsoa !== null
  return {
    kind, id, label, point: [p.lon, p.lat], inBorough,
    detail: inBorough ? [what, p.lsoa!.name, where(p)].filter(Boolean).join(' · ') : `${what} · outside ${borough}`,
    area: p.lsoa ? { level: 'lsoa21', code: p.lsoa.code, name: p.lsoa.name } : null,
    ward: p.ward, locality: p.locality,
  }
}

export async function searchPlaces(db: Database, req: { q: string; limit: number }): Promise<SearchResponse> {
  const q = req.q.trim().replace(/\s+/g, ' ')
  const borough = (await getCatalogue(db)).value.borough?.name ?? 'the borough'
  const upper = q.toUpperCase()
  const results: SearchResult[] = []
  let notice: string | null = null

  if (POSTCODE_PREFIX.test(upper)) {
    const hits = await postcodesStartingWith(db.knex, upper.replace(/ /g, ''), req.limit)
    for (const p of hits) results.push({ ...pointResult('postcode', p.postcode, p.postcode, 'Postcode', p, borough), bbox: null })
    if (!hits.length && FULL_POSTCODE.test(upper)) {
      notice = `${upper} is not a postcode in or beside ${borough}: the service holds OS Code-Point Open for the borough and its edge only.`
    } else if (hits.length && FULL_POSTCODE.test(upper) && hits.every((h) => h.lsoa === null)) {
      notice = `${hits[0].postcode} is outside ${borough}.`
    }
  }
  if (q.length >= 2 && results.length < req.limit) {
    for (const a of await areasMatching(db.knex, q, req.limit)) {
      const kind: SearchKind = a.level === 'lsoa21' ? 'lsoa' : a.level
      const what = a.level === 'lsoa21' ? `LSOA ${a.code}` : a.level === 'ward' ? `Ward ${a.code}` : 'Locality'
      results.push({
        kind, id: a.code, label: a.name, detail: [what, where(a)].filter(Boolean).join(' · '),
        point: [a.lon, a.lat], bbox: a.bbox, inBorough: true,
        area: { level: a.level, code: a.code, name: a.name }, ward: a.ward, locality: a.locality,
      })
    }
  }
  if (q.length >= 3 && results.length < req.limit) {
    for (const p of await placesNamed(db.knex, q, req.limit)) {
      results.push({ ...pointResult('place', String(p.id), p.name, KIND_LABEL[p.kind] ?? 'Place', p, borough), bbox: p.bbox })
    }
    for (const a of await assetsNamed(db.knex, q, req.limit)) {
      results.push({ ...pointResult('asset', String(a.id), a.name, CATEGORY.get(a.category) ?? a.category, a, borough), bbox: null, category: a.category })
    }
  }
  return { query: q, results: results.slice(0, req.limit), notice }
}
