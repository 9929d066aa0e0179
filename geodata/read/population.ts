import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, kinds } from './statCells.js'

/*
 * ONS LSOA (2011) mid-year population estimates in broad age bands, as kept by
 * jamesdamillington/london-data (`london-mid2019-pop.csv`, `-mid2020-`). Checked on read:
 * the bands add up to All Ages and males + females = persons (both hold in the ONS release).
 */

const BANDS = { all: 'All-Ages', age_0_15: '0-15', age_16_29: '16-29', age_30_44: '30-44', age_45_64: '45-64', age_65_plus: '65+' } as const
export type PopBands = Record<keyof typeof BANDS, number>

export interface MidYearPopulation {
  lsoa11cd: string
  lsoa11nm: string
  msoa11cd: string
  ladcd: string
  ladnm: string
  persons: PopBands
  males: PopBands
  females: PopBands
}

const SEXES = { persons: 'Persons', males: 'Males', females: 'Females' } as const
const IDS = { lsoa11cd: 'LSOA11CD', lsoa11nm: 'LSOA11NM', msoa11cd: 'MSOA11CD', ladcd: 'LAD11CD', ladnm: 'LAD11NM' } as const

/**
 * @example
 * const rows = await readMidYearPopulation(`${raw}/london-data/population/bd_london-mid2020-pop.csv`, { ladCode: 'E09000002' })
 * rows.length // 110; rows[0].persons.all // 2117
 */
export async function readMidYearPopulation(path: string, options: { ladCode?: string } = {}): Promise<MidYearPopulation[]> {
  const headers = Object.values(SEXES).flatMap((s) => Object.values(BANDS).map((b) => `${s}_${b}`))
  const table = await readCsv(path, { required: [...Object.values(IDS), ...headers] })
  const out: MidYearPopulation[] = []
  for (const rec of table.records) {
    const at = (column: string) => ({ file: path, row: rec.row, column })
    const bands = (sex: keyof typeof SEXES) => {
      const b = Object.fromEntries(Object.entries(BANDS).map(([k, h]) => [k, cell(kinds.count, rec.values[`${SEXES[sex]}_${h}`], at(`${SEXES[sex]}_${h}`))])) as PopBands
      const sum = b.age_0_15 + b.age_16_29 + b.age_30_44 + b.age_45_64 + b.age_65_plus
      if (sum !== b.all) throw new SourceFormatError(path, `age bands add up to ${sum}, not ${b.all}`, rec.row, `${SEXES[sex]}_All-Ages`)
      return b
    }
    const row: MidYearPopulation = {
      lsoa11cd: cell(kinds.lsoaCode, rec.values.LSOA11CD, at('LSOA11CD')),
      lsoa11nm: cell(kinds.text, rec.values.LSOA11NM, at('LSOA11NM')),
      msoa11cd: cell({ schema: kinds.text.schema.regex(/^[EW]02\d{6}$/), expected: 'an MSOA code like E02000002' }, rec.values.MSOA11CD, at('MSOA11CD')),
      ladcd: cell(kinds.ladCode, rec.values.LAD11CD, at('LAD11CD')),
      ladnm: cell(kinds.text, rec.values.LAD11NM, at('LAD11NM')),
      persons: bands('persons'),
      males: bands('males'),
      females: bands('females'),
    }
    for (const k of Object.keys(BANDS) as (keyof typeof BANDS)[]) {
      if (row.males[k] + row.females[k] !== row.persons[k]) {
        throw new SourceFormatError(path, `males + females (${row.males[k] + row.females[k]}) differ from persons (${row.persons[k]})`, rec.row, `Persons_${BANDS[k]}`)
      }
    }
    if (options.ladCode === undefined || row.ladcd === options.ladCode) out.push(row)
  }
  if (out.length === 0) throw new SourceFormatError(path, `no rows for local authority ${options.ladCode}`, undefined, 'LAD11CD')
  return out
}
