import { describe, expect, it } from 'vitest'
import { SideCache, thoughtKey } from './tool-call-cache.ts'

describe('SideCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new SideCache<number>({ maxEntries: 2 })
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1)
    cache.set('c', 3)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe(1)
    expect(cache.get('c')).toBe(3)
  })

  it('forgets entries after their time to live', () => {
    let now = 1000
    const cache = new SideCache<string>({ ttlMs: 50, now: () => now })
    cache.set('x', 'y')
    now = 1049
    expect(cache.get('x')).toBe('y')
    now = 1200
    expect(cache.get('x')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('hashes thought text into a stable key', () => {
    expect(thoughtKey('abc')).toBe(thoughtKey('abc'))
    expect(thoughtKey('abc')).not.toBe(thoughtKey('abd'))
  })
})
