/**
 * The printable locality report: everything a locality lead takes to the Health and Wellbeing
 * Board in one read: the profile (every indicator, both IoD editions, against borough, London and
 * England), the map of its LSOAs on the chosen indicator, the ranked LSOAs, the assets in the area
 * and every source with its licence.
 */
import type { AreaRecord } from '../db/areas'
import type { AssetRecord } from '../db/assets'
import type { Database } from '../db/connect'
import { getAreas } from './areas'
import { findAssets } from './assets'
import { getCatalogue, type CatalogueIndicator, type SourceInfo } from './catalogue'
import { getLocalityProfile, type LocalityProfile } from './profile'

export interface LocalityReport {
  profile: LocalityProfile
  indicator: CatalogueIndicator
  /** LSOAs of the locality with geometry and the chosen indicator's value, for the map */
  lsoas: AreaRecord[]
  outline: AreaRecord | null
  assets: AssetRecord[]
  sources: SourceInfo[]
  generatedAt: string
}

export async function getLocalityReport(db: Database, code: string, rankBy: string): Promise<LocalityReport> {
  const profile = await getLocalityProfile(db, code, rankBy)
  const { value: catalogue } = await getCatalogue(db)
  const indicator = catalogue.indicators.find((d) => d.id === profile.ranking.indicator)!
  const [lsoas, outline, assets] = [
    await getAreas(db, { level: 'lsoa21', indicators: [indicator.id], locality: code, geometry: true }),
    await getAreas(db, { level: 'locality', indicators: [indicator.id], locality: code, geometry: true }),
    await findAssets(db, { locality: code, status: 'open' }),
  ]
  const used = new Set(profile.rows.filter((r) => r.locality !== null || r.borough !== null).map((r) => catalogue.indicators.find((d) => d.id === r.indicator.id)?.dataset))
  for (const a of assets.assets) used.add(a.dataset_id ?? undefined)
  return {
    profile, indicator, lsoas: lsoas.areas, outline: outline.areas[0] ?? null, assets: assets.assets,
    sources: catalogue.sources.filter((s) => used.has(s.dataset)),
    generatedAt: new Date().toISOString(),
  }
}
