/** Export datasets for the need index, anchor catchments and siting scenarios. */
import type { ExportColumn, ExportDataset } from '../../exports/table'
import { fileStem } from '../../exports/table'
import type { Catchment } from '../anchors'
import type { Comparison, Scenario } from '../siting/scenarios'
import type { NeedIndexResult } from '../targeting'
import { indicatorColumn, integer, number, text } from './columns'

/** The need index ranking as shown: rank 1 first, each component's value, normalised score, contribution and imputation. */
export function needIndexDataset(r: NeedIndexResult): ExportDataset {
  const comp = r.components.flatMap((c): ExportColumn[] => [
    indicatorColumn(c.id, c),
    number(`${c.id}_normalised`, `${c.title}: normalised (${r.spec.method}; higher = more need)`, 6, undefined, c.orientation),
    number(`${c.id}_contribution`, `${c.title}: contribution to the index (weight ${Number(c.weight.toFixed(4))})`, 6),
    { name: `${c.id}_imputed`, title: `${c.title}: value missing and replaced by the mean`, datatype: 'boolean' },
  ])
  return {
    name: `need-index-${r.spec.level}-${fileStem(r.components.map((c) => c.id).join('-'))}`.slice(0, 100),
    title: `Need index (${r.spec.method}) of ${r.components.map((c) => c.id).join(', ')} by ${r.spec.level}`,
    description: `GET /api/targeting/index?${r.query}`,
    notes: [...r.notes, r.stability.description],
    columns: [integer('rank', 'Rank (1 = greatest need)'), text('code', 'Area code'), text('name', 'Area name'), number('index', 'Need index', 6),
      integer('rank_min', 'Best rank over the stability scenarios'), integer('rank_max', 'Worst rank over the stability scenarios'), integer('rank_range', 'rank_max - rank_min'), ...comp],
    rows: r.areas.map((a) => [a.rank, a.code, a.name, a.index, a.rankMin, a.rankMax, a.rankRange,
      ...a.components.flatMap((c) => [c.raw, c.normalised, c.contribution, c.imputed])]),
    features: {
      type: 'FeatureCollection',
      features: r.areas.map(({ geometry, components, ...a }) => ({
        type: 'Feature' as const, id: a.code, geometry: geometry ?? null,
        properties: { ...a, ...Object.fromEntries(components.flatMap((c) => [[`${c.id}_value`, c.raw], [`${c.id}_normalised`, c.normalised], [`${c.id}_contribution`, c.contribution], [`${c.id}_imputed`, c.imputed]])) },
      })) as never,
      ...(() => { const { areas: _a, ...meta } = r; return meta })(),
    } as never,
  }
}

/** An anchor's catchment: the LSOAs ranked by employment deprivation, with distance and headline indicators. */
export function catchmentDataset(c: Catchment): ExportDataset {
  const stem = fileStem(`${c.anchor.kind}-${c.anchor.id ?? ''}-${c.anchor.name}-${c.distance_m}m`)
  return {
    name: stem,
    title: `${c.anchor.name}: LSOAs within ${c.distance_m} m travel (detour ${c.detour}) ranked by employment deprivation`,
    description: `${c.method} Working age: ${c.workingAgeBand}. ${c.headline.summary}`,
    notes: [`${c.anchor.kind === 'anchor' ? `Anchor ${c.anchor.id}` : `From ${c.anchor.kind}`}: ${c.anchor.name}${c.anchor.organisation ? ` (${c.anchor.organisation})` : ''}`, c.method, `Working age: ${c.workingAgeBand}`, c.headline.summary],
    columns: [integer('rank', 'Rank by employment deprivation (1 = most deprived)'), text('code', 'LSOA 2021 code'), text('name', 'LSOA 2021 name'),
      integer('distance_m', 'Straight-line metres from the anchor to the LSOA population-weighted centroid', 'm'),
      ...c.indicators.map((d) => indicatorColumn(d.id, d))],
    rows: c.lsoas.map((l) => [l.rank, l.code, l.name, l.distance_m, ...c.indicators.map((d) => l.values[d.id] ?? null)]),
    features: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [c.anchor.lon, c.anchor.lat] }, properties: { feature: 'anchor', id: c.anchor.id, name: c.anchor.name, organisation: c.anchor.organisation } },
        { type: 'Feature', geometry: c.geometry.reach, properties: { feature: 'reach', name: `${c.distance_m} m / detour ${c.detour}`, reach_m: c.reach_m } },
        ...(c.geometry.lsoas ? [{ type: 'Feature' as const, geometry: c.geometry.lsoas, properties: { feature: 'catchment_lsoas', name: c.headline.summary, lsoas: c.headline.lsoas, working_age: c.headline.workingAge } }] : []),
      ],
    },
  }
}

/** A siting scenario: one row per LSOA with its hub and travel; the sites and their catchments as features. */
export function scenarioDataset(s: Scenario): ExportDataset {
  const hub = new Map(s.result.sites.map((x) => [x.id, x]))
  return {
    name: `scenario-${s.id}`,
    title: `Siting scenario ${s.id}: ${s.name} by ${s.author}, ${s.created_at}`,
    description: s.result.summary,
    notes: [s.result.summary, s.result.weighting.text, s.result.travel.text],
    columns: [text('lsoa21cd', 'LSOA 2021 code'), text('lsoa21nm', 'LSOA 2021 name'), text('locality', 'Locality'),
      integer('population', `Population (${s.params.population})`), number('demand_weight', 'Demand weight', 4, undefined, s.result.weighting.text),
      text('hub_id', 'Hub id'), text('hub_name', 'Hub name'), text('hub_category', 'Hub category'),
      number('minutes', 'Travel minutes to the hub', 2, 'min', s.result.travel.text), integer('metres', 'Travel metres to the hub', 'm')],
    rows: s.result.allocation.map((a) => [a.lsoa, a.name, a.locality, a.population, a.weight, a.hub, hub.get(a.hub)?.name ?? null, hub.get(a.hub)?.category ?? null, a.minutes, a.metres]),
    features: {
      type: 'FeatureCollection',
      scenario: { id: s.id, name: s.name, author: s.author, created_at: s.created_at, summary: s.result.summary, weighting: s.result.weighting.text, travel: s.result.travel.text },
      features: [
        ...s.result.sites.map((x) => ({
          type: 'Feature' as const, id: x.id, geometry: { type: 'Point' as const, coordinates: [x.lon, x.lat] },
          properties: { feature: 'site', id: x.id, name: x.name, category: x.category, locality: x.locality?.name ?? null, fixed: x.fixed, weight: x.weight, population: x.population },
        })),
        ...s.result.catchments.features.map((f) => ({ ...f, properties: { feature: 'catchment', ...f.properties } })),
      ],
    } as never,
  }
}

/** Scenarios side by side: one row per metric (overall, then per locality), one column per scenario. */
export function comparisonDataset(c: Comparison): ExportDataset {
  const rows = [
    ...c.rows.map((r) => ['borough', null, r.key, r.label, r.unit, r.better, ...r.values]),
    ...c.byLocality.flatMap((l) => l.rows.map((r) => ['locality', l.name, r.key, r.label, r.unit, r.better, ...r.values])),
  ]
  return {
    name: `siting-compare-${c.scenarios.map((s) => s.id).join('-')}`,
    title: `Siting scenarios compared: ${c.scenarios.map((s) => `${s.id} ${s.name}`).join('; ')}`,
    notes: c.scenarios.map((s) => `Scenario ${s.id} (${s.name}, ${s.author}, ${s.created_at}): ${s.summary} ${s.weighting}`),
    columns: [text('scope', 'borough or locality'), text('locality', 'Locality'), text('metric', 'Metric id'), text('label', 'Metric'), text('unit', 'Unit'),
      text('better', 'Which way is better'), ...c.scenarios.map((s) => number(`scenario_${s.id}`, `Scenario ${s.id}: ${s.name}`, 4))],
    rows,
  }
}
