/** The indicators an anchor institution's catchment shows, ranks by and counts working-age residents with. */
import { findIndicator } from '../catalogue/indicators'

/** The catchment's columns, in order: employment deprivation ranks the list. */
export const CATCHMENT_INDICATORS = {
  rankBy: 'employment_score_2025',
  decile: 'employment_decile_2025',
  shown: ['employment_score_2025', 'employment_decile_2025', 'income_score_2025', 'census_never_worked_pct', 'census_no_quals_pct'],
  /** working-age denominator: Census 2021 15-64 (what the five-year age bands give exactly) */
  workingAge: 'census_pop_15_64',
  /** the IoD 2019 employment-domain denominator (18-59/64, mid-2015), for comparison (IoD 2025's is not in hand) */
  iodWorkingAge: 'iod_pop_working_age_2019',
} as const
const ids = [...CATCHMENT_INDICATORS.shown, CATCHMENT_INDICATORS.workingAge, CATCHMENT_INDICATORS.iodWorkingAge]
for (const id of ids) if (!findIndicator(id)) throw new Error(`anchor catchment names unknown indicator ${id}`)

