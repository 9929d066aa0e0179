/**
 * The controller: loads the catalogue, builds the panels and the map, and keeps the view state.
 * Panels emit intents on the bus; this turns them into a new state, writes it to the URL and
 * emits `state`. Server data goes through the one ApiClient.
 */
import 'maplibre-gl/dist/maplibre-gl.css'
import './style.css'
import type { StyleSpecification } from 'maplibre-gl'
import { ApiClient, urls, type Catalogue } from './api'
import { Bus } from './events'
import { LEVEL_LABEL, h } from './dom'
import { learnVocabulary } from './vocabulary'
import { composePng, domMarks, download } from './exportPng'
import { MapView } from './map/mapView'
import { AssetsPanel } from './panels/assets'
import { ExportPanel } from './panels/exports'
import { LayersPanel } from './panels/layers'
import { LegendPanel } from './panels/legend'
import { ProfilePanel } from './panels/profile'
import { StatusPanel } from './panels/status'
import { StoryPanel } from './panels/story'
import { TablePanel } from './panels/table'
import { TaPanel } from './panels/taPanel'
import { ToolTabs } from './panels/tools'
import { sitingControl, SITING_KEY } from './panels/siting'
import { needIndexControl, NEED_INDEX_KEY } from './panels/needIndex'
import { anchorControl, ANCHOR_KEY } from './panels/anchorPanel'
import { moderateControl } from './panels/moderatePanel'
import { adminControl } from './panels/admin'
import { auditControl } from './panels/auditPanel'
import { localityEditorControl } from './panels/localities'
import { assetRegisterControl } from './panels/assetRegister'
import { SignInPanel } from './panels/signIn'
import { BottomSheet } from './panels/sheet'
import { SearchBox } from './panels/search'
import { linkNotice } from './panels/linkNotice'
import { SuggestPanel } from './panels/suggest'
import { can, currentCsrf, currentToken, onUserChange } from './session'
import { layerFamilies, measureAtLevel } from './layerFamilies'
import { classificationFor, levelFor, parseState, serialiseState, type ViewState } from './state'
import { rankAreas } from './values'

declare global {
  interface Window {
    atlas?: { map: MapView['map']; view: MapView; state: () => ViewState; ready: boolean; lastExport?: HTMLCanvasElement }
  }
}

async function start(): Promise<void> {
  const api = new ApiClient('', undefined, currentToken, currentCsrf)
  const bus = new Bus()
  const status = new StatusPanel()
  const signIn = new SignInPanel(api)
  const root = document.getElementById('app')!
  root.replaceChildren()
  const sidebar = h('aside', { class: 'sidebar', id: 'controls', 'aria-label': 'Controls' })
  const mapBox = h('div', { id: 'map', class: 'map' })
  const mapWrap = h('section', { class: 'map-wrap', 'aria-label': 'Map' }, mapBox)
  const side2 = h('aside', { class: 'details', 'aria-label': 'Locality profile' })
  const search = new SearchBox(bus, api)
  const header = h('header', { class: 'top' },
    h('h1', {}, 'Locality Atlas', h('span', { class: 'sub' }, ' · Barking and Dagenham health and wellbeing')),
    search.el, status.el, signIn.el)
  const body = h('div', { class: 'body' }, sidebar, mapWrap, side2)
  // says what the map now shows, for screen readers (the status line says what is loading)
  const announcer = h('p', { id: 'announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' })
  root.append(header, body, announcer)
  const sheet = new BottomSheet(body, sidebar)
  sidebar.append(sheet.el)

  const catalogue = await status.run('the layer catalogue', () => api.catalogue())
  if (!catalogue) return
  learnVocabulary(catalogue)
  const style = await status.run('the basemap', () => api.request<StyleSpecification>(urls.basemapStyle(), 'the basemap style'))
  if (!style) return

  let state = parseState(location.search, catalogue)
  // a link with parts this atlas does not have says what it ignored
  const notice = linkNotice(location.search, state, catalogue)
  if (notice) header.after(notice)
  const story = new StoryPanel(bus)
  const layers = new LayersPanel(bus, catalogue)
  const legend = new LegendPanel(bus, catalogue, { siting: SITING_KEY, 'need-index': NEED_INDEX_KEY, anchors: ANCHOR_KEY })
  const assets = new AssetsPanel(bus, catalogue)
  const suggest = new SuggestPanel(bus, api, catalogue)
  const exportsPanel = new ExportPanel(bus)
  const profile = new ProfilePanel(bus, catalogue)
  const table = new TablePanel(bus, catalogue, api)
  const ta = new TaPanel(bus, catalogue, () => api.series())
  const viewToggle = h('button', { type: 'button', id: 'view-toggle', 'aria-pressed': 'false', 'aria-controls': 'table-view' }, 'Table view')
  viewToggle.addEventListener('click', () => bus.emit('choose-view', { view: state.view === 'table' ? 'map' : 'table' }))
  mapWrap.prepend(h('div', { class: 'map-tools' }, viewToggle))
  mapWrap.append(legend.el, table.el)
  side2.append(profile.el)

  const view = new MapView(mapBox, style, bus, api, catalogue, state.camera)
  window.atlas = { map: view.map, view, state: () => state, ready: false }
  // until the first choropleth is drawn, the map says it is loading (not a bare basemap)
  const mapLoading = h('p', { class: 'map-loading', id: 'map-loading' }, 'Loading the map…')
  mapWrap.append(mapLoading)
  view.map.once('idle', () => {
    mapLoading.remove()
    if (window.atlas) window.atlas.ready = true
  })

  // an accepted suggestion shows in its category's layer (switched on), reloaded from the service
  const showAccepted = (a: { category: string }) => {
    if (!state.assets.includes(a.category)) bus.emit('toggle-asset', { id: a.category, on: true })
    bus.emit('assets-changed', { categories: [a.category] })
  }
  // the tools: each reports its shareable state (tool-state), which the URL keeps
  const toolDeps = { map: view.map, fetchJson: api.fetchJson, catalogue }
  const tools = new ToolTabs(bus, [
    { id: 'explore', label: 'Explore', content: [story.el, layers.el, ta.el, assets.el, suggest.el, exportsPanel.el] },
    {
      id: 'siting', label: 'Family Hubs',
      control: () => sitingControl({ ...toolDeps, scenario: state.scenario, onScenario: (id) => bus.emit('tool-state', { scenario: id }) }),
    },
    {
      id: 'need-index', label: 'Need index',
      control: () => needIndexControl({
        ...toolDeps, spec: state.needIndex, onSpec: (spec) => bus.emit('tool-state', { needIndex: spec }), saveIndex: (b) => api.saveIndex(b),
      }),
    },
    {
      id: 'anchors', label: 'Anchors',
      control: () => anchorControl({
        ...toolDeps, anchor: state.anchor, onAnchor: (a) => bus.emit('tool-state', { anchor: a }),
        makeSearch: (o) => new SearchBox(bus, api, o), showIndicator: (id) => bus.emit('choose-indicator', { id }),
      }),
    },
    {
      id: 'moderate', label: 'Moderate', hidden: true,
      control: () => moderateControl({
        map: view.map, api, catalogue,
        onAccepted: showAccepted,
      }),
    },
    {
      id: 'asset-register', label: 'Assets', hidden: true,
      control: () => assetRegisterControl({
        map: view.map, api, catalogue, onAccepted: showAccepted, changed: (categories) => bus.emit('assets-changed', { categories }),
      }),
    },
    { id: 'localities', label: 'Localities', hidden: true, control: () => localityEditorControl({ map: view.map, api, bus, level: () => state.level }) },
    { id: 'audit', label: 'Audit', hidden: true, control: () => auditControl({ api, bus }) },
    { id: 'admin', label: 'Admin', hidden: true, control: () => adminControl({ api, roles: catalogue.vocabulary.roles }) },
  ])
  sidebar.append(tools.el)
  // role-only tools: shown to the roles that can use them (the server checks every call anyway)
  const applyRole = () => {
    tools.setHidden('moderate', !can('editor'))
    tools.setHidden('asset-register', !can('editor'))
    tools.setHidden('localities', !can('editor'))
    tools.setHidden('audit', !can('admin'))
    tools.setHidden('admin', !can('admin'))
  }
  void signIn.ready.then(() => {
    applyRole()
    onUserChange(applyRole)
  })
  const families = layerFamilies(catalogue.indicators)

  let first = true
  const setState = (next: ViewState) => {
    const previous = first ? null : state
    first = false
    state = next
    history.replaceState(null, '', serialiseState(state, catalogue) || location.pathname)
    bus.emit('state', { state, previous })
  }
  const ind = (id: string) => catalogue.indicators.find((i) => i.id === id)!

  /**
   * The classification carried over to another layer, unless its breaks collapse there (quantiles
   * of a share that is 0 for most areas give one break at 0, which would draw every area in the
   * top class): then the layer's own default.
   */
  const carryClassification = (i: Catalogue['indicators'][number], level: ViewState['level']) => {
    const m = classificationFor(i, state.classification)
    const b = i.breaks[level]?.[m]
    return b && i.classification.classes > 2 && new Set(b).size < 2 ? i.classification.default : m
  }
  bus.on('choose-indicator', ({ id }) => {
    const i = ind(id)
    const level = levelFor(i, state.level)
    setState({ ...state, indicator: id, level, classification: carryClassification(i, level) })
  })
  // a new geography keeps the layer family, moving to a measure that has values there
  bus.on('choose-level', ({ level }) => {
    const i = ind(measureAtLevel(families, state.indicator, level))
    setState({ ...state, level, indicator: i.id, classification: carryClassification(i, level) })
  })
  bus.on('choose-tool', ({ tool }) => setState({ ...state, tool }))
  // a place from the search opens its area's level and its locality (the map flies to the place)
  bus.on('go-to-place', ({ result: r }) => {
    if (!r.inBorough) return
    let next: ViewState = { ...state, view: 'map', locality: r.kind === 'locality' ? r.id : r.locality?.code ?? state.locality }
    const level = r.area && r.area.level !== 'locality' ? r.area.level : state.level
    if (level !== state.level) {
      const i = ind(measureAtLevel(families, state.indicator, level))
      next = { ...next, level, indicator: i.id, classification: carryClassification(i, level) }
    }
    setState(next)
  })
  // a correction is written in the Explore tab's suggestion form
  bus.on('suggest-correction', () => { if (state.tool !== 'explore') setState({ ...state, tool: 'explore' }) })
  bus.on('tool-state', (change) => setState({ ...state, ...change }))
  bus.on('choose-classification', ({ method }) => setState({ ...state, classification: method }))
  bus.on('choose-locality', ({ code }) => setState({ ...state, locality: code }))
  bus.on('toggle-asset', ({ id, on }) => setState({ ...state, assets: on ? [...new Set([...state.assets, id])] : state.assets.filter((a) => a !== id) }))
  bus.on('choose-view', ({ view: v }) => setState({ ...state, view: v }))
  bus.on('camera-change', ({ camera }) => {
    state = { ...state, camera }
    history.replaceState(null, '', serialiseState(state, catalogue))
  })
  bus.on('focus-area', ({ origin, level }) => {
    // an area picked from a list is shown at its own level
    if (origin === 'list' && level && state.level !== level) setState({ ...state, level })
  })
  bus.on('export-png', async () => {
    const i = ind(state.indicator)
    const loc = catalogue.localities.find((l) => l.code === state.locality)
    // the source of every layer shown: each asset category's (from its records) and each overlay's
    const assetSources = state.assets.length
      ? await api.assets(state.assets).then((fc) => [...new Map(fc.features.map((f) => [f.properties.category, f])).values()].map((f) => {
        const title = catalogue.assetCategories.find((c) => c.id === f.properties.category)?.title ?? f.properties.category
        return `${title}: ${f.properties.source ?? 'council list'}${f.properties.vintage ? ` (${f.properties.vintage})` : ''}${f.properties.licence ? `, ${f.properties.licence}` : ''}`
      })).catch(() => [])
      : []
    const model = legend.model!
    const marks = await domMarks(mapBox, view.map.getCanvas())
    const canvas = composePng(view.map.getCanvas(), model, `${i.title}${loc ? ` · ${loc.name}` : ''} · Barking and Dagenham`,
      '© OpenStreetMap contributors (ODbL). Contains OS data © Crown copyright and database right. Boundaries: ONS (OGL).',
      [...assetSources, ...model.keys.flatMap((k) => (k.source ? [k.source] : []))], marks)
    if (window.atlas) window.atlas.lastExport = canvas
    download(canvas, `locality-atlas-${state.indicator}-${state.level}.png`)
  })

  // what each state change needs from the server
  bus.on('state', ({ state: s, previous }) => {
    viewToggle.setAttribute('aria-pressed', String(s.view === 'table'))
    viewToggle.textContent = s.view === 'table' ? 'Map view' : 'Table view'
    mapBox.hidden = s.view === 'table'
    sheet.giveWay(s.view === 'table')
    if (s.view === 'table' && previous?.view !== 'table') requestAnimationFrame(() => table.el.focus())
    if (!previous || previous.indicator !== s.indicator || previous.level !== s.level) {
      const i = ind(s.indicator)
      if (previous) announcer.textContent = `The map shows ${i.title} by ${LEVEL_LABEL[s.level]}.`
      void status.run(`${i.title} values`, async () => {
        const fc = await api.areas(s.level, { indicators: [s.indicator], geometry: false })
        bus.emit('values', rankAreas(fc, i, s.level))
      })
    }
    if (!previous || previous.locality !== s.locality || (s.locality && previous.indicator !== s.indicator)) {
      if (!s.locality) profile.clear()
      else {
        const code = s.locality
        const rankBy = ind(s.indicator).available.includes('lsoa21') ? s.indicator : catalogue.defaultIndicator
        void status.run('the locality profile', async () => {
          const p = await api.profile(code, rankBy)
          if (state.locality !== code) return
          profile.render(p)
          if (previous?.locality !== s.locality) profile.el.focus()
        })
      }
    }
  })

  const loadOverview = () => status.run('the locality overview', async () => story.render(await api.overview(catalogue.defaultIndicator), await api.published().catch(() => null)))
  // a saved or undone locality definition: the story, the localities' names and the values shown
  bus.on('localities-changed', () => {
    void loadOverview()
    void api.catalogue().then((c) => {
      catalogue.localities.splice(0, catalogue.localities.length, ...c.localities)
      if (state.locality && !c.localities.some((l) => l.code === state.locality)) bus.emit('choose-locality', { code: null })
    })
    if (state.level !== 'locality') return
    const i = ind(state.indicator)
    void status.run(`${i.title} values`, async () => bus.emit('values', rankAreas(await api.areas('locality', { indicators: [i.id], geometry: false }), i, 'locality')))
  })
  void loadOverview()
  setState(state)
}

void start()
