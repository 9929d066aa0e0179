/**
 * Borough-level series: figures published only for whole local authorities (no sub-borough data
 * exists), shown as a borough figure and trend beside London and England, never as a choropleth.
 */
export interface SeriesDescriptor {
  id: string
  title: string
  description: string
  unit: string
  polarity: 'higher-worse' | 'higher-better' | 'neutral'
  dataset: string
  /** reader key */
  sourceKey: string
  decimals: number
}

export const series: SeriesDescriptor[] = [
  {
    id: 'ta_households', title: 'Households in temporary accommodation', unit: 'households', polarity: 'higher-worse', dataset: 'mhclg_ta',
    sourceKey: 'households_in_ta', decimals: 0,
    description: 'Households in temporary accommodation arranged by the council at the snapshot date (MHCLG table TA1). Published for local authorities only.',
  },
  {
    id: 'ta_per_1000', title: 'Temporary accommodation per 1,000 households', unit: 'per 1,000 households', polarity: 'higher-worse', dataset: 'mhclg_ta',
    sourceKey: 'ta_per_1000_households', decimals: 2,
    description: 'Households in temporary accommodation per 1,000 households in the area (MHCLG TA1, using ONS household projections).',
  },
  {
    id: 'ta_with_children', title: 'Households with children in temporary accommodation', unit: 'households', polarity: 'higher-worse', dataset: 'mhclg_ta',
    sourceKey: 'households_with_children_in_ta', decimals: 0,
    description: 'Households with dependent children in temporary accommodation (MHCLG TA1).',
  },
  {
    id: 'ta_children', title: 'Children in temporary accommodation', unit: 'children', polarity: 'higher-worse', dataset: 'mhclg_ta',
    sourceKey: 'children_in_ta', decimals: 0,
    description: 'Children in temporary accommodation (MHCLG TA1).',
  },
  {
    id: 'ta_bed_and_breakfast', title: 'Households in bed and breakfast', unit: 'households', polarity: 'higher-worse', dataset: 'mhclg_ta',
    sourceKey: 'by_type.bed_and_breakfast.households', decimals: 0,
    description: 'Households in temporary accommodation placed in bed and breakfast hotels (MHCLG TA1, by type).',
  },
]
