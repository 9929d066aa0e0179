/** Small DOM helpers: elements with text (never innerHTML with data). */
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


/** Level and group names come from the catalogue (vocabulary.ts). */
export { GROUP_LABEL, LEVEL_LABEL } from './vocabulary'
