/** Popup contents, built as DOM (never HTML strings: names come from data). */
import type { AssetProperties, SearchResult } from '../api'

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  if (text !== undefined) e.textContent = text
  if (cls) e.className = cls
  return e
}

export interface AreaInfo {
  name: string
  code: string
  level: string
  indicator: string
  value: string
  rank: string | null
  vintage: string
}

export function areaPopup(a: AreaInfo, locality: { code: string; name: string } | null, openLocality: (code: string) => void): HTMLElement {
  const root = el('div', undefined, 'popup')
  root.append(el('strong', a.name), el('div', `${a.code} · ${a.level === 'lsoa21' ? 'LSOA 2021' : a.level}`, 'muted'))
  const dl = el('dl')
  dl.append(el('dt', a.indicator), el('dd', a.value))
  if (a.rank) dl.append(el('dt', 'Rank in borough'), el('dd', a.rank))
  dl.append(el('dt', 'Vintage'), el('dd', a.vintage))
  root.append(dl)
  if (locality && a.level !== 'locality') {
    const b = el('button', `Open ${locality.name} profile`, 'link-button')
    b.type = 'button'
    b.addEventListener('click', () => openLocality(locality.code))
    root.append(b)
  } else if (locality) {
    root.append(el('div', 'Profile opened in the side panel.', 'muted'))
  }
  return root
}

/** An asset's popup; with `suggestCorrection`, a button that opens the correction form for it. */
export function assetPopup(p: AssetProperties, categoryTitle: string, suggestCorrection?: () => void): HTMLElement {
  const root = el('div', undefined, 'popup')
  root.append(el('strong', p.name), el('div', categoryTitle, 'muted'))
  if (p.address) root.append(el('div', p.address))
  if (p.precision === 'postcode') root.append(el('div', 'Located at its postcode centre.', 'muted'))
  root.append(el('div', `Source: ${p.source}${p.vintage ? ` (${p.vintage})` : ''}; ${p.licence}`, 'source-line'))
  if (suggestCorrection) {
    const b = el('button', 'Suggest a correction', 'link-button')
    b.type = 'button'
    b.addEventListener('click', suggestCorrection)
    root.append(b)
  }
  return root
}

/**
 * A place found by the search: what it is and where (ward, locality), and the information of the
 * area it lies in. An area found by name shows its own information.
 */
export function placePopup(r: SearchResult, area: AreaInfo | null, openLocality: (code: string) => void): HTMLElement {
  if (area && area.code === r.id) return areaPopup(area, r.locality, openLocality)
  const root = el('div', undefined, 'popup place-popup')
  root.append(el('strong', r.label), el('div', r.detail, 'muted'))
  if (!r.inBorough) root.append(el('div', 'Outside the borough: the atlas has no figures for it.'))
  if (area) {
    const inner = areaPopup(area, null, openLocality)
    inner.className = 'place-area'
    root.append(inner)
  }
  return root
}
