/**
 * The locality report as one self-contained HTML page (inline CSS and SVG, nothing fetched), laid
 * out for A4: the same page prints from a browser and renders to PDF on the server.
 */
import { assetCategories } from '../../catalogue/assetCategories'
import { fmt } from '../../domain/profile'
import type { LocalityReport } from '../../domain/report'
import { reportMap } from './map'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
const groupLabel = (g: string) => (g === 'housing' ? 'Temporary accommodation and housing' : g.charAt(0).toUpperCase() + g.slice(1).replace(/-/g, ' '))

const CSS = `
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 0.4mm solid #3b0f70; padding-bottom: 0.5mm; break-after: avoid; }
.sub { color: #444; margin: 0 0 3mm; }
.summary { font-size: 10.5pt; background: #f4f1f8; border-left: 1.2mm solid #3b0f70; padding: 2mm 3mm; margin: 0 0 3mm; }
.map { display: flex; gap: 4mm; align-items: flex-start; break-inside: avoid; }
.legend { font-size: 8pt; min-width: 42mm; }
.legend div { display: flex; align-items: center; gap: 1.5mm; margin: 0.6mm 0; }
.sw { width: 4mm; height: 3mm; border: 0.2mm solid #999; display: inline-block; }
.dot { width: 2.2mm; height: 2.2mm; border-radius: 50%; display: inline-block; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { padding: 0.6mm 1.2mm; border-bottom: 0.2mm solid #ddd; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.group th { background: #f4f1f8; font-weight: bold; }
tr.current td, tr.current th { background: #fff4d6; }
.muted { color: #555; }
.cols { columns: 2; column-gap: 6mm; font-size: 7.5pt; }
.cols p { margin: 0 0 0.8mm; break-inside: avoid; }
.sources p { margin: 0 0 1.2mm; font-size: 7.5pt; break-inside: avoid; }
`

export function localityReportHtml(r: LocalityReport): string {
  const p = r.profile
  const map = reportMap(r)
  const rows = p.rows.filter((x) => x.locality !== null || x.borough !== null)
  let group = ''
  const indicatorRows = rows.map((x) => {
    const head = x.indicator.group !== group ? `<tr class="group"><th colspan="6">${esc(groupLabel((group = x.indicator.group)))}</th></tr>` : ''
    const f = (v: number | null) => esc(fmt(v, x.indicator))
    return `${head}<tr${x.indicator.id === r.indicator.id ? ' class="current"' : ''}><th scope="row">${esc(x.indicator.title)} <span class="muted">(${esc(x.indicator.unit)}; ${esc(x.indicator.vintage)})</span></th>
<td class="num">${f(x.locality)}</td><td class="num">${f(x.borough)}</td><td class="num">${f(x.london)}</td><td class="num">${f(x.england)}</td><td class="num">${x.rankAmongLocalities ? `${x.rankAmongLocalities} of ${x.localityCount}` : 'n/a'}</td></tr>`
  }).join('\n')
  const ranked = p.ranking.lsoas.map((l) => `<tr><td class="num">${esc(l.rank ?? '–')}</td><th scope="row">${esc(l.name)}</th><td>${esc(l.code)}</td><td>${esc(l.ward)}</td><td class="num">${esc(fmt(l.value, r.indicator))}</td></tr>`).join('\n')
  const cats = new Map(assetCategories.map((c) => [c.id, c]))
  const byCat = [...new Set(r.assets.map((a) => a.category))]
  const assets = byCat.map((c) => {
    const list = r.assets.filter((a) => a.category === c)
    return `<p><span class="dot" style="background:${cats.get(c)?.colour ?? '#000'}"></span> <b>${esc(cats.get(c)?.title ?? c)} (${list.length})</b>: ${list.map((a) => esc(a.name)).join('; ')}</p>`
  }).join('\n')
  const legend = map.classes.map((c) => `<div><span class="sw" style="background:${c.colour}"></span>${esc(fmt(c.from, r.indicator))} to ${esc(fmt(c.to, r.indicator))}</div>`).reverse().join('')
  const assetLegend = byCat.map((c) => `<div><span class="dot" style="background:${cats.get(c)?.colour ?? '#000'}"></span>${esc(cats.get(c)?.title ?? c)}</div>`).join('')
  const sources = r.sources.map((s) => `<p><b>${esc(s.title)}</b>. ${esc(s.publisher)}. Vintage: ${esc(s.vintage)}. Licence: ${esc(s.licence)}. ${esc(s.attribution)}. <span class="muted">${esc(s.url)}</span></p>`).join('\n')
  const date = r.generatedAt.slice(0, 10)
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Locality profile: ${esc(p.locality.name)}</title><style>${CSS}</style></head>
<body>
<header>
<h1>Locality profile: ${esc(p.locality.name)}</h1>
<p class="sub">London Borough of Barking and Dagenham · Joint Local Health and Wellbeing Strategy · ${esc(p.locality.wards.length)} wards: ${esc(p.locality.wards.map((w) => w.name).join(', '))}${p.locality.provisional ? ' · Provisional locality (a grouping of wards for discussion, not an official boundary)' : ''} · Produced ${esc(date)} by locality-atlas (data version ${esc(p.dataVersion)})</p>
</header>
<h2>Where need is greatest</h2>
<p class="summary">${esc(p.summary)}</p>
<section class="map">${map.svg}
<div class="legend"><b>${esc(r.indicator.title)}</b><br><span class="muted">${esc(r.indicator.unit)}; LSOAs in fifths, darkest = greatest need</span>${legend}<br><b>Open assets</b>${assetLegend}</div></section>
<h2>${esc(p.locality.name)} against the borough, London and England</h2>
<table><thead><tr><th>Indicator</th><th class="num">${esc(p.locality.name)}</th><th class="num">Borough</th><th class="num">London</th><th class="num">England</th><th class="num">Rank of localities</th></tr></thead>
<tbody>${indicatorRows}</tbody></table>
<p class="muted">Both editions of the English Indices of Deprivation are shown (IoD 2025 and IoD 2019); they are not comparable value for value. Rank 1 of the localities = greatest need.</p>
<h2>LSOAs ranked by ${esc(r.indicator.title)}</h2>
<table><thead><tr><th class="num">Rank</th><th>LSOA</th><th>Code</th><th>Ward</th><th class="num">${esc(r.indicator.unit)}</th></tr></thead><tbody>${ranked}</tbody></table>
<h2>Community assets in the area (${r.assets.length} open)</h2>
<div class="cols">${assets || '<p>No assets recorded.</p>'}</div>
<h2>Sources and licences</h2>
<div class="sources">${sources}</div>
</body></html>`
}
