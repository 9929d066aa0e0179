/** Localities: the overview, a locality's profile, and the borough's published IoD position. */
export type { LocalityOverview } from '../../domain/overview'
export type { LocalityProfile, ProfileRow, RankedLsoa } from '../../domain/profile'
export type { PublishedPosition, PublishedRow } from '../../domain/published'
