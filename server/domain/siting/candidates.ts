/**
 * Candidate sites (assets of the chosen categories, points added on the map, every demand point)
 * and the hub constraints over them: one per locality, or p anywhere.
 */
import type { DemandRow, SiteRow } from '../../db/siting'
import { invalid, PRIMARY_SCHOOLS, type SitingParams } from './params'
import type { Site } from './result'

export interface Candidates {
  sites: Site[]
  byId: Map<string, number>
  /** sites the solver may open (choosable and not excluded) */
  choosable: Site[]
  fixedSet: Set<string>
}

const isPrimary = (a: SiteRow) => a.category === 'school' && (a.phase === 'Primary' || a.phase === 'All Through')

export function buildCandidates(
  params: SitingParams, assets: SiteRow[], placed: Array<{ x: number; y: number; locality: string | null }>, demand: DemandRow[],
  ids: { fixedAssetIds: number[]; baselineIds: number[] },
): Candidates {
  const chosenCats = new Set(params.candidates.categories)
  const sites: Site[] = []
  const byId = new Map<string, number>()
  const add = (s: Site) => {
    const at = byId.get(s.id)
    if (at !== undefined) {
      sites[at].choosable ||= s.choosable
      return
    }
    byId.set(s.id, sites.length)
    sites.push(s)
  }
  const fixedSet = new Set(params.fixed)
  for (const a of assets) {
    const id = `asset:${a.assetId}`
    const inPool = a.status === 'open' && (chosenCats.has(a.category) || (chosenCats.has(PRIMARY_SCHOOLS) && isPrimary(a)))
    add({ id, kind: 'asset', assetId: a.assetId, name: a.name, category: a.category, x: a.x, y: a.y, lon: a.lon, lat: a.lat, locality: a.locality, choosable: inPool || fixedSet.has(id) })
  }
  params.candidates.points.forEach((p, t) => {
    const id = `point:${p.id ?? t + 1}`
    if (byId.has(id)) throw invalid(`two added points have the id ${id}`, 'body.candidates.points')
    add({ id, kind: 'point', assetId: null, name: p.name ?? `Added point ${p.id ?? t + 1}`, category: 'added point', ...placed[t], lon: p.lon, lat: p.lat, choosable: true })
  })
  if (params.candidates.demandPoints) {
    for (const d of demand) add({ id: `lsoa:${d.code}`, kind: 'lsoa', assetId: null, name: `${d.name} (where people live)`, category: 'LSOA point', x: d.x, y: d.y, lon: d.lon, lat: d.lat, locality: d.locality, choosable: true })
  }
  for (const id of [...ids.fixedAssetIds.map((x) => `asset:${x}`), ...ids.baselineIds.map((x) => `asset:${x}`)]) {
    if (!byId.has(id)) throw invalid(`site ${id} does not exist (or is not a verified asset)`, fixedSet.has(id) ? 'body.fixed' : 'body.baseline.ids')
  }
  for (const id of params.fixed) if (!byId.has(id)) throw invalid(`fixed site ${id} is not among the candidates`, 'body.fixed')
  for (const id of params.excluded) if (!byId.has(id)) throw invalid(`excluded site ${id} is not among the candidates`, 'body.excluded')
  const both = params.fixed.filter((id) => params.excluded.includes(id))
  if (both.length) throw invalid(`site ${both[0]} is both fixed and excluded`, 'body.excluded')
  const choosable = sites.filter((s) => s.choosable && !params.excluded.includes(s.id))
  if (!choosable.length) throw invalid('no candidate sites: choose at least one category, add points on the map, or use every demand point', 'body.candidates')
  return { sites, byId, choosable, fixedSet }
}

export interface HubConstraints {
  onePerLocality: boolean
  p: number
}

/** How many hubs, and (one per locality) that every locality can have one and no two fixed sites share one. */
export function hubConstraints(params: SitingParams, c: Candidates, localities: Array<{ code: string; name: string }>): HubConstraints {
  const locName = (code: string) => localities.find((l) => l.code === code)!.name
  const onePerLocality = params.hubs === 'one-per-locality'
  const p = onePerLocality ? localities.length : (params.hubs as number)
  if (onePerLocality) {
    if (!localities.length) throw invalid('one hub per locality needs localities, and none are loaded', 'body.hubs')
    const fixedIn = new Map<string, string>()
    for (const id of params.fixed) {
      const s = c.sites[c.byId.get(id)!]
      if (!s.locality) throw invalid(`fixed site ${id} (${s.name}) lies outside every locality, so it cannot be a locality's hub`, 'body.fixed')
      if (fixedIn.has(s.locality)) throw invalid(`fixed sites ${fixedIn.get(s.locality)} and ${id} are both in ${locName(s.locality)}; one hub per locality allows one`, 'body.fixed')
      fixedIn.set(s.locality, id)
    }
    for (const l of localities) {
      if (!c.choosable.some((s) => s.locality === l.code)) throw invalid(`no candidate site lies inside ${l.name} (${l.code}), so it cannot get a hub: add categories or points there`, 'body.candidates')
    }
  } else {
    if (p > c.choosable.length) throw invalid(`p = ${p} hubs but only ${c.choosable.length} candidate site${c.choosable.length === 1 ? ' is' : 's are'} available`, 'body.hubs')
    if (params.fixed.length > p) throw invalid(`${params.fixed.length} fixed sites but only ${p} hubs`, 'body.fixed')
  }
  return { onePerLocality, p }
}
