import { describe, expect, it } from 'vitest'
import { ByteLru, ENTRY_OVERHEAD_BYTES } from '../../server/domain/tiles/byteLru'

const bytes = (n: number) => new Uint8Array(n)
const cost = (key: string, n: number) => n + key.length * 2 + ENTRY_OVERHEAD_BYTES

describe('byte-bounded LRU of tiles', () => {
  it('evicts the least recently used tiles to stay within its byte budget', () => {
    const lru = new ByteLru(cost('a', 1000) * 3)
    lru.set('a', bytes(1000))
    lru.set('b', bytes(1000))
    lru.set('c', bytes(1000))
    expect(lru.get('a')).toBeDefined() // a is now the most recent
    lru.set('d', bytes(1000))
    expect(lru.get('b')).toBeUndefined()
    expect([lru.get('a'), lru.get('c'), lru.get('d')].every(Boolean)).toBe(true)
    expect(lru.bytes).toBe(cost('a', 1000) * 3)
    expect(lru.size).toBe(3)
  })

  it('counts empty tiles at their bookkeeping cost and replaces a key without double counting', () => {
    const lru = new ByteLru(10_000)
    lru.set('empty', bytes(0))
    expect(lru.bytes).toBe(cost('empty', 0))
    lru.set('empty', bytes(10))
    expect(lru.bytes).toBe(cost('empty', 10))
    expect(lru.size).toBe(1)
  })

  it('does not keep a tile larger than the whole budget, and empties on clear', () => {
    const lru = new ByteLru(500)
    lru.set('big', bytes(1000))
    expect(lru.size).toBe(0)
    lru.set('small', bytes(10))
    lru.clear()
    expect([lru.size, lru.bytes]).toEqual([0, 0])
  })
})
