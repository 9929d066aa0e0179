/**
 * What an import must hold before it may replace the previous version of its dataset: a file cut
 * at a line boundary parses cleanly, so parsing alone cannot catch it. Checked inside the import's
 * transaction, after the importer ran: a failure throws, the transaction rolls back and the
 * previous data stays.
 * - Boundaries: the authority's official number of areas at that level, where we know it.
 * - LSOA-level statistics: for each indicator, a row (a value, or one marked suppressed) for every
 *   LSOA of the authority already imported (a partial file
 *   would silently shrink every sum: a cut Census table took the borough from 218,840 to 111,246).
 * - The ONS LSOA 2011 -> 2021 lookup: every LSOA of both editions.
 * - Against the publisher's own local-authority row where one is in hand: the IoD's LSOA deciles
 *   must give File 10's share of the authority's LSOAs in England's most deprived 10%, per domain
 *   (B&D 2025: IMD 2 of 115 = 0.0174, income 15 of 115 = 0.1304, ...), checked by whichever of the
 *   two datasets is imported second. (The shipped Census tables carry no LA total.)
 */
import type { Knex } from 'knex'
import { sources } from '../../geodata/manifest'
import { areaCount, areaCountOfDataset, lookupCoverage, publishedDecileShares, valueCoverage } from '../db/importChecks'

/**
 * Official area counts per authority (ONS Open Geography: LSOA 2021, LSOA 2011, MSOA 2021, wards
 * 2022). An authority not listed is checked for coverage only.
 */
export const EXPECTED_AREAS: Record<string, Partial<Record<'borough' | 'lsoa21' | 'lsoa11' | 'msoa21' | 'ward', number>>> = {
  E09000002: { borough: 1, lsoa21: 115, lsoa11: 110, msoa21: 22, ward: 19 },
}

const LEVEL_NAMES: Record<string, string> = { borough: 'local authority', lsoa21: 'LSOA 2021', lsoa11: 'LSOA 2011', msoa21: 'MSOA 2021', ward: 'ward 2022' }

/** The dataset's import broke an invariant: nothing of it was stored. */
export class InvariantFailed extends Error {
  constructor(public readonly datasetId: string, detail: string) {
    super(`${datasetId}: ${detail}: refused, the previous data is kept`)
    this.name = 'InvariantFailed'
  }
}

/**
 * Throws InvariantFailed when the dataset just loaded (in `trx`) does not hold together. Only the
 * publishers' datasets of the manifest are held to them: a council's own file (placements, an asset
 * list, localities) may cover part of the borough on purpose.
 */
export async function checkInvariants(trx: Knex.Transaction, datasetId: string, la: string): Promise<void> {
  if (!sources().some((s) => s.id === datasetId)) return
  const expected = EXPECTED_AREAS[la] ?? {}
  for (const { level, n } of await areaCountOfDataset(trx, datasetId)) {
    const want = expected[level as keyof typeof expected]
    if (want !== undefined && n !== want) {
      throw new InvariantFailed(datasetId, `${n} ${LEVEL_NAMES[level] ?? level} areas for ${la}, expected ${want}`)
    }
  }
  for (const c of await valueCoverage(trx, datasetId, ['lsoa21', 'lsoa11'])) {
    if (c.areas > 0 && c.covered < c.areas) {
      throw new InvariantFailed(datasetId, `${c.indicator} has values for ${c.covered} of the ${c.areas} ${LEVEL_NAMES[c.level]} areas of ${la} (a cut or partial file?)`)
    }
  }
  const lookup = await lookupCoverage(trx, datasetId)
  if (lookup) {
    for (const level of ['lsoa21', 'lsoa11'] as const) {
      const areas = await areaCount(trx, level)
      if (areas > 0 && lookup[level] < areas) {
        throw new InvariantFailed(datasetId, `the lookup has ${lookup[level]} of the ${areas} ${LEVEL_NAMES[level]} areas of ${la} (a cut or partial file?)`)
      }
    }
  }
  for (const d of await publishedDecileShares(trx, datasetId, la)) {
    // File 10 gives the share to 4 decimals.
    if (Math.abs(d.lsoaShare - d.published) > 0.00005 + 1e-9) {
      throw new InvariantFailed(
        datasetId,
        `${d.lsoasInDecile1} of ${d.lsoas} LSOAs in England's most deprived 10% on ${d.domain} (${d.lsoaShare.toFixed(4)}), where the publisher's summary for ${la} says ${d.published}`,
      )
    }
  }
}
