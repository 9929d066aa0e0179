/**
 * The words and choices the UI offers, served with the catalogue so the client copies none of them:
 * level and group names, siting objectives (from the registry), populations, need weightings,
 * default candidates and metric rows; need-index methods, levels and missing-value rules; the
 * anchor catchment's columns; the export formats.
 */
import { ROLES } from '../auth/roles'
import { findIndicator } from '../catalogue/indicators'
import { GROUP_LABELS, LEVEL_LABELS } from '../catalogue/labels'
import { ALL_FORMATS, EXPORT_FORMATS, RESOURCE_FORMATS, type ExportFormatId, type ExportResource } from '../exports/formats'
import { METRIC_ROWS, type MetricRow } from '../siting/metrics'
import { OBJECTIVE_IDS, OBJECTIVES } from '../siting/objectives'
import { DEFAULT_CANDIDATE_CATEGORIES, NEED_CHOICES, POPULATION, POPULATION_IDS, PRIMARY_SCHOOLS, SITING_INDEX_METHODS } from './siting/params'
import { CATCHMENT_INDICATORS } from '../targeting/catchment'
import { MISSING_RULES } from '../targeting/combine'
import { METHODS } from '../targeting/normalise'
import { INDEX_DEFAULTS, INDEX_LEVELS, MAX_COMPONENTS } from '../targeting/spec'

type Choice = { id: string; label: string }

/** The formats offered as download links, in link order (formats with no link of their own left out). */
function linked(formats: readonly ExportFormatId[]): ExportFormatId[] {
  return formats.filter((id) => EXPORT_FORMATS[id].link !== null).sort((a, b) => EXPORT_FORMATS[a].link! - EXPORT_FORMATS[b].link!)
}

export interface Vocabulary {
  /** the roles a person or token may hold, weakest first */
  roles: string[]
  levels: Choice[]
  groups: Choice[]
  siting: {
    objectives: Array<Choice & { sense: 'min' | 'max'; aim: string }>
    /** who: the population in an objective's name */
    populations: Array<Choice & { who: string }>
    need: Choice[]
    /** the need index scales a siting run may use */
    indexMethods: Choice[]
    /** the derived candidate category (primary and all-through schools) the asset categories lack */
    primarySchools: Choice
    defaultCandidates: string[]
    /** need-index components a siting run may combine */
    maxIndexComponents: number
    metrics: MetricRow[]
  }
  needIndex: { methods: Choice[]; levels: string[]; missing: Choice[]; maxComponents: number; defaults: { method: string; level: string; missing: string } }
  /**
   * The catchment table: the indicator it ranks by (the map switches to it), the decile whose most
   * deprived 10% it highlights, the working-age count, and the further measures folded away.
   */
  anchors: {
    rankBy: string
    decile: string
    workingAge: string
    columns: Array<{ id: string; label: string; decimals: number }>
    more: Choice[]
  }
  exportFormats: Array<{ id: string; label: string; description: string; geo: boolean }>
  /** which of those formats each exporting resource offers, in link order (its download links) */
  exportsByResource: Record<ExportResource, string[]>
}

const METHOD_LABELS: Record<(typeof METHODS)[number], string> = {
  rank: 'Ranks (rank / number of areas)',
  zscore: 'Z-scores (distance from the mean in standard deviations)',
  exponential: 'IoD exponential transformation of ranks',
}
const MISSING_LABELS: Record<(typeof MISSING_RULES)[number], string> = {
  'exclude-area': 'Leave out areas with a missing value',
  'mean-impute': 'Use the mean of the other areas',
}
/** The anchor catchment table's column headings (the catalogue's titles are longer). */
const CATCHMENT_LABELS: Record<string, string> = {
  employment_score_2025: 'Employment deprivation (IoD 2025 score)',
  employment_decile_2025: 'Employment decile (IoD 2025; 1 = most deprived 10%)',
  income_score_2025: 'Income deprivation (IoD 2025 score)',
  census_never_worked_pct: 'Never worked (% 16+)',
  census_no_quals_pct: 'No qualifications (% 16+)',
  census_pop_15_64: 'Residents aged 15-64',
}
/** The short headings of the folded-away measures (the table fits a 340 px sidebar). */
const CATCHMENT_MORE: Record<string, string> = {
  income_score_2025: 'Income deprivation',
  census_never_worked_pct: 'Never worked',
  census_no_quals_pct: 'No qualifications',
}

export const vocabulary: Vocabulary = {
  roles: [...ROLES],
  levels: Object.entries(LEVEL_LABELS).map(([id, label]) => ({ id, label })),
  groups: Object.entries(GROUP_LABELS).map(([id, label]) => ({ id, label })),
  siting: {
    objectives: OBJECTIVE_IDS.map((id) => ({ id, label: OBJECTIVES[id].label, sense: OBJECTIVES[id].sense, aim: OBJECTIVES[id].aim })),
    populations: POPULATION_IDS.map((id) => ({ id, label: POPULATION[id].label, who: POPULATION[id].who })),
    need: NEED_CHOICES.map((c) => ({ ...c })),
    indexMethods: SITING_INDEX_METHODS.map((c) => ({ ...c })),
    primarySchools: { id: PRIMARY_SCHOOLS, label: 'Primary schools' },
    defaultCandidates: [...DEFAULT_CANDIDATE_CATEGORIES],
    maxIndexComponents: 5,
    metrics: METRIC_ROWS,
  },
  needIndex: {
    methods: METHODS.map((id) => ({ id, label: METHOD_LABELS[id] })),
    levels: [...INDEX_LEVELS],
    missing: MISSING_RULES.map((id) => ({ id, label: MISSING_LABELS[id] })),
    maxComponents: MAX_COMPONENTS,
    defaults: { ...INDEX_DEFAULTS },
  },
  anchors: {
    columns: [...CATCHMENT_INDICATORS.shown, CATCHMENT_INDICATORS.workingAge].map((id) => ({
      id, label: CATCHMENT_LABELS[id] ?? findIndicator(id)!.title, decimals: findIndicator(id)!.decimals ?? 0,
    })),
    rankBy: CATCHMENT_INDICATORS.rankBy,
    decile: CATCHMENT_INDICATORS.decile,
    workingAge: CATCHMENT_INDICATORS.workingAge,
    more: CATCHMENT_INDICATORS.shown.filter((id) => id in CATCHMENT_MORE).map((id) => ({ id, label: CATCHMENT_MORE[id] })),
  },
  exportFormats: linked(ALL_FORMATS).map((id) => ({ id, label: EXPORT_FORMATS[id].label, description: EXPORT_FORMATS[id].description, geo: EXPORT_FORMATS[id].geo })),
  exportsByResource: Object.fromEntries(Object.entries(RESOURCE_FORMATS).map(([r, f]) => [r, linked(f)])) as Record<ExportResource, string[]>,
}
