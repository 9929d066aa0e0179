/**
 * "Measure from" in the anchor view: an anchor institution from the register, any other place
 * found by the search (an asset by name, a postcode, a ward or a place: its point), or a point on
 * the map, clicked, or the map's centre for those working by keyboard.
 */
import type * as maplibregl from 'maplibre-gl'
import type { AnchorRow } from '../../../server/http/contract/targeting'
import type { SearchResult } from '../api'
import { h } from '../dom'
import type { SearchBox, SearchBoxOptions } from './search'

export type Origin =
  | { kind: 'anchor'; id: number; name: string }
  | { kind: 'asset'; id: number; name: string }
  | { kind: 'postcode'; postcode: string; name: string }
  | { kind: 'point'; lon: number; lat: number; name: string }

export class OriginChooser {
  readonly el: HTMLFieldSetElement
  private readonly select: HTMLSelectElement
  private readonly radios: Record<'anchor' | 'place' | 'point', HTMLInputElement>
  private readonly search: SearchBox | null
  private readonly pick: HTMLButtonElement
  private readonly centre: HTMLButtonElement
  private readonly pointText: HTMLParagraphElement
  private place: Origin | null = null
  private point: Origin | null = null
  private picking = false
  private readonly onClick = (e: maplibregl.MapMouseEvent) => {
    if (!this.picking) return
    this.setPoint(e.lngLat.lng, e.lngLat.lat, 'Point clicked on the map')
    this.setPicking(false)
  }

  constructor(private readonly map: maplibregl.Map, id: (s: string) => string, makeSearch?: (o: SearchBoxOptions) => SearchBox) {
    const radio = (v: 'anchor' | 'place' | 'point', label: string, checked = false) => {
      const i = h('input', { type: 'radio', name: id('from'), id: id(`from-${v}`), value: v, checked })
      return { i, label: h('label', { for: i.id }, label) }
    }
    const a = radio('anchor', 'An anchor institution', true)
    const p = radio('place', 'Another place: any asset, a postcode, a ward or a place name')
    const m = radio('point', 'A point on the map')
    this.radios = { anchor: a.i, place: p.i, point: m.i }
    this.select = h('select', { id: id('anchor'), 'aria-label': 'Anchor institution' }, h('option', { value: '' }, 'Loading anchors…'))
    this.search = makeSearch?.({ id: id('place'), label: 'Place to measure from', placeholder: 'Asset name, postcode, ward or place', onChoose: (r) => this.choosePlace(r) }) ?? null
    this.pick = h('button', { type: 'button', 'aria-pressed': 'false', id: id('pick') }, 'Click the map to choose a point')
    this.centre = h('button', { type: 'button', id: id('centre') }, 'Use the centre of the map')
    this.pointText = h('p', { class: 'muted', 'aria-live': 'polite' })
    this.el = h('fieldset', { class: 'anchor-origin' }, h('legend', {}, 'Measure from'),
      h('div', {}, a.i, a.label), h('div', { class: 'indent' }, this.select),
      h('div', {}, p.i, p.label), h('div', { class: 'indent' }, this.search?.el ?? h('span', {}, '')),
      h('div', {}, m.i, m.label), h('div', { class: 'indent' }, this.pick, ' ', this.centre, this.pointText))
    // using a control chooses its way of measuring
    this.select.addEventListener('change', () => { a.i.checked = true })
    // typing a place chooses this way (tabbing through the field does not)
    this.search?.input.addEventListener('input', () => { p.i.checked = true })
    this.pick.addEventListener('click', () => { m.i.checked = true; this.setPicking(!this.picking) })
    this.centre.addEventListener('click', () => {
      m.i.checked = true
      const c = map.getCenter()
      this.setPoint(c.lng, c.lat, 'The centre of the map')
    })
    this.el.addEventListener('keydown', (e) => { if (e.key === 'Escape' && this.picking) this.setPicking(false) })
    map.on('click', this.onClick)
  }

  setAnchors(anchors: AnchorRow[]): void {
    const was = this.select.value
    this.select.replaceChildren(h('option', { value: '' }, 'Choose an anchor'),
      ...anchors.map((a) => h('option', { value: String(a.id) }, `${a.name}${a.organisation ? ` (${a.organisation})` : ''}${a.context ? ', outside the borough' : ''}`)))
    // a choice no longer listed (the context's anchors, once not asked for) is cleared, not kept
    this.select.value = anchors.some((a) => String(a.id) === was) ? was : ''
  }

  chooseAnchor(id: number): void {
    this.radios.anchor.checked = true
    this.select.value = String(id)
  }

  /** the control a problem with the origin is shown beside */
  field(): HTMLElement {
    return this.radios.place.checked && this.search ? this.search.input : this.radios.point.checked ? this.pick : this.select
  }

  value(): Origin | null {
    if (this.radios.anchor.checked) {
      const id = Number(this.select.value)
      return id ? { kind: 'anchor', id, name: this.select.selectedOptions[0]?.textContent ?? '' } : null
    }
    return this.radios.place.checked ? this.place : this.point
  }

  private choosePlace(r: SearchResult): void {
    this.radios.place.checked = true
    this.place = r.kind === 'asset' ? { kind: 'asset', id: Number(r.id), name: r.label }
      : r.kind === 'postcode' ? { kind: 'postcode', postcode: r.id, name: r.label }
        : { kind: 'point', lon: r.point[0], lat: r.point[1], name: r.label }
  }

  private setPoint(lon: number, lat: number, what: string): void {
    this.point = { kind: 'point', lon, lat, name: what }
    this.pointText.textContent = `${what}: ${lat.toFixed(5)}, ${lon.toFixed(5)}.`
  }

  private setPicking(on: boolean): void {
    this.picking = on
    this.pick.setAttribute('aria-pressed', String(on))
    this.pick.textContent = on ? 'Stop choosing a point (Esc)' : 'Click the map to choose a point'
    this.map.getCanvas().style.cursor = on ? 'crosshair' : ''
  }

  stopPicking(): void {
    this.setPicking(false)
  }

  destroy(): void {
    this.setPicking(false)
    this.map.off('click', this.onClick)
    this.search?.destroy()
  }
}
