/**
 * Where each area lies, for the table view's ward and locality columns: every LSOA's ward and
 * locality and every ward's locality, read once from the localities' profiles (the same
 * best-fit lookups the profile shows) and kept for the session.
 */
import type { ApiClient, Catalogue } from '../api'

export interface Place {
  ward: string | null
  locality: string | null
}

export class AreaPlaces {
  private loaded: Promise<Map<string, Place>> | null = null

  constructor(private readonly api: ApiClient, private readonly catalogue: Catalogue) {}

  /** code (LSOA or ward) -> its ward and locality names */
  all(): Promise<Map<string, Place>> {
    this.loaded ??= (async () => {
      const out = new Map<string, Place>()
      const ranked = this.catalogue.defaultIndicator
      const profiles = await Promise.all(this.catalogue.localities.map((l) => this.api.profile(l.code, ranked).catch(() => null)))
      for (const p of profiles) {
        if (!p) continue
        for (const w of p.locality.wards) out.set(w.code, { ward: w.name, locality: p.locality.name })
        for (const l of p.ranking.lsoas) out.set(l.code, { ward: l.ward, locality: p.locality.name })
      }
      return out
    })()
    return this.loaded
  }
}
