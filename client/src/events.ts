/**
 * The one channel between panels, the map and the controller. Panels emit intents (the user
 * chose something); the controller turns them into a new ViewState and emits `state`; the map
 * emits what happened on it (hover, click, move). Nobody calls another panel directly.
 */
import type { ViewState } from './state'
import type { AreaValues } from './values'
import type { SearchResult } from './api'

export interface AppEvents {
  /** intents */
  'choose-indicator': { id: string }
  'choose-level': { level: ViewState['level'] }
  'choose-classification': { method: ViewState['classification'] }
  'choose-locality': { code: string | null }
  'toggle-asset': { id: string; on: boolean }
  'choose-view': { view: ViewState['view'] }
  'choose-tool': { tool: ViewState['tool'] }
  /** a tool's shareable state changed (a scenario opened or saved, an index computed, an anchor shown) */
  'tool-state': Partial<Pick<ViewState, 'scenario' | 'needIndex' | 'anchor'>>
  /** an area singled out (row click in a list or click on the map) */
  'focus-area': { code: string; origin: 'list' | 'map'; zoom?: boolean; level?: ViewState['level'] }
  /** a place chosen in the search: the controller opens its area and locality, the map flies there */
  'go-to-place': { result: SearchResult }
  /** state and map facts */
  state: { state: ViewState; previous: ViewState | null }
  'camera-change': { camera: NonNullable<ViewState['camera']>; bbox: [number, number, number, number] }
  'map-ready': Record<string, never>
  /** the current layer's values, ranked (after each layer or level change) */
  values: AreaValues
  'export-png': Record<string, never>
  /** co-production: the next map click picks a place (active) or picking stops */
  'pick-point': { active: boolean }
  /** the map was clicked while picking: the place chosen (the map shows a marker there) */
  'point-picked': { lon: number; lat: number }
  /** the picked place is no longer wanted: the map removes its marker */
  'clear-picked': Record<string, never>
  /** "Suggest a correction" from an asset popup */
  'suggest-correction': { asset: { id: number; name: string; category: string } }
  /** assets changed on the server (a suggestion accepted): the map reloads these categories */
  'assets-changed': { categories: string[] }
  /** the locality definition changed on the server (saved or undone): outlines, figures and names reload */
  'localities-changed': Record<string, never>
}

type Handler<K extends keyof AppEvents> = (detail: AppEvents[K]) => void

export class Bus {
  private handlers = new Map<keyof AppEvents, Set<Handler<never>>>()

  on<K extends keyof AppEvents>(type: K, fn: Handler<K>): () => void {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set())
    this.handlers.get(type)!.add(fn as Handler<never>)
    return () => this.handlers.get(type)?.delete(fn as Handler<never>)
  }

  emit<K extends keyof AppEvents>(type: K, detail: AppEvents[K]): void {
    for (const fn of [...(this.handlers.get(type) ?? [])]) (fn as Handler<K>)(detail)
  }
}

/** A panel: owns its root element and its listeners; `destroy` undoes every listener it added. */
export interface Panel {
  readonly el: HTMLElement
  destroy(): void
}
