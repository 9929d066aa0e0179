/** Export datasets for areas, the locality profile, assets and the audit trail. */
import { USER_DATASET } from '../../db/assetWrites'
import type { AreaRecord } from '../../db/areas'
import type { AssetRecord } from '../../db/assets'
import type { AuditRow } from '../../db/audit'
import type { Cell, ExportDataset } from '../../exports/table'
import type { CatalogueIndicator } from '../catalogue'
import { needOrder, type LocalityProfile } from '../profile'
import { areasGeoJson, assetFeature } from './features'
import { catalogueSource, indicatorColumn, integer, number, text } from './columns'

/** Competition ranks (ties share the better rank) of values already in need order; null values get none. */
export function needRanks(values: Array<number | null>): Array<number | null> {
  const out: Array<number | null> = []
  values.forEach((v, i) => { out.push(v === null ? null : i > 0 && values[i - 1] === v ? out[i - 1] : i + 1) })
  return out
}

/**
 * Areas with their indicator values, in the order the table view shows them: greatest need first
 * on the first indicator (nulls last, then by name), or by code.
 */
export function areasDataset(areas: AreaRecord[], indicators: CatalogueIndicator[], o: { level: string; locality?: string; order: 'need' | 'code'; dataVersion: number }): ExportDataset {
  const first = indicators[0]
  const sorted = o.order === 'code' ? [...areas].sort((a, b) => a.code.localeCompare(b.code))
    : [...areas].sort((a, b) => needOrder(first)(a.values[first.id] ?? null, b.values[first.id] ?? null) || (a.values[first.id] == null ? a.name.localeCompare(b.name) : a.code.localeCompare(b.code)))
  const ranks = needRanks(sorted.map((a) => a.values[first.id] ?? null))
  const value = (a: AreaRecord, id: string): Cell => (a.suppressed.includes(id) ? null : (a.values[id] ?? null))
  return {
    name: `${o.level}${o.locality ? `-${o.locality}` : ''}-${indicators.map((d) => d.id).join('-')}`.slice(0, 90),
    title: `${indicators.map((d) => d.title).join('; ')} by ${o.level}${o.locality ? ` in ${o.locality}` : ''}`,
    description: `locality-atlas data version ${o.dataVersion}. Rows ${o.order === 'need' ? `in order of need on ${first.id} (rank 1 = greatest need)` : 'by code'}.`,
    columns: [
      integer('rank', `Rank by need on ${first.id} (1 = greatest need; ties share a rank)`),
      text('level', 'Geography level'), text('code', 'GSS code (or local code for localities)'), text('name', 'Area name'),
      ...indicators.map((d) => indicatorColumn(d.id, catalogueSource(d))),
    ],
    rows: sorted.map((a, i) => [o.order === 'need' ? ranks[i] : null, a.level, a.code, a.name, ...indicators.map((d) => value(a, d.id))]),
    features: areas.some((a) => a.geometry) ? areasGeoJson(sorted, indicators, { level: o.level, dataVersion: o.dataVersion }) as never : undefined,
  }
}

/** The profile table: one row per indicator, the locality beside the borough, London and England. */
export function profileDataset(p: LocalityProfile): ExportDataset {
  const r = (v: number | null, dp: number) => (v === null ? null : Number(v.toFixed(dp)))
  return {
    name: `profile-${p.locality.code}`,
    title: `Locality profile: ${p.locality.name} beside the borough, London and England`,
    description: `Each value is rounded to its indicator's precision (column decimals). ${p.summary}`,
    columns: [
      text('indicator', 'Indicator id (with edition)'), text('title', 'Indicator'), text('unit', 'Unit'),
      number('locality', p.locality.name, 9), number('borough', 'Barking and Dagenham', 9), number('london', 'London', 9), number('england', 'England', 9),
      integer('rank_among_localities', 'Rank among the localities (1 = greatest need)'), integer('decimals', 'Decimals the values are rounded to'),
      text('vintage', 'Period the figure describes'), text('source', 'Source'), text('licence', 'Licence'),
    ],
    rows: p.rows.map((x) => {
      const dp = x.indicator.decimals
      return [x.indicator.id, x.indicator.title, x.indicator.unit, r(x.locality, dp), r(x.borough, dp), r(x.london, dp), r(x.england, dp),
        x.rankAmongLocalities, dp, x.indicator.vintage, x.indicator.source, x.indicator.licence]
    }),
  }
}

/** The profile's ranked LSOAs, as the profile lists them. */
export function profileRankingDataset(p: LocalityProfile): ExportDataset {
  const id = p.ranking.indicator
  const row = p.rows.find((r) => r.indicator.id === id)?.indicator
  const column = indicatorColumn(id, { source: row?.source, licence: row?.licence })
  return {
    name: `profile-${p.locality.code}-lsoas-${id}`,
    title: `LSOAs in ${p.locality.name} ranked by ${column.title}`,
    columns: [integer('rank', 'Rank within the locality (1 = greatest need)'), text('code', 'LSOA 2021 code'), text('name', 'LSOA 2021 name'),
      text('ward', 'Ward'), column],
    rows: p.ranking.lsoas.map((l) => [l.rank, l.code, l.name, l.ward, l.value]),
  }
}

const moderation = (a: AssetRecord) => (a.dataset_id === USER_DATASET ? 'community suggestion accepted by an editor' : 'published source, verified on import')

export function assetsDataset(assets: AssetRecord[], name: string): ExportDataset {
  return {
    name,
    title: 'Community assets in Barking and Dagenham',
    description: 'Verified assets only (suggestions appear once an editor accepts them); each with its source, licence and vintage.',
    columns: [integer('id', 'Asset id'), text('category', 'Category'), text('name', 'Name'), text('address', 'Address'), text('postcode', 'Postcode'),
      number('lon', 'Longitude (WGS84)', 6, 'degrees'), number('lat', 'Latitude (WGS84)', 6, 'degrees'), text('precision', 'Location precision'),
      text('status', 'Open or closed'), { name: 'anchor', title: 'Anchor institution', datatype: 'boolean' }, integer('distance_m', 'Metres from the point asked about', 'm'),
      text('moderation', 'How the record was checked'), text('dataset', 'Dataset id'), text('source', 'Source'), text('licence', 'Licence'), text('attribution', 'Attribution'), text('vintage', 'Vintage')],
    rows: assets.map((a) => [a.id, a.category, a.name, a.address, a.postcode, a.lon, a.lat, a.precision, a.status, a.is_anchor, a.distance_m,
      moderation(a), a.dataset_id, a.source, a.licence, a.attribution, a.vintage]),
    features: { type: 'FeatureCollection', features: assets.map((a) => { const f = assetFeature(a); return { ...f, properties: { ...f.properties, moderation: moderation(a) } } }) },
  }
}

const json = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v))

export function auditDataset(rows: AuditRow[]): ExportDataset {
  const cols = ['id', 'at', 'actor_id', 'actor_name', 'actor_role', 'action', 'entity', 'entity_id', 'request_id', 'before', 'after'] as const
  return {
    name: 'audit',
    title: 'locality-atlas audit trail',
    columns: cols.map((c) => (c === 'id' ? integer(c, 'Entry id') : c === 'at' ? { name: c, title: 'When (UTC)', datatype: 'datetime' as const } : text(c, c.replace('_', ' '), c === 'before' || c === 'after' ? 'JSON' : undefined))),
    rows: rows.map((r) => cols.map((c) => (c === 'id' ? Number(r.id) : c === 'at' ? new Date(r.at).toISOString() : json(r[c])))),
  }
}
