/** Localities: the overview, a locality's profile and report, and the borough's published IoD position. */
import { z } from 'zod'
import { DEFAULT_INDICATOR } from '../../catalogue/indicators'
import { RESOURCE_FORMATS } from '../../exports/formats'
import { formatParam } from '../export'
import { codeParam } from './params'

export type { LocalityOverview } from '../../domain/overview'
export type { LocalityProfile, ProfileRow, RankedLsoa } from '../../domain/profile'
export type { PublishedPosition, PublishedRow } from '../../domain/published'

export const localityPath = z.strictObject({ code: codeParam })
export const overviewQuery = z.strictObject({ indicator: z.string().max(60).default(DEFAULT_INDICATOR) })
export const reportQuery = z.strictObject({ rank: z.string().max(60).default(DEFAULT_INDICATOR) })
export const profileQuery = z.strictObject({
  rank: z.string().max(60).default(DEFAULT_INDICATOR),
  format: formatParam(['json', ...RESOURCE_FORMATS.profile]),
  table: z.enum(['indicators', 'lsoas']).default('indicators').meta({ description: 'Which table an export holds: the indicators beside borough, London and England, or the ranked LSOAs' }),
})
