import { join } from 'node:path'
import { readCsv } from './csvSource.js'
import { SourceFormatError } from './errors.js'
import { cell, kinds } from './statCells.js'

/*
 * Census 2021 Nomis bulk tables at LSOA 2021 (columns `date, geography, geography code, ...`).
 * Columns are found by their exact Nomis header text. Counts are as published: ONS cell-key
 * perturbation means totals differ slightly between tables (e.g. TS007A and TS037 totals for the
 * same LSOA), so each derived rate should use the denominator from its own table, given here.
 */

type Headers = Record<string, string>
interface Table<H extends Headers, O> {
  id: string
  headers: H
  derive: (c: Record<keyof H, number>) => O
}
const table = <H extends Headers, O>(t: Table<H, O>) => t

const AGE = (band: string) => `Age: Aged ${band}`
export const TS007A = table({
  id: 'ts007a',
  headers: {
    total: 'Age: Total', a0: AGE('4 years and under'), a5: AGE('5 to 9 years'), a10: AGE('10 to 14 years'), a15: AGE('15 to 19 years'),
    a20: AGE('20 to 24 years'), a25: AGE('25 to 29 years'), a30: AGE('30 to 34 years'), a35: AGE('35 to 39 years'), a40: AGE('40 to 44 years'),
    a45: AGE('45 to 49 years'), a50: AGE('50 to 54 years'), a55: AGE('55 to 59 years'), a60: AGE('60 to 64 years'), a65: AGE('65 to 69 years'),
    a70: AGE('70 to 74 years'), a75: AGE('75 to 79 years'), a80: AGE('80 to 84 years'), a85: AGE('85 years and over'),
  },
  // Working age 16-64 cannot be built from five-year bands: 15-19 straddles 16. Rather than
  // apportion it (e.g. 4/5 of 15-19), we expose what the bands give exactly: 15-64 and 20-64.
  derive: (c) => {
    const sum = (...ks: (keyof typeof c)[]) => ks.reduce((s, k) => s + c[k], 0)
    const a20to64 = sum('a20', 'a25', 'a30', 'a35', 'a40', 'a45', 'a50', 'a55', 'a60')
    return {
      age_total: c.total,
      age_0_4: c.a0,
      age_0_14: sum('a0', 'a5', 'a10'),
      age_0_19: sum('a0', 'a5', 'a10', 'a15'),
      age_15_64: c.a15 + a20to64,
      age_20_64: a20to64,
      age_65_plus: sum('a65', 'a70', 'a75', 'a80', 'a85'),
      age_60_plus: sum('a60', 'a65', 'a70', 'a75', 'a80', 'a85'),
      // The IDACI counts children 0-15: 0-14 plus one fifth of the 15-19 band (an estimate, not a
      // published count; labelled so wherever it is used).
      age_0_15_est: sum('a0', 'a5', 'a10') + c.a15 / 5,
    }
  },
})

const GH = (x: string) => `General health: ${x}`
export const TS037 = table({
  id: 'ts037',
  headers: { total: GH('Total: All usual residents'), vg: GH('Very good health'), g: GH('Good health'), f: GH('Fair health'), b: GH('Bad health'), vb: GH('Very bad health') },
  derive: (c) => ({ health_residents: c.total, health_bad_or_very_bad: c.b + c.vb }),
})

const UH = (x: string) => `Unemployment history: ${x}`
export const TS065 = table({
  id: 'ts065',
  headers: {
    total: UH('Total: All usual residents aged 16 years and over not in employment the week before the census'),
    w12: UH('Not in employment: Worked in the last 12 months'),
    nw12: UH('Not in employment: Not worked in the last 12 months'),
    never: UH('Not in employment: Never worked'),
  },
  // TS065 has no "long-term unemployed" category (that is NS-SeC L15, table TS062). The nearest
  // here: never worked, and not worked in the last 12 months; the denominator is residents 16+
  // NOT in employment (for a rate over all residents 16+, use qual_residents_16_plus).
  derive: (c) => ({ unemp_not_in_employment_16_plus: c.total, unemp_never_worked: c.never, unemp_not_worked_12_months: c.nw12 }),
})

const HQ = (x: string) => `Highest level of qualification: ${x}`
export const TS067 = table({
  id: 'ts067',
  headers: { total: HQ('Total: All usual residents aged 16 years and over'), none: HQ('No qualifications'), l4: HQ('Level 4 qualifications and above') },
  derive: (c) => ({ qual_residents_16_plus: c.total, qual_none: c.none, qual_level4_plus: c.l4 }),
})

export const TS006 = table({
  id: 'ts006',
  headers: { density: 'Population Density: Persons per square kilometre; measures: Value' },
  derive: (c) => ({ persons_per_km2: c.density }),
})

const CB = (x: string) => `Country of birth: ${x}; measures: Value`
export const TS004 = table({
  id: 'ts004',
  headers: { total: CB('Total'), uk: CB('Europe: United Kingdom') },
  derive: (c) => ({ cob_total: c.total, cob_uk: c.uk, cob_outside_uk: c.total - c.uk }),
})

export interface Census2021Key {
  lsoa21cd: string
  lsoa21nm: string
}

/**
 * Reads one Nomis bulk table, optionally only the LSOAs in `lsoaCodes` (the England & Wales
 * file in raw/scale/ has 35,672 rows). Every row is validated either way.
 *
 * @example
 * const age = await readNomisTable(`${raw}/census2021/bd_census2021-ts007a-lsoa.csv`, TS007A)
 * age[0] // { lsoa21cd: 'E01000006', lsoa21nm: 'Barking and Dagenham 016A', age_total: 1842, age_0_4: 153, ... }
 */
export async function readNomisTable<H extends Headers, O>(path: string, t: Table<H, O>, options: { lsoaCodes?: ReadonlySet<string> } = {}): Promise<(Census2021Key & O)[]> {
  const data = await readCsv(path, { required: ['date', 'geography', 'geography code', ...Object.values(t.headers)] })
  const out: (Census2021Key & O)[] = []
  const seen = new Set<string>()
  for (const rec of data.records) {
    const at = (column: string) => ({ file: path, row: rec.row, column })
    if (rec.values.date.trim() !== '2021') throw new SourceFormatError(path, `expected census date 2021, got ${JSON.stringify(rec.values.date)}`, rec.row, 'date')
    const lsoa21cd = cell(kinds.lsoaCode, rec.values['geography code'], at('geography code'))
    if (seen.has(lsoa21cd)) throw new SourceFormatError(path, `LSOA ${lsoa21cd} appears twice`, rec.row, 'geography code')
    seen.add(lsoa21cd)
    const kind = t.id === 'ts006' ? kinds.nonNegative : kinds.count
    const counts = Object.fromEntries(Object.entries(t.headers).map(([k, h]) => [k, cell(kind, rec.values[h], at(h)) as number])) as Record<keyof H, number>
    if (options.lsoaCodes && !options.lsoaCodes.has(lsoa21cd)) continue
    out.push({ lsoa21cd, lsoa21nm: cell(kinds.text, rec.values.geography, at('geography')), ...t.derive(counts) })
  }
  return out
}

export type Census2021Lsoa = Census2021Key & ReturnType<typeof TS007A.derive> & ReturnType<typeof TS037.derive> &
  ReturnType<typeof TS065.derive> & ReturnType<typeof TS067.derive> & ReturnType<typeof TS006.derive> & ReturnType<typeof TS004.derive>

/**
 * Reads the six tables from `dir` by their Nomis names (`{prefix}{id}-lsoa.csv`, prefix default
 * 'bd_census2021-') and joins them on the LSOA code; every table must list the same LSOAs.
 */
export async function readCensus2021Lsoa(dir: string, options: { prefix?: string; lsoaCodes?: ReadonlySet<string> } = {}): Promise<Census2021Lsoa[]> {
  const tables = [TS007A, TS037, TS065, TS067, TS006, TS004] as Table<Headers, object>[]
  const file = (t: Table<Headers, object>) => join(dir, `${options.prefix ?? 'bd_census2021-'}${t.id}-lsoa.csv`)
  const [base, ...rest] = await Promise.all(tables.map((t) => readNomisTable(file(t), t, options)))
  const merged = new Map(base.map((r) => [r.lsoa21cd, { ...r }]))
  rest.forEach((rows, i) => {
    if (rows.length !== merged.size) throw new SourceFormatError(file(tables[i + 1]), `has ${rows.length} LSOAs but ${tables[0].id} has ${merged.size}`)
    for (const r of rows) {
      const m = merged.get(r.lsoa21cd)
      if (!m) throw new SourceFormatError(file(tables[i + 1]), `LSOA ${r.lsoa21cd} is not in the ${tables[0].id} table`, undefined, 'geography code')
      Object.assign(m, r)
    }
  })
  return [...merged.values()] as Census2021Lsoa[]
}
