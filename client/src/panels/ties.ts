/**
 * Ties shown as ties: rows with the same value share the best rank among them, written "=3", and
 * say so to a screen reader ("joint 3rd"). `rows` are in rank order.
 */
export function tieRanks<T>(rows: T[], value: (r: T) => number | null, rank: (r: T) => number | null): Array<{ text: string; label: string | null }> {
  const firstRank = new Map<number, number>()
  const count = new Map<number, number>()
  for (const r of rows) {
    const v = value(r)
    const k = rank(r)
    if (v === null || k === null) continue
    count.set(v, (count.get(v) ?? 0) + 1)
    firstRank.set(v, Math.min(firstRank.get(v) ?? k, k))
  }
  return rows.map((r) => {
    const v = value(r)
    const k = rank(r)
    if (k === null) return { text: '–', label: null }
    if (v === null || (count.get(v) ?? 0) < 2) return { text: String(k), label: null }
    const n = firstRank.get(v)!
    return { text: `=${n}`, label: `joint ${n}${ordinal(n)}, tied with ${count.get(v)! - 1} other${count.get(v)! > 2 ? 's' : ''}` }
  })
}

const ordinal = (n: number) => (n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')

/** A rank as shown ("=3"), with the words a screen reader says instead ("joint 3rd, tied with 2 others"). */
export function rankNode(t: { text: string; label: string | null }): Node {
  if (!t.label) return document.createTextNode(t.text)
  const wrap = document.createElement('span')
  wrap.title = t.label
  const shown = document.createElement('span')
  shown.setAttribute('aria-hidden', 'true')
  shown.textContent = t.text
  const said = document.createElement('span')
  said.className = 'visually-hidden'
  said.textContent = t.label
  wrap.append(shown, said)
  return wrap
}
