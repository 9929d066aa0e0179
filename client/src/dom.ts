/** Small DOM helpers: elements with text (never innerHTML with data) and listener bookkeeping. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue
    if (k === 'class') e.className = String(v)
    else e.setAttribute(k, v === true ? '' : v)
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c)
  return e
}

/** Adds a listener and returns the function that removes it. */
export function listen<K extends keyof HTMLElementEventMap>(target: HTMLElement | Document | Window, type: K, fn: (e: HTMLElementEventMap[K]) => void): () => void {
  target.addEventListener(type, fn as EventListener)
  return () => target.removeEventListener(type, fn as EventListener)
}

/** Level and group names come from the catalogue (vocabulary.ts). */
export { GROUP_LABEL, LEVEL_LABEL } from './vocabulary'
