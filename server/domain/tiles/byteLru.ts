/**
 * A least-recently-used cache bounded by the bytes it holds, not by its entry count: tiles range
 * from nothing (an empty tile) to tens of kilobytes, so a count says little about memory.
 */

/** Bookkeeping per entry (key, map slot, typed-array header), counted so empty tiles are not free. */
export const ENTRY_OVERHEAD_BYTES = 100

export class ByteLru {
  private readonly entries = new Map<string, Uint8Array>()
  private held = 0

  constructor(readonly maxBytes: number) {
    if (!(maxBytes >= 0)) throw new Error('ByteLru: maxBytes must be a non-negative number')
  }

  /** The value, marked most recently used. */
  get(key: string): Uint8Array | undefined {
    const v = this.entries.get(key)
    if (v === undefined) return undefined
    this.entries.delete(key)
    this.entries.set(key, v)
    return v
  }

  /** Whether the key is held, without marking it used. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Stores a value, evicting the least recently used entries to stay within maxBytes. */
  set(key: string, value: Uint8Array): void {
    const cost = ByteLru.cost(key, value)
    this.delete(key)
    if (cost > this.maxBytes) return
    this.entries.set(key, value)
    this.held += cost
    for (const [k, v] of this.entries) {
      if (this.held <= this.maxBytes) break
      this.entries.delete(k)
      this.held -= ByteLru.cost(k, v)
    }
  }

  delete(key: string): void {
    const v = this.entries.get(key)
    if (v === undefined) return
    this.entries.delete(key)
    this.held -= ByteLru.cost(key, v)
  }

  clear(): void {
    this.entries.clear()
    this.held = 0
  }

  /** The keys held, least recently used first. */
  keys(): IterableIterator<string> {
    return this.entries.keys()
  }

  get bytes(): number {
    return this.held
  }

  get size(): number {
    return this.entries.size
  }

  private static cost(key: string, value: Uint8Array): number {
    return value.byteLength + key.length * 2 + ENTRY_OVERHEAD_BYTES
  }
}
