/**
 * One lifecycle for the tool panels, in the shape of a MapLibre control: onAdd(container) builds
 * the panel into its tab, setActive(on) shows or hides its map layers while another tool is open,
 * onRemove() takes everything away again. What a panel adds (DOM and map listeners, its own map
 * sources and layers, a wait for the style to load, a subscription) is registered once with the
 * control's Disposer as it is added, so no panel keeps its own list of things to undo.
 */
import type * as maplibregl from 'maplibre-gl'
import { whenStyleLoaded } from '../map/styleReady'

/** What the tool tabs hold: mounted on first open, kept, removed with the app. */
export interface ToolControl {
  onAdd(container: HTMLElement): void
  onRemove(): void
  setActive(active: boolean): void
}

/** Everything to undo, undone once, newest first. */
export class Disposer {
  private fns: Array<() => void> = []
  private pending = new Map<string, () => void>()
  private disposed = false

  get isDisposed(): boolean {
    return this.disposed
  }

  /** Runs `fn` on dispose (at once if already disposed). */
  add(fn: () => void): void {
    if (this.disposed) fn()
    else this.fns.push(fn)
  }

  /** addEventListener, removed on dispose. */
  listen<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): void {
    target.addEventListener(type, fn as EventListener)
    this.add(() => target.removeEventListener(type, fn as EventListener))
  }

  /** map.on, map.off on dispose. */
  onMap<T extends keyof maplibregl.MapEventType>(map: maplibregl.Map, type: T, fn: (e: maplibregl.MapEventType[T]) => void): void {
    map.on(type, fn)
    this.add(() => map.off(type, fn))
  }

  /** The panel's own map layers and sources: removed on dispose (layers first, those that exist). */
  ownLayers(map: maplibregl.Map, layers: readonly string[], sources: readonly string[]): void {
    this.add(() => {
      for (const l of [...layers].reverse()) if (map.getLayer(l)) map.removeLayer(l)
      for (const s of sources) if (map.getSource(s)) map.removeSource(s)
    })
  }

  /**
   * Runs `fn` once the style has loaded; a later call with the same key replaces a wait not yet
   * run (only the newest drawing matters), and dispose cancels any still waiting.
   */
  whenStyleLoaded(map: maplibregl.Map, key: string, fn: () => void): void {
    if (this.disposed) return
    this.pending.get(key)?.()
    this.pending.set(key, whenStyleLoaded(map, () => {
      this.pending.delete(key)
      fn()
    }))
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const off of this.pending.values()) off()
    this.pending.clear()
    const fns = this.fns.reverse()
    this.fns = []
    for (const f of fns) f()
  }
}

/** What a panel's builder hands back: what to do when its tab opens or closes. */
export interface ControlHooks {
  setActive?(active: boolean): void
}

/**
 * A tool panel as a control: `build` runs in onAdd with the container and the control (its
 * disposer, whether it is active, whether it has been removed); onRemove disposes everything it
 * registered.
 */
export class Control implements ToolControl {
  readonly disposer = new Disposer()
  private hooks: ControlHooks = {}
  private isActive = true

  constructor(private readonly build: (container: HTMLElement, control: Control) => ControlHooks | void) {}

  /** the panel's tab is open */
  get active(): boolean {
    return this.isActive
  }

  /** onRemove has run: answers still arriving are dropped */
  get removed(): boolean {
    return this.disposer.isDisposed
  }

  onAdd(container: HTMLElement): void {
    this.hooks = this.build(container, this) ?? {}
  }

  setActive(active: boolean): void {
    this.isActive = active
    if (!this.removed) this.hooks.setActive?.(active)
  }

  onRemove(): void {
    this.disposer.dispose()
  }
}
