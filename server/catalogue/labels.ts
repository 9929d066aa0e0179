/** Plain-words names of the geography levels and the indicator groups, as the UI shows them. */
import type { Level } from './types'

export const LEVEL_LABELS: Record<Level, string> = { lsoa21: 'LSOA (2021)', ward: 'Ward', locality: 'Locality', borough: 'Borough' }

/** Titles of the catalogue's group ids (a client shows an unknown group's id). */
export const GROUP_LABELS: Record<string, string> = {
  deprivation: 'Deprivation and its domains',
  'work-skills': 'Work and skills',
  health: 'Health',
  children: 'Children',
  'older-people': 'Older people',
  population: 'Population',
  'fuel-poverty': 'Fuel poverty',
  'air-quality': 'Air quality',
  access: 'Access',
  housing: 'Temporary accommodation and housing',
}
